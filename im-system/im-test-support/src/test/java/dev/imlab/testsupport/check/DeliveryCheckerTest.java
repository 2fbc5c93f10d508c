package dev.imlab.testsupport.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeliveryCheckerTest {
    private static final String CHAT = "s_alice_bob";
    private static final String OTHER_CHAT = "s_alice_carol";
    private static final String BOB = "bob/phone";
    private static final String CAROL = "carol/phone";
    private static final String ALICE = "alice/phone";

    /** Alice sends to Bob; the checker sees pushes as they come off the wire. */
    private static DeliveryChecker onTheWire() {
        DeliveryChecker checker = DeliveryChecker.forRawPushes();
        checker.member(BOB, CHAT);
        return checker;
    }

    /** Alice sends to Bob; the checker sees what Bob's SDK hands his app. */
    private static DeliveryChecker behindTheSdk() {
        DeliveryChecker checker = DeliveryChecker.afterSdkDedupe();
        checker.member(BOB, CHAT);
        return checker;
    }

    /** Acks seqs 1..n of {@link #CHAT} with clientMsgIds m1..mn. */
    private static void ackUpTo(DeliveryChecker checker, int n) {
        for (int seq = 1; seq <= n; seq++) {
            checker.acked(CHAT, seq, id(seq));
        }
    }

    private static String id(long seq) {
        return "m" + seq;
    }

    @Test
    void counts_nothingWrong_whenEveryAckedSeqReachesEveryMemberInOrder() {
        DeliveryChecker checker = onTheWire();
        ackUpTo(checker, 3);
        for (int seq = 1; seq <= 3; seq++) {
            checker.delivered(BOB, CHAT, seq, id(seq));
        }

        assertThat(checker.counts()).isEqualTo(new DeliveryCounts(3, 3, 0, 0, 0, 0, 0, 0));
        assertThat(checker.counts().clean()).isTrue();
        assertThat(checker.allDelivered()).isTrue();
    }

    @Test
    void counts_lost_whenAnAckedSeqNeverReachesAMemberDevice() {
        DeliveryChecker checker = onTheWire();
        ackUpTo(checker, 3);
        checker.delivered(BOB, CHAT, 1, id(1));
        checker.delivered(BOB, CHAT, 3, id(3));

        assertThat(checker.counts().lost()).isEqualTo(1);
        assertThat(checker.counts().clean()).isFalse();
        assertThat(checker.allDelivered()).isFalse();
    }

    @Test
    void counts_lost_perMemberDevice_whenSeveralMissTheSameSeq() {
        DeliveryChecker checker = onTheWire();
        checker.member(CAROL, CHAT);
        ackUpTo(checker, 2);

        assertThat(checker.counts().lost()).isEqualTo(4);
    }

    @Test
    void counts_noLoss_forTheSendersOwnDevice_whichIsNotAMember() {
        DeliveryChecker checker = onTheWire();
        ackUpTo(checker, 2);
        checker.delivered(BOB, CHAT, 1, id(1));
        checker.delivered(BOB, CHAT, 2, id(2));
        checker.delivered(ALICE, CHAT, 2, id(2)); // a device not registered as a member

        assertThat(checker.counts().lost()).isZero();
        assertThat(checker.allDelivered()).isTrue();
    }

    @Test
    void allDelivered_turnsTrue_onceTheLastMissingSeqArrives() {
        DeliveryChecker checker = onTheWire();
        ackUpTo(checker, 2);
        checker.delivered(BOB, CHAT, 2, id(2));
        assertThat(checker.allDelivered()).isFalse();

        checker.delivered(BOB, CHAT, 1, id(1));

        assertThat(checker.allDelivered()).isTrue();
    }

    @Test
    void counts_duplicated_whenOneClientMsgIdIsAckedUnderTwoSeqs() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, "m1");
        checker.acked(CHAT, 2, "m1"); // a re-send that dedupe missed: stored twice

        assertThat(checker.counts().duplicated()).isEqualTo(1);
        assertThat(checker.counts().clean()).isFalse();
    }

    @Test
    void counts_duplicated_whenAPushCarriesAClientMsgIdAckedUnderAnotherSeq() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, "m1");
        checker.delivered(BOB, CHAT, 1, "m1");
        checker.delivered(BOB, CHAT, 2, "m1");

        assertThat(checker.counts().duplicated()).isEqualTo(1);
    }

    @Test
    void counts_duplicated_whenOneClientMsgIdIsAckedInTwoConversations() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, "m1");
        checker.acked(OTHER_CHAT, 1, "m1");

        assertThat(checker.counts().duplicated()).isEqualTo(1);
    }

    @Test
    void counts_duplicatedOncePerExtraCopy_howeverManyDevicesSeeIt() {
        DeliveryChecker checker = onTheWire();
        checker.member(CAROL, CHAT);
        checker.acked(CHAT, 1, "m1");
        checker.acked(CHAT, 2, "m1");
        for (String device : List.of(BOB, CAROL)) {
            checker.delivered(device, CHAT, 1, "m1");
            checker.delivered(device, CHAT, 2, "m1");
        }

        assertThat(checker.counts().duplicated()).isEqualTo(1);
    }

    @Test
    void counts_duplicated_whenTheAppIsHandedASeqTwice_behindTheSdk() {
        DeliveryChecker checker = behindTheSdk();
        ackUpTo(checker, 1);
        checker.delivered(BOB, CHAT, 1, id(1));

        boolean first = checker.delivered(BOB, CHAT, 1, id(1));

        assertThat(first).isFalse();
        assertThat(checker.counts().duplicated()).isEqualTo(1);
        assertThat(checker.counts().redelivered()).isZero();
        assertThat(checker.counts().clean()).isFalse();
    }

    @Test
    void counts_redelivered_notDuplicated_whenAPushIsResentOnTheWire() {
        DeliveryChecker checker = onTheWire();
        ackUpTo(checker, 1);
        checker.delivered(BOB, CHAT, 1, id(1));

        boolean first = checker.delivered(BOB, CHAT, 1, id(1));

        assertThat(first).isFalse();
        assertThat(checker.counts().redelivered()).isEqualTo(1);
        assertThat(checker.counts().duplicated()).isZero();
        assertThat(checker.counts().delivered()).isEqualTo(1);
        assertThat(checker.counts().clean()).isTrue();
    }

    @Test
    void delivered_isTrue_forTheFirstDeliveryOfASeqToEachDevice() {
        DeliveryChecker checker = onTheWire();
        checker.member(CAROL, CHAT);

        assertThat(checker.delivered(BOB, CHAT, 1, id(1))).isTrue();
        assertThat(checker.delivered(CAROL, CHAT, 1, id(1))).isTrue();
        assertThat(checker.delivered(BOB, CHAT, 1, id(1))).isFalse();
        assertThat(checker.counts().delivered()).isEqualTo(2);
    }

    @Test
    void counts_gap_whenASeqBelowTheHighestWasNeitherAckedNorDelivered() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, id(1));
        checker.acked(CHAT, 4, id(4));
        checker.delivered(BOB, CHAT, 1, id(1));
        checker.delivered(BOB, CHAT, 4, id(4));

        assertThat(checker.counts().gaps()).isEqualTo(2);
        assertThat(checker.counts().lost()).isZero();
        assertThat(checker.counts().clean()).isFalse();
    }

    @Test
    void counts_noGap_forASeqThatOnlyAPushShowed() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, id(1));
        checker.acked(CHAT, 3, id(3));
        checker.delivered(BOB, CHAT, 2, id(2)); // its sender's ack is still on its way

        assertThat(checker.counts().gaps()).isZero();
    }

    @Test
    void counts_outOfOrder_whenADeviceGetsALowerSeqAfterAHigherOne() {
        DeliveryChecker checker = onTheWire();
        ackUpTo(checker, 3);
        checker.delivered(BOB, CHAT, 1, id(1));
        checker.delivered(BOB, CHAT, 3, id(3));
        checker.delivered(BOB, CHAT, 2, id(2));

        assertThat(checker.counts().outOfOrder()).isEqualTo(1);
        assertThat(checker.counts().lost()).isZero();
        assertThat(checker.counts().clean()).isFalse();
    }

    @Test
    void counts_noOutOfOrder_forAResentPushOfALowerSeq() {
        DeliveryChecker checker = onTheWire();
        ackUpTo(checker, 2);
        checker.delivered(BOB, CHAT, 1, id(1));
        checker.delivered(BOB, CHAT, 2, id(2));
        checker.delivered(BOB, CHAT, 1, id(1)); // the gateway re-sends a push Bob had not acked yet

        assertThat(checker.counts().outOfOrder()).isZero();
    }

    @Test
    void counts_mismatched_whenAPushCarriesAnotherClientMsgIdThanTheAck() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, "m1");
        checker.delivered(BOB, CHAT, 1, "other");

        assertThat(checker.counts().mismatched()).isEqualTo(1);
        assertThat(checker.counts().clean()).isFalse();
    }

    @Test
    void counts_mismatched_onlyForTheWrongPush_whenItArrivesBeforeTheAck() {
        DeliveryChecker checker = onTheWire();
        checker.member(CAROL, CHAT);
        checker.delivered(BOB, CHAT, 1, "other");
        checker.delivered(CAROL, CHAT, 1, "m1");
        checker.acked(CHAT, 1, "m1");

        assertThat(checker.counts().mismatched()).isEqualTo(1);
    }

    @Test
    void counts_mismatched_whenTwoAcksGiveOneSeqDifferentClientMsgIds() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, "m1");
        checker.acked(CHAT, 1, "m2");

        assertThat(checker.counts().mismatched()).isEqualTo(1);
    }

    @Test
    void counts_mismatched_whenPushesOfASeqNobodyAckedDisagree() {
        DeliveryChecker checker = onTheWire();
        checker.member(CAROL, CHAT);
        checker.delivered(BOB, CHAT, 1, "m1");
        checker.delivered(CAROL, CHAT, 1, "m2");

        assertThat(checker.counts().mismatched()).isEqualTo(1);
    }

    @Test
    void counts_theAckOnce_whenItsSendAckArrivesTwice() {
        DeliveryChecker checker = onTheWire();
        checker.acked(CHAT, 1, "m1");
        checker.acked(CHAT, 1, "m1"); // a re-send answered with the original send_ack
        checker.delivered(BOB, CHAT, 1, "m1");

        assertThat(checker.counts()).isEqualTo(new DeliveryCounts(1, 1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void counts_everyDelivery_whenDevicesRecordFromTheirOwnThreads() throws Exception {
        DeliveryChecker checker = onTheWire();
        List<String> devices = List.of(BOB, CAROL, "dave/phone", "erin/phone");
        devices.forEach(d -> checker.member(d, CHAT));
        ackUpTo(checker, 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(devices.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String device : devices) {
                done.add(pool.submit(() -> {
                    for (int seq = 1; seq <= 1_000; seq++) {
                        checker.delivered(device, CHAT, seq, id(seq));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(checker.counts()).isEqualTo(new DeliveryCounts(1_000, 4_000, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void rejects_aSeqBelowOne_sayingWhichSeq() {
        DeliveryChecker checker = onTheWire();

        assertThatThrownBy(() -> checker.acked(CHAT, 0, "m0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq is 0");
    }

    @Test
    void asMap_namesEveryCount_forTheReports() {
        DeliveryCounts counts = new DeliveryCounts(1, 2, 3, 4, 5, 6, 7, 8);

        assertThat(counts.asMap()).containsExactly(entry("acked", 1L), entry("delivered", 2L), entry("lost", 3L),
                entry("duplicated", 4L), entry("gaps", 5L), entry("outOfOrder", 6L), entry("mismatched", 7L),
                entry("redelivered", 8L));
    }

    @Test
    void seqsBelowTheMinSeqADeviceWasToldOfAreExpiredNotLost() {
        DeliveryChecker checker = behindTheSdk();
        ackUpTo(checker, 5);
        checker.delivered(BOB, CHAT, 4, id(4));

        assertThat(checker.counts().lost()).isEqualTo(4); // 1, 2, 3, 5

        checker.expired(BOB, CHAT, 4);

        assertThat(checker.counts().lost()).as("5 is above minSeq: still lost").isEqualTo(1);
        assertThat(checker.expiredUndelivered()).isEqualTo(3);
        checker.expired(BOB, CHAT, 2); // minSeq never moves back
        assertThat(checker.expiredUndelivered()).isEqualTo(3);
        checker.delivered(BOB, CHAT, 5, id(5));
        assertThat(checker.allDelivered()).isTrue();
    }
}
