package dev.imlab.server.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.AckRecord;
import dev.imlab.confirm.ReadSeqWriter;
import dev.imlab.server.support.TestServer;
import dev.imlab.storage.Storage;
import dev.imlab.storage.read.ReadStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;

/**
 * The seam lab10 plugs into: the confirm role stores {@code read}s with the {@link ReadSeqWriter}
 * bean when there is one, and sends receipts for exactly what it returns. The substitute here
 * records every read it is given; a read on the wire must reach it, and {@code sync} and the
 * peer's {@code read_receipt} must show what it wrote.
 */
class ReadSeqWriterBeanTest {
    private static final List<AckRecord> GIVEN = Collections.synchronizedList(new ArrayList<>());
    private static TestServer server;

    /** Not a {@code @Configuration}: the server scans {@code dev.imlab.server}, and these beans are for this test's server only. */
    static class SubstituteBeans {
        @Bean
        ReadSeqWriter readSeqWriter(Storage storage) {
            return new RecordingWriter(storage.reads());
        }
    }

    /** Writes each poll's highest read per user and conversation ({@code $max}), and records every read. */
    static final class RecordingWriter implements ReadSeqWriter {
        private final ReadStore store;

        RecordingWriter(ReadStore store) {
            this.store = store;
        }

        @Override
        public Collection<AckRecord> write(List<AckRecord> reads) {
            GIVEN.addAll(reads);
            Map<String, AckRecord> latest = new HashMap<>();
            reads.forEach(r -> latest.merge(ReadStore.id(r.userId(), r.conversationId()), r,
                    (a, b) -> a.seq() >= b.seq() ? a : b));
            Map<String, Long> seqs = new HashMap<>();
            latest.forEach((id, r) -> seqs.put(id, r.seq()));
            if (!seqs.isEmpty()) {
                store.advance(seqs);
            }
            return latest.values();
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startWith(SubstituteBeans.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void readsOnTheWire_goThroughTheReadSeqWriterBean_andSyncAndTheReceiptShowWhatItWrote() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        String conversation = Groups.single(alice, bob);
        try (WireClient alicePhone = WireClient.connect(server, alice, "phone");
             WireClient bobPhone = WireClient.connect(server, bob, "phone")) {
            for (int i = 1; i <= 3; i++) {
                alicePhone.sendAndAck("m" + i, bob, "message " + i);
            }

            bobPhone.read(conversation, 2);
            bobPhone.read(conversation, 3);

            JsonNode line = bobPhone.awaitSyncLine(conversation, l -> l.path("readSeq").asLong() == 3, "readSeq 3");
            assertThat(line.path("unread").asLong()).isZero();
            JsonNode receipt = alicePhone.take("read_receipt", r -> r.path("seq").asLong() == 3);
            assertThat(receipt.path("userId").asString()).isEqualTo(bob);
            assertThat(receipt.path("conversationId").asString()).isEqualTo(conversation);
            assertThat(List.copyOf(GIVEN)).as("reads the substitute was given")
                    .contains(AckRecord.read(bob, "phone", conversation, 3));
        }
    }
}
