package dev.imlab.push.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import dev.imlab.protocol.Message;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FanoutPlannerTest {
    private final FanoutPlanner planner = new FanoutPlanner();

    private static StoredRecord fromAlicesPhone() {
        return new StoredRecord(new Message("sg_g1", 1, "alice", "hi", "c1", 1L, "g1"), "phone");
    }

    @Test
    void plan_skipsOnlyTheSendingDevice_theSendersOtherDevicesGetThePush() {
        Map<String, Map<String, String>> routes = Map.of(
                "alice", Map.of("phone", "gw-a", "laptop", "gw-b"),
                "bob", Map.of("phone", "gw-a"));

        Map<String, List<DeviceRef>> plan = planner.plan(fromAlicesPhone(), List.of("alice", "bob"), routes,
                Set.of("gw-a", "gw-b"));

        assertThat(plan).containsOnlyKeys("gw-a", "gw-b");
        assertThat(plan.get("gw-a")).containsExactly(new DeviceRef("bob", "phone"));
        assertThat(plan.get("gw-b")).containsExactly(new DeviceRef("alice", "laptop"));
    }

    @Test
    void plan_leavesOutOfflineMembers_andRoutesToDeadGateways() {
        Map<String, Map<String, String>> routes = Map.of(
                "bob", Map.of("phone", "gw-dead"),
                "carol", Map.of("phone", "gw-a"));

        Map<String, List<DeviceRef>> plan = planner.plan(fromAlicesPhone(), List.of("alice", "bob", "carol", "dave"),
                routes, Set.of("gw-a"));

        assertThat(plan).isEqualTo(Map.of("gw-a", List.of(new DeviceRef("carol", "phone"))));
    }
}
