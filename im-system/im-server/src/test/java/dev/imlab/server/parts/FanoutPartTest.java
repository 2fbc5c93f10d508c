package dev.imlab.server.parts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.push.fanout.Fanout;
import dev.imlab.push.fanout.FanoutPlanner;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/** A {@link Fanout} bean plans the push role's pushes (lab05's seam). */
class FanoutPartTest {
    /** What the substitute planned: conversation#seq to the devices it planned the push for. */
    private static final Map<String, List<DeviceRef>> PLANNED = new ConcurrentHashMap<>();
    @AutoClose
    private static TestServer server;

    /** Not a {@code @Configuration}: the server scans {@code dev.imlab.server}, and these beans are for this test's server only. */
    static class SubstituteBeans {
        @Bean
        Fanout recordingFanout() {
            return new RecordingFanout();
        }
    }

    /** The push role's own planner, recording what it planned. */
    static final class RecordingFanout implements Fanout {
        private final FanoutPlanner own = new FanoutPlanner();

        @Override
        public Map<String, List<DeviceRef>> plan(StoredRecord stored, Collection<String> users,
                                                 Map<String, Map<String, String>> routes, Set<String> liveGateways) {
            Map<String, List<DeviceRef>> plan = own.plan(stored, users, routes, liveGateways);
            PLANNED.put(key(stored.message()), plan.values().stream().flatMap(List::stream).toList());
            return plan;
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startWith(SubstituteBeans.class);
    }

    private static String key(Message message) {
        return message.conversationId() + "#" + message.seq();
    }

    @Test
    void thePushABobDeviceGets_wasPlannedByTheFanoutBean() {
        String alice = server.newUser("alice");
        String bob = server.newUser("bob");
        try (RawSocket bobPhone = server.raw(bob, "phone"); RawSocket alicePhone = server.raw(alice, "phone")) {
            alicePhone.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"hi\"}");

            Message pushed = ((ServerFrame.Push) bobPhone.next(f -> f instanceof ServerFrame.Push)).message();

            assertThat(PLANNED).as("pushes planned by the Fanout bean").containsKey(key(pushed));
            assertThat(PLANNED.get(key(pushed))).containsExactly(new DeviceRef(bob, "phone"));
        }
    }
}
