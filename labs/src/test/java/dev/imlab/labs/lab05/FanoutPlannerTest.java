package dev.imlab.labs.lab05;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import dev.imlab.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The planner against presence in memory that counts round trips. Each call to it stands for one
 * wait for Redis, so the count is the fan-out's latency in units of a network round trip.
 */
@Tag("lab05")
class FanoutPlannerTest {
    private static final List<String> GATEWAYS = List.of("gw-1", "gw-2", "gw-3", "gw-4");

    private final CountingPresence presence = new CountingPresence();
    private final FanoutPlanner planner = new FanoutPlanner(presence);

    @Test
    void plan_waitsForAsManyRoundTrips_forTwoThousandMembersAsForThree() {
        List<String> three = members(3);
        List<String> twoThousand = members(2_000);
        StoredRecord message = groupMessage("m0000", "phone");

        int forThree = roundTripsOf(() -> planner.plan(message, three));
        Map<String, List<DeviceRef>> plan = planner.plan(message, twoThousand);
        int forTwoThousand = roundTripsOf(() -> planner.plan(message, twoThousand));
        int naive = roundTripsOf(() -> new NaiveFanoutPlanner(presence).plan(message, twoThousand));

        System.out.printf("lab05: round trips per fan-out: 3 members %d, 2,000 members %d (NaiveFanoutPlanner: %d)%n",
                forThree, forTwoThousand, naive);
        assertThat(devices(plan)).as("devices pushed to, of 2,000 members").hasSize(expectedDevices(twoThousand, message));
        assertThat(forTwoThousand).as("round trips for 2,000 members, with %d for 3", forThree).isEqualTo(forThree);
        assertThat(forTwoThousand).as("round trips for 2,000 members: one lookup of all, and the live gateways")
                .isLessThanOrEqualTo(2);
        assertThat(naive).as("round trips of the naive planner, which asks member by member").isGreaterThan(2_000);
    }

    @Test
    void plan_givesEachGatewayOneEntry_withEveryDeviceItHolds() {
        List<String> members = members(2_000);
        StoredRecord message = groupMessage("m0000", "phone");

        Map<String, List<DeviceRef>> plan = planner.plan(message, members);

        assertThat(plan.keySet()).as("gateways of a plan for 2,000 members on 4 gateways")
                .containsExactlyInAnyOrderElementsOf(GATEWAYS);
        for (String gateway : GATEWAYS) {
            assertThat(plan.get(gateway)).as("devices on %s", gateway)
                    .containsExactlyInAnyOrderElementsOf(expectedOn(gateway, members, message));
        }
    }

    @Test
    void plan_leavesOutTheSendingDevice_butPushesToTheSendersOtherDevices() {
        presence.online("alice", "phone", "gw-9") // alone on gw-9, and the sender: gw-9 gets nothing
                .online("alice", "laptop", "gw-2")
                .online("alice", "tablet", "gw-1")
                .online("bob", "phone", "gw-1");

        Map<String, List<DeviceRef>> plan = planner.plan(groupMessage("alice", "phone"), List.of("alice", "bob"));

        assertThat(plan).containsOnlyKeys("gw-1", "gw-2");
        assertThat(plan.get("gw-1"))
                .containsExactlyInAnyOrder(new DeviceRef("alice", "tablet"), new DeviceRef("bob", "phone"));
        assertThat(plan.get("gw-2")).containsExactly(new DeviceRef("alice", "laptop"));
    }

    @Test
    void plan_leavesOutOfflineMembers_andDevicesWhoseGatewayDied() {
        presence.online("alice", "phone", "gw-1")
                .online("bob", "phone", "gw-1")
                .online("bob", "laptop", "gw-3")
                .online("dave", "phone", "gw-3")
                .died("gw-3"); // bob's laptop and dave will reconnect to another gateway and sync

        Map<String, List<DeviceRef>> plan = planner.plan(groupMessage("alice", "phone"),
                List.of("alice", "bob", "carol", "dave"));

        assertThat(plan).containsOnlyKeys("gw-1");
        assertThat(plan.get("gw-1")).containsExactly(new DeviceRef("bob", "phone"));
    }

    /**
     * Members {@code m0000}, {@code m0001}, ... online: every one a phone, every third a laptop on
     * another gateway, every tenth offline (but m0000, the sender).
     */
    private List<String> members(int count) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = String.format("m%04d", i);
            members.add(user);
            if (i % 10 == 9) {
                continue;
            }
            presence.online(user, "phone", GATEWAYS.get(i % 4));
            if (i % 3 == 0) {
                presence.online(user, "laptop", GATEWAYS.get((i + 1) % 4));
            }
        }
        return members;
    }

    /** What {@link #members} put online on the gateway, without the sending device. */
    private static List<DeviceRef> expectedOn(String gateway, List<String> members, StoredRecord message) {
        List<DeviceRef> expected = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            String user = members.get(i);
            if (i % 10 == 9) {
                continue;
            }
            if (GATEWAYS.get(i % 4).equals(gateway) && !isSender(user, "phone", message)) {
                expected.add(new DeviceRef(user, "phone"));
            }
            if (i % 3 == 0 && GATEWAYS.get((i + 1) % 4).equals(gateway) && !isSender(user, "laptop", message)) {
                expected.add(new DeviceRef(user, "laptop"));
            }
        }
        return expected;
    }

    private static int expectedDevices(List<String> members, StoredRecord message) {
        int count = 0;
        for (String gateway : GATEWAYS) {
            count += expectedOn(gateway, members, message).size();
        }
        return count;
    }

    private static boolean isSender(String user, String device, StoredRecord message) {
        return user.equals(message.message().from()) && device.equals(message.senderDeviceId());
    }

    private int roundTripsOf(Supplier<Map<String, List<DeviceRef>>> fanout) {
        int before = presence.roundTrips();
        fanout.get();
        return presence.roundTrips() - before;
    }

    private static List<DeviceRef> devices(Map<String, List<DeviceRef>> plan) {
        List<DeviceRef> all = new ArrayList<>();
        new TreeMap<>(plan).values().forEach(all::addAll);
        return all;
    }

    private static StoredRecord groupMessage(String from, String deviceId) {
        Message message = new Message("sg_g1", 1, from, "hello, group", from + "-1", 1_700_000_000_000L, "g1");
        return new StoredRecord(message, deviceId);
    }
}
