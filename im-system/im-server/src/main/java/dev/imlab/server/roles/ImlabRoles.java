package dev.imlab.server.roles;

import dev.imlab.bus.ConsumerRole;
import dev.imlab.bus.KafkaFactory;
import dev.imlab.confirm.ConfirmService;
import dev.imlab.gateway.GatewayServer;
import dev.imlab.gateway.GatewaySettings;
import dev.imlab.gateway.http.GroupApi;
import dev.imlab.gateway.metrics.GatewayStats;
import dev.imlab.gateway.query.Membership;
import dev.imlab.push.PushService;
import dev.imlab.push.fanout.Recipients;
import dev.imlab.push.notify.NotificationSender;
import dev.imlab.push.notify.Webhook;
import dev.imlab.routing.GatewayRegistry;
import dev.imlab.routing.InstanceBoard;
import dev.imlab.routing.RouteTable;
import dev.imlab.server.config.ImlabProperties;
import dev.imlab.server.metrics.ConsumerLagMonitor;
import dev.imlab.server.metrics.InstanceReporter;
import dev.imlab.storage.Storage;
import dev.imlab.transfer.TransferService;
import dev.imlab.transfer.expiry.ExpiryReaper;
import io.micrometer.core.instrument.FunctionCounter;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the roles named in {@code imlab.roles}, back end first (transfer, push, confirm) and the
 * gateway last, so that a device can only connect once what it talks to is running; stops them in
 * reverse order. On SIGTERM (Spring closes the context) the gateway goes first and drains
 * ({@code Drain}): its devices move to other gateways while the back end still runs, so their last
 * sends are stored and answered; then push and confirm hand their partitions over, and the transfer
 * last, after committing what it stored.
 */
