package dev.imlab.server.metrics;

import dev.imlab.bus.ConsumerRole;
import dev.imlab.gateway.cluster.InstanceStats;
import dev.imlab.gateway.metrics.GatewayStats;
import dev.imlab.routing.InstanceBoard;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the cluster about this process every {@code interval}: its roles, whether it is ready, its
 * gateway's connections and rates, the partitions each of its back-end roles owns ({@link InstanceStats}),
 * written to Redis with a TTL of {@value #MISSED_BEFORE_GONE} intervals ({@link InstanceBoard}). Every
 * gateway reads them all for the cluster's figures and for dispatch. A clean stop removes the report at
 * once; a crash lets it expire.
 */
public final class InstanceReporter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceReporter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Reports a process may miss before the cluster counts it gone: one lost write is not a death. */
    static final int MISSED_BEFORE_GONE = 3;

    /** This process as the report describes it; {@code gatewayId} and {@code publicUrl} null without a gateway. */
    public record Identity(String instanceId, List<String> roles, String gatewayId, String publicUrl) {
    }

    private final InstanceBoard board;
    private final Identity identity;
    private final MeterRegistry meters;
    private final BooleanSupplier ready;
    private final Map<String, ConsumerRole> backEnd;
    private final Clock clock;
    private final Duration interval;
    private final long startedAt;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "instance-reporter");
        t.setDaemon(true);
        return t;
    });
    private long lastTime;
    private long lastSends;
    private long lastPushes;

    /**
     * @param ready   what the report says about readiness (a gateway: its health; otherwise the roles' partitions)
     * @param backEnd this process's back-end roles by name, for the partitions each owns
     */
    public InstanceReporter(InstanceBoard board, Identity identity, MeterRegistry meters, BooleanSupplier ready,
                            Map<String, ConsumerRole> backEnd, Clock clock, Duration interval) {
        this.board = board;
        this.identity = identity;
        this.meters = meters;
        this.ready = ready;
        this.backEnd = Map.copyOf(backEnd);
        this.clock = clock;
        this.interval = interval;
        this.startedAt = clock.millis();
        this.lastTime = startedAt;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::report, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            board.publish(identity.instanceId(), JSON.writeValueAsString(reading()), interval.multipliedBy(MISSED_BEFORE_GONE))
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) { // Redis away: the next report tries again; a scheduled task that throws never runs again
            log.debug("cannot report {} to the cluster: {}", identity.instanceId(), e.toString());
        }
    }

    /** This process now; rates are over the time since the previous reading. */
    InstanceStats reading() {
        long now = clock.millis();
        long sends = counter(GatewayStats.SENDS);
        long pushes = counter(GatewayStats.PUSHES);
        double seconds = Math.max(0.001, (now - lastTime) / 1000.0);
        double sendRate = (sends - lastSends) / seconds;
        double pushRate = (pushes - lastPushes) / seconds;
        lastTime = now;
        lastSends = sends;
        lastPushes = pushes;
        Map<String, Integer> partitions = new LinkedHashMap<>();
        backEnd.forEach((role, service) -> partitions.put(role, service.partitions()));
        return new InstanceStats(identity.instanceId(), identity.roles(), ProcessHandle.current().pid(), startedAt, now,
                ready.getAsBoolean(), identity.gatewayId(), identity.publicUrl(), (long) gauge(GatewayStats.CONNECTIONS),
                sends, pushes, round(sendRate), round(pushRate), (long) gauge(GatewayStats.UNACKED_PUSHES),
                gauge(GatewayStats.SHEDDING) > 0, (long) gauge(GatewayStats.PENDING_SENDS), partitions);
    }

    private long counter(String name) {
        FunctionCounter counter = meters.find(name).functionCounter();
        return counter == null ? 0 : (long) counter.count();
    }

    private double gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static double round(double rate) {
        return Math.round(rate * 10) / 10.0;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            board.remove(identity.instanceId());
        } catch (RuntimeException e) {
            log.debug("cannot remove {}'s report: {}", identity.instanceId(), e.toString());
        }
    }
}
