package dev.imlab.gateway.cluster;

import dev.imlab.bus.Topics;
import dev.imlab.routing.InstanceBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * This gateway's picture of the whole cluster: every {@code interval} it reads the reports of all
 * live processes from Redis ({@link InstanceBoard}), so that the stats answer and the dispatch
 * answer never wait for Redis on the event loop. The picture is at most one interval older than
 * the reports, which are at most one interval old themselves.
 */
public final class ClusterBoard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterBoard.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer process may report more
            .build();
    /** Every role, in the order the stats list them, and the consumer group of each back-end role. */
    private static final Map<String, String> GROUP_OF_ROLE = groups();

    private final InstanceBoard board;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private volatile List<InstanceStats> live = List.of();
    private volatile long readAt;

    public ClusterBoard(InstanceBoard board, LongSupplier clock) {
        this.board = board;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-board");
            t.setDaemon(true);
            return t;
        });
    }

    private static Map<String, String> groups() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("infra", null);
        g.put("gateway", null);
        g.put("transfer", Topics.UPSTREAM_GROUP);
        g.put("push", Topics.PUSH_GROUP);
        g.put("confirm", Topics.ACK_GROUP);
        return g;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::read, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the live reports now; also what the scheduler does every interval. */
    public void read() {
        try {
            Map<String, String> reports = board.live().get(2, TimeUnit.SECONDS);
            List<InstanceStats> parsed = new ArrayList<>();
            reports.forEach((id, json) -> {
                try {
                    parsed.add(JSON.readValue(json, InstanceStats.class));
                } catch (RuntimeException e) {
                    log.debug("instance {} reported figures this gateway cannot read: {}", id, e.toString());
                }
            });
            parsed.sort(Comparator.comparing(InstanceStats::instanceId));
            live = List.copyOf(parsed);
            readAt = clock.getAsLong();
        } catch (Exception e) {
            // Redis is away: the last picture stays, its time says how old it is.
            log.debug("cannot read the cluster's reports: {}", e.toString());
        }
    }

    /** Every live process's last report, by instance id. */
    public List<InstanceStats> live() {
        return live;
    }

    /**
     * The cluster's figures.
     *
     * @param lagByGroup records each consumer group has not committed, as this process's lag monitor last read them
     */
    public ClusterFigures figures(Map<String, Double> lagByGroup) {
        List<InstanceStats> instances = live;
        List<InstanceStats> gateways = new ArrayList<>();
        long connections = 0;
        double sends = 0;
        double pushes = 0;
        for (InstanceStats s : instances) {
            if (s.runs("gateway")) {
                gateways.add(s);
                connections += s.connections();
                sends += s.sendsPerSecond();
                pushes += s.pushesPerSecond();
            }
        }
        gateways.sort(Comparator.comparing(InstanceStats::gatewayId, Comparator.nullsLast(Comparator.naturalOrder())));
        Map<String, ClusterFigures.RoleFigures> roles = new LinkedHashMap<>();
        GROUP_OF_ROLE.forEach((role, group) -> {
            int count = 0;
            int ready = 0;
            int partitions = 0;
            for (InstanceStats s : instances) {
                if (s.runs(role)) {
                    count++;
                    ready += s.ready() ? 1 : 0;
                    Integer owned = s.partitions() == null ? null : s.partitions().get(role);
                    partitions += owned == null ? 0 : owned;
                }
            }
            roles.put(role, new ClusterFigures.RoleFigures(count, ready, group == null ? null : partitions,
                    group == null ? null : lagByGroup.get(group)));
        });
        return new ClusterFigures(readAt, connections, sends, pushes, roles, gateways, instances);
    }

    /**
     * A gateway for a new client: of two live, ready gateways picked at random, the one with fewer
     * connections ("the power of two choices"). Taking the least-loaded of all would send every client
     * of a reconnect storm to the same gateway for a whole second, since the counts are a second old;
     * two random choices spread them and still steer away from the full ones.
     */
    public Optional<InstanceStats> dispatch() {
        List<InstanceStats> candidates = new ArrayList<>();
        for (InstanceStats s : live) {
            if (s.runs("gateway") && s.ready() && s.publicUrl() != null) {
                candidates.add(s);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(candidates.size());
        InstanceStats a = candidates.get(first);
        if (candidates.size() == 1) {
            return Optional.of(a);
        }
        int second = random.nextInt(candidates.size() - 1);
        InstanceStats b = candidates.get(second >= first ? second + 1 : second); // another one than a
        return Optional.of(b.connections() < a.connections() ? b : a);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