public final class ImlabRoles implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ImlabRoles.class);

    private final ImlabProperties properties;
    private final KafkaFactory kafka;
    private final Storage storage;
    private final StatefulRedisConnection<String, String> redis;
    private final GatewaySettings gatewaySettings;
    private final Membership membership;
    private final GroupApi groups;
    private final Recipients recipients;
    private final RoleParts parts;
    private final PrometheusMeterRegistry meters;
    private final String instanceId;
    private final Clock clock;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<BooleanSupplier> readiness = new ArrayList<>();
    private final Map<String, ConsumerRole> backEnd = new LinkedHashMap<>();
    private volatile GatewayServer gateway;
    private volatile boolean running;

    /** @param parts the parts of the roles to use instead of their own, where the labs plug in ({@link RoleParts}) */
    public ImlabRoles(ImlabProperties properties, KafkaFactory kafka, Storage storage,
                      StatefulRedisConnection<String, String> redis, GatewaySettings gatewaySettings,
                      Membership membership, GroupApi groups, Recipients recipients, RoleParts parts,
                      PrometheusMeterRegistry meters, String instanceId, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.instanceId = instanceId;
        this.kafka = kafka;
        this.storage = storage;
        this.redis = redis;
        this.gatewaySettings = gatewaySettings;
        this.membership = membership;
        this.groups = groups;
        this.recipients = recipients;
        this.parts = parts;
        this.meters = meters;
    }

    @Override
    public void start() {
        try {
            kafka.ensureTopics(Set.of());
            // Every process watches the lag (the gateway sheds on it; a transfer-only process's /metrics shows it).
            started.add(new ConsumerLagMonitor(kafka.settings().bootstrapServers(), meters, Duration.ofSeconds(2)));
            if (properties.roles().contains("transfer")) {
                // A plugged-in allocator is one object, used by one consumer's thread.
                int consumers = parts.seqAllocator() == null ? properties.transfer().consumers() : 1;
                TransferService transfer = new TransferService(kafka, storage, instanceId, parts.seqAllocator(), clock,
                        properties.recall().window(), consumers);
                transfer.start();
                started.add(transfer);
                backEnd.put("transfer", transfer);
                readiness.add(transfer::ready);
                FunctionCounter.builder(GatewayStats.RECALLS, transfer, TransferService::recalls)
                        .description("recalls stored (each with its own seq)").register(meters);
                FunctionCounter.builder(GatewayStats.RECALLS_REFUSED, transfer, TransferService::recallsRefused)
                        .description("recalls refused: INVALID_FIELD, FORBIDDEN or TOO_LATE").register(meters);
                started.add(startReaper());
            }
            if (properties.roles().contains("push")) {
                // Gateways re-assert routes on their next heartbeat: three of them is ample.
                ImlabProperties.OfflinePush offline = properties.offlinePush();
                PushService push = new PushService(kafka, new RouteTable(redis), new GatewayRegistry(redis), recipients,
                        instanceId, gatewaySettings.heartbeatInterval().multipliedBy(3), offline.enabled(), parts.fanout());
                push.start();
                started.add(push);
                backEnd.put("push", push);
                readiness.add(push::ready);
                if (offline.enabled()) {
                    startNotificationSender(offline, push);
                }
            }
            if (properties.roles().contains("confirm")) {
                ConfirmService confirm = new ConfirmService(kafka, storage.cursors(), storage.reads(),
                        new RouteTable(redis), instanceId, parts.readSeqWriter());
                confirm.start();
                started.add(confirm);
                backEnd.put("confirm", confirm);
                readiness.add(confirm::ready);
                FunctionCounter.builder(GatewayStats.READ_RECEIPTS, confirm, ConfirmService::receiptsSent)
                        .description("read_receipt frames handed to gateways").register(meters);
            }
            if (properties.roles().contains("gateway")) {
                GatewayServer server = new GatewayServer(gatewaySettings, kafka, storage, redis, membership, groups,
                        this::backEndReady, meters, meters::scrape, clock, parts.gateway());
                server.start();
                started.add(server);
                gateway = server;
            }
            started.add(startReporter());
            running = true;
            log.info("imlab roles {} started", properties.roles());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start imlab roles " + properties.roles(), e);
        }
    }

    /**
     * The expiry reaper runs beside the transfer (one per transfer process; passes are idempotent).
     * On a real MongoDB a TTL index deletes expired messages too; the stand-in has none, which is
     * why correctness never depends on it.
     */
    private ExpiryReaper startReaper() {
        try {
            storage.messages().ensureTtlIndex();
        } catch (RuntimeException e) {
            log.info("no TTL index on messages ({}): the expiry reaper alone reclaims expired messages", e.getMessage());
        }
        ExpiryReaper reaper = new ExpiryReaper(storage.conversations(), storage.messages(), storage.expiry(), clock,
                parts.pageReaper());
        reaper.start(properties.retention().effectiveReapInterval());
        FunctionCounter.builder(GatewayStats.EXPIRED_RECLAIMED, reaper, ExpiryReaper::reclaimed)
                .description("expired messages deleted by the reaper").register(meters);
        return reaper;
    }

    /** The offline webhook's sender runs beside the push role, in a consumer group of its own. */
    private void startNotificationSender(ImlabProperties.OfflinePush offline, PushService push) {
        Webhook webhook = new Webhook(URI.create(offline.webhookUrl()), offline.secret(), offline.timeout(),
                offline.maxAttempts(), offline.firstRetryDelay());
        NotificationSender sender = new NotificationSender(kafka, instanceId, webhook, storage.conversationStates(),
                storage.groups(), clock);
        sender.start();
        started.add(sender);
        readiness.add(sender::ready);
        FunctionCounter.builder(GatewayStats.NOTIFICATIONS_QUEUED, push, PushService::notificationsQueued)
                .description("offline notifications handed to Kafka by the push role").register(meters);
        FunctionCounter.builder(GatewayStats.NOTIFICATIONS_SENT, sender, NotificationSender::sent)
                .description("offline notifications the webhook took (2xx)").register(meters);
        FunctionCounter.builder(GatewayStats.NOTIFICATIONS_RETRIED, sender, NotificationSender::retried)
                .description("webhook requests sent again after a failed try").register(meters);
        FunctionCounter.builder(GatewayStats.NOTIFICATIONS_DROPPED, sender, NotificationSender::dropped)
                .description("offline notifications given up after the last try").register(meters);
        log.info("offline notifications go to {}{}", offline.webhookUrl(), offline.secret().isEmpty() ? "" : ", signed");
    }

    /**
     * Reports this process to the cluster every heartbeat interval (its roles, readiness, gateway figures,
     * partitions owned), for every gateway's {@code cluster} figures and dispatch. The infra role reports too,
     * so that the cluster's figures show the process that holds Kafka, Redis and MongoDB. A draining
     * gateway reports itself not ready, so that dispatch hands out the others.
     */
    private InstanceReporter startReporter() {
        List<String> roles = new ArrayList<>();
        for (String role : List.of(ImlabProperties.INFRA, "gateway", "transfer", "push", "confirm")) {
            if (properties.roles().contains(role)) {
                roles.add(role);
            }
        }
        GatewayServer server = gateway;
        InstanceReporter.Identity identity = new InstanceReporter.Identity(instanceId, roles,
                server == null ? null : server.gatewayId(), server == null ? null : publicUrl(server));
        InstanceReporter reporter = new InstanceReporter(new InstanceBoard(redis), identity, meters,
                server == null ? this::backEndReady : () -> server.ready() && !server.draining(), backEnd, clock,
                gatewaySettings.heartbeatInterval());
        reporter.start();
        return reporter;
    }

    private String publicUrl(GatewayServer server) {
        String configured = properties.gateway().publicUrl();
        if (!configured.isBlank()) {
            return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        }
        String host = properties.gateway().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
            host = "127.0.0.1"; // bound to every address: this machine's clients reach it here, others need public-url
        }
        return (server.tls() ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
    }

    /** True once every back-end role in this process owns its partitions. */
    public boolean backEndReady() {
        return readiness.stream().allMatch(BooleanSupplier::getAsBoolean);
    }

    /** The gateway of this process, or null when it runs no gateway role. */
    public GatewayServer gateway() {
        return gateway;
    }

    @Override
    public void stop() {
        running = false;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("cannot stop {}: {}", started.get(i), e.toString());
            }
        }
        started.clear();
        readiness.clear();
        backEnd.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
