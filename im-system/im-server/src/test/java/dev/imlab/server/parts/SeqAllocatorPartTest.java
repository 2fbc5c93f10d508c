package dev.imlab.server.parts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import dev.imlab.transfer.seq.SeqAllocator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/**
 * A {@link SeqAllocator} bean numbers the transfer's messages (lab02's seam): the substitute
 * numbers each conversation from 1001, in memory, so that its seqs cannot be the server's own.
 */
class SeqAllocatorPartTest {
    @AutoClose
    private static TestServer server;

    /** Not a {@code @Configuration}: the server scans {@code dev.imlab.server}, and these beans are for this test's server only. */
    static class SubstituteBeans {
        @Bean
        SeqAllocator fromAThousand() {
            return new SeqAllocator() {
                private final Map<String, Long> last = new ConcurrentHashMap<>();

                @Override
                public long next(String conversationId) {
                    return last.merge(conversationId, 1001L, (previous, first) -> previous + 1);
                }

                @Override
                public void reset() {
                    // nothing cached that storage could correct: this allocator keeps its numbers
                }
            };
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startWith(SubstituteBeans.class);
    }

    @Test
    void sendAcksAndPushes_carryTheSeqsOfTheSeqAllocatorBean() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        try (RawSocket bobPhone = server.raw(bob, "phone"); RawSocket alicePhone = server.raw(alice, "phone")) {
            alicePhone.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"hi\"}");
            alicePhone.send("{\"type\":\"send\",\"clientMsgId\":\"m2\",\"to\":\"" + bob + "\",\"body\":\"again\"}");

            ServerFrame.SendAck first = (ServerFrame.SendAck) alicePhone.next(f -> f instanceof ServerFrame.SendAck);
            ServerFrame.SendAck second = (ServerFrame.SendAck) alicePhone.next(f -> f instanceof ServerFrame.SendAck);
            ServerFrame.Push pushed = (ServerFrame.Push) bobPhone.next(f -> f instanceof ServerFrame.Push);

            assertThat(List.of(first.seq(), second.seq())).containsExactly(1001L, 1002L);
            assertThat(pushed.message().seq()).isEqualTo(1001);
        }
    }
}
