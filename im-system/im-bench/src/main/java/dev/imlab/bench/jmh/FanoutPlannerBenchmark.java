package dev.imlab.bench.jmh;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.StoredRecord;
import dev.imlab.protocol.Message;
import dev.imlab.push.fanout.FanoutPlanner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Planning one group message: members, half online over two gateways, to one list per gateway. */
@State(Scope.Thread)
public class FanoutPlannerBenchmark {
    @Param({"500", "5000"})
    public int members;

    private final FanoutPlanner planner = new FanoutPlanner();
    private StoredRecord stored;
    private List<String> users;
    private Map<String, Map<String, String>> routes;
    private final Set<String> live = Set.of("gw-1", "gw-2");

    @Setup
    public void setUp() {
        users = new ArrayList<>();
        routes = new HashMap<>();
        for (int i = 0; i < members; i++) {
            String u = "user" + i;
            users.add(u);
            if (i % 2 == 0) {
                routes.put(u, Map.of("phone", i % 4 == 0 ? "gw-1" : "gw-2"));
            }
        }
        stored = new StoredRecord(new Message("sg_g1", 7, "user0", "hello", "c1", 1L, "g1"), "phone");
    }

    @Benchmark
    public Map<String, List<DeviceRef>> plan() {
        return planner.plan(stored, users, routes, live);
    }
}
