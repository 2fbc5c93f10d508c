package dev.imlab.server.metrics;

import dev.imlab.confirm.ConfirmService;
import dev.imlab.gateway.metrics.GatewayStats;
import dev.imlab.push.PushService;
import dev.imlab.transfer.TransferService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far each role's consumer group is behind its topic (records not yet committed), read
 * every {@code interval} with Kafka's admin API and published as the gauge
 * {@code imlab.kafka.consumer.lag{group}}. Lag that grows is the first sign of a slow role.
 * Beside it, per group, the members ({@code imlab.kafka.consumer.members}) and whether the group
 * is rebalancing now ({@code imlab.kafka.consumer.rebalancing}, 1 outside the stable state): a
 * rebalance storm is members that keep changing and a group that is seldom stable.
 */
public final class ConsumerLagMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);
    private static final List<String> GROUPS = List.of(TransferService.GROUP_ID, PushService.GROUP_ID, ConfirmService.GROUP_ID);

    private final Admin admin;
    private final Map<String, AtomicLong> lag = new HashMap<>();
    private final Map<String, AtomicLong> members = new HashMap<>();
    private final Map<String, AtomicLong> rebalancing = new HashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-lag-monitor");
        t.setDaemon(true);
        return t;
    });

    public ConsumerLagMonitor(String bootstrapServers, MeterRegistry registry, Duration interval) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        for (String group : GROUPS) {
            AtomicLong value = new AtomicLong();
            lag.put(group, value);
            Gauge.builder(GatewayStats.CONSUMER_LAG, value, AtomicLong::get)
                    .description("records the group has not yet committed").tag("group", group).register(registry);
            members.put(group, gauge(registry, MEMBERS, group, "consumers in the group (one per role instance)"));
            rebalancing.put(group, gauge(registry, REBALANCING, group,
                    "1 while the group is rebalancing (not stable, not empty): its partitions are not being read"));
        }
        scheduler.scheduleWithFixedDelay(this::measure, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Consumers in each group, tagged {@code group}. */
    public static final String MEMBERS = "imlab.kafka.consumer.members";
    /** 1 while a group rebalances, tagged {@code group}. */
    public static final String REBALANCING = "imlab.kafka.consumer.rebalancing";

    private static AtomicLong gauge(MeterRegistry registry, String name, String group, String description) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(name, value, AtomicLong::get).description(description).tag("group", group).register(registry);
        return value;
    }

    private void measure() {
        measureLag();
        try {
            Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(GROUPS).all()
                    .get(5, TimeUnit.SECONDS);
            groups.forEach((group, description) -> {
                members.get(group).set(description.members().size());
                GroupState state = description.groupState();
                rebalancing.get(group).set(state == GroupState.PREPARING_REBALANCE
                        || state == GroupState.COMPLETING_REBALANCE || state == GroupState.RECONCILING ? 1 : 0);
            });
        } catch (Exception e) {
            log.debug("cannot describe the consumer groups: {}", e.toString());
        }
    }

    private void measureLag() {
        for (String group : GROUPS) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                long total = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                    if (e.getValue() != null && ends.containsKey(e.getKey())) {
                        total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                    }
                }
                lag.get(group).set(total);
            } catch (Exception e) {
                log.debug("cannot read the lag of {}: {}", group, e.toString());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
