package dev.imlab.labs.lab03;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab03")
class IdempotentReceiverTest {
    private final IdempotentReceiver receiver = new IdempotentReceiver();

    @Test
    void receive_storesNewMessages_andNumbersThem() {
        assertThat(receiver.receive(new Send("alice", "m1", "one"))).isEqualTo(new SendAck("m1", 1));
        assertThat(receiver.receive(new Send("alice", "m2", "two"))).isEqualTo(new SendAck("m2", 2));

        assertThat(receiver.stored()).extracting(Send::body).containsExactly("one", "two");
    }

    @Test
    void aRepeat_getsTheFirstAck_andStoresNothing() {
        receiver.receive(new Send("alice", "m1", "one"));
        receiver.receive(new Send("alice", "m2", "two"));

        assertThat(receiver.receive(new Send("alice", "m1", "one"))).isEqualTo(new SendAck("m1", 1));
        assertThat(receiver.stored()).hasSize(2);
    }

    @Test
    void theFirstSendStands_evenWhenARepeatCarriesAnotherBody() {
        receiver.receive(new Send("alice", "m1", "first"));

        assertThat(receiver.receive(new Send("alice", "m1", "second"))).isEqualTo(new SendAck("m1", 1));
        assertThat(receiver.stored()).extracting(Send::body).containsExactly("first");
    }

    @Test
    void theSameClientMsgId_fromTwoSenders_isTwoMessages() {
        receiver.receive(new Send("alice", "1", "from alice"));

        assertThat(receiver.receive(new Send("bob", "1", "from bob"))).isEqualTo(new SendAck("1", 2));
        assertThat(receiver.stored()).hasSize(2);
    }
}
