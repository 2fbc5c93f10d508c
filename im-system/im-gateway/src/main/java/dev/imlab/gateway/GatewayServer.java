package dev.imlab.gateway;

import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.Topics;
import dev.imlab.gateway.auth.AccountService;
import dev.imlab.gateway.auth.Authenticator;
import dev.imlab.gateway.auth.RevocationStore;
import dev.imlab.gateway.auth.TokenRevoker;
import dev.imlab.gateway.auth.TokenService;
import dev.imlab.gateway.cluster.ClusterBoard;
import dev.imlab.gateway.delivery.DeliveryConsumer;
import dev.imlab.gateway.delivery.PushWriting;
import dev.imlab.gateway.delivery.Retransmission;
import dev.imlab.gateway.delivery.Retransmitter;
import dev.imlab.gateway.delivery.Kicker;
import dev.imlab.gateway.drain.Drain;
import dev.imlab.gateway.http.ApiRoutes;
import dev.imlab.gateway.http.GroupApi;
import dev.imlab.gateway.http.HttpRequestHandler;
import dev.imlab.gateway.http.TrustedProxies;
import dev.imlab.gateway.http.StaticPages;
import dev.imlab.gateway.http.TokenRoutes;
import dev.imlab.gateway.limits.Limits;
import dev.imlab.gateway.metrics.GatewayStats;
import dev.imlab.gateway.overload.LoadShedder;
import dev.imlab.gateway.overload.PendingSends;
import dev.imlab.gateway.presence.GatewayHeartbeat;
import dev.imlab.gateway.query.GroupAckCheck;
import dev.imlab.gateway.query.Membership;
import dev.imlab.gateway.query.QueryService;
import dev.imlab.gateway.query.RecentReads;
import dev.imlab.gateway.query.UserDirectory;
import dev.imlab.gateway.session.FrameWriter;
import dev.imlab.gateway.session.HeartbeatWheel;
import dev.imlab.gateway.session.IdleWatch;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.gateway.tls.ServerTls;
import dev.imlab.gateway.upstream.AckBatcher;
import dev.imlab.gateway.upstream.KafkaUpstream;
import dev.imlab.gateway.ws.FrameHandler;
import dev.imlab.gateway.ws.RequestDispatcher;
import dev.imlab.gateway.ws.SessionLifecycle;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.routing.GatewayRegistry;
import dev.imlab.routing.InstanceBoard;
import dev.imlab.routing.RouteTable;
import dev.imlab.storage.Storage;
import dev.imlab.storage.group.GroupMembersCache;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway role: holds devices' WebSocket connections, serves the HTTP API, hands sends and
 * acks to Kafka, and delivers what comes back on its own topic.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** How long device acks are merged before they go to the confirm role, which waits up to 250 ms itself. */
    static final long ACK_FLUSH_MS = 50;
    /** How often the load shedder reads the transfer's lag (itself measured every 2 s) and looks again. */
    static final long SHED_TICK_MS = 200;

    private final GatewaySettings settings;
    private final KafkaFactory kafka;
    private final SessionRegistry sessions = new SessionRegistry();
    private final IdleWatch heartbeats;
    private final HashedWheelTimer retransmitWheel;
    private final ThreadPoolExecutor blocking;
    private final KafkaProducer<String, byte[]> producer;
    private final AckBatcher acks;
    private final RecentReads recentReads;
    private long ackFlushes;
    private final ScheduledExecutorService ackFlusher;
    private final LoadShedder shedder;
    private final DeliveryConsumer delivery;
    private final GatewayHeartbeat presence;
    private final ClusterBoard cluster;
    private final BooleanSupplier ready;
    private final GatewayInitializer initializer;
    private final Drain drain;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private volatile Channel serverChannel;

    /**
     * @param pipelineReady whether the rest of the pipeline (the other roles, when in this process) is ready,
     *        for {@code /api/v1/health}
     * @param meters where the gateway's metrics go
     * @param prometheus the process's metrics in Prometheus text format, served at {@code /metrics}
     * @param clock tokens, message expiry and the dashboard read it
     */
    public GatewayServer(GatewaySettings settings, KafkaFactory kafka, Storage storage,
                         StatefulRedisConnection<String, String> redis, Membership membership, GroupApi groups,
                         BooleanSupplier pipelineReady, MeterRegistry meters, Supplier<String> prometheus, Clock clock) {
        this(settings, kafka, storage, redis, membership, groups, pipelineReady, meters, prometheus, clock,
                GatewayParts.own());
    }

    /** @param parts the parts to use instead of the gateway's own (a lab's, a test's) */
    public GatewayServer(GatewaySettings settings, KafkaFactory kafka, Storage storage,
                         StatefulRedisConnection<String, String> redis, Membership membership, GroupApi groups,
                         BooleanSupplier pipelineReady, MeterRegistry meters, Supplier<String> prometheus, Clock clock,
                         GatewayParts parts) {
        this.settings = settings;
        this.kafka = kafka;
        this.heartbeats = parts.idleWatch() != null ? parts.idleWatch() : new HeartbeatWheel(settings.idleTimeout());
        this.blocking = new ThreadPoolExecutor(settings.blockingThreads(), settings.blockingThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000), r -> {
                    Thread t = new Thread(r, "gateway-blocking");
                    t.setDaemon(true);
                    return t;
                });
        this.producer = kafka.producer("gateway-" + settings.gatewayId());
        RouteTable routes = new RouteTable(redis);
        FrameCodec codec = new FrameCodec();
        FrameWriter writer = new FrameWriter(codec);
        TokenService tokens = new TokenService(settings.tokenSecret(), settings.tokenTtl(), clock);
        AccountService accounts = new AccountService(storage.users(), tokens, settings.bcryptCost(), clock);
        GroupMembersCache groupMembers = new GroupMembersCache(storage.groups());
        GroupAckCheck groupAcks = GroupAckCheck.withWindow(
                groupId -> groupMembers.members(groupId).map(GroupMembersCache.Members::set).orElse(null), blocking);
        this.recentReads = new RecentReads(clock::millis);
        QueryService queries = new QueryService(storage, membership, groupAcks, recentReads, clock, blocking);
        Limits limits = new Limits(settings.limits(), settings.ratePerSecond(), settings.rateBurst(), sessions,
                settings.idleTimeout(), meters, System::nanoTime, parts.limits());
        Kicker kicker = new Kicker(producer);
        SessionLifecycle lifecycle = new SessionLifecycle(settings.gatewayId(), sessions, routes, heartbeats, writer,
                kicker, clock, limits::connectionLimiter, limits::closed);
        this.retransmitWheel = new HashedWheelTimer(new DefaultThreadFactory("retransmit-wheel", true),
                100, TimeUnit.MILLISECONDS, 512);
        Retransmission retransmitter = parts.retransmission() != null ? parts.retransmission()
                : new Retransmitter(retransmitWheel, settings.retransmitFirstDelay(), settings.retransmitMaxAttempts());
        this.acks = new AckBatcher(producer);
        this.ackFlusher = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("ack-flush", true));
        PendingSends pendingSends = new PendingSends(System::nanoTime);
        this.shedder = new LoadShedder(settings.shed(), pendingSends, () -> transferLag(meters));
        UserDirectory users = new UserDirectory(storage.users(), blocking);
        RequestDispatcher dispatcher = new RequestDispatcher(settings.gatewayId(),
                new KafkaUpstream(producer, acks, settings.maxInFlight(), pendingSends), shedder, users, queries,
                retransmitter, recentReads, clock);
        GatewayRegistry gatewayRegistry = new GatewayRegistry(redis);
        RevocationStore revocations = new RevocationStore(redis, clock, settings.tokenTtl());
        Authenticator authenticator = new Authenticator(tokens, revocations,
                settings.requireRegisteredUser() ? storage.users()::exists : null, blocking, clock);
        TokenRevoker revoker = new TokenRevoker(settings.gatewayId(), revocations, sessions, gatewayRegistry, kicker, clock,
                blocking);
        this.cluster = new ClusterBoard(new InstanceBoard(redis), clock::millis);
        GatewayStats stats = new GatewayStats(sessions, clock::millis, meters, retransmitter::waiting,
                () -> clusterConnections(gatewayRegistry), shedder, cluster);
        this.delivery = new DeliveryConsumer(kafka.standaloneConsumer("gateway-" + settings.gatewayId()),
                Topics.gateway(settings.gatewayId()), sessions, retransmitter,
                parts.pushWriting() != null ? parts.pushWriting() : PushWriting.SLOW_READER_GRACE, stats.hops(),
                pendingSends, revoker::apply);
        this.presence = new GatewayHeartbeat(settings.gatewayId(), gatewayRegistry, routes, sessions,
                settings.heartbeatInterval());
        this.drain = new Drain(settings.drain(), sessions, new SplittableRandom(), System::nanoTime);
        BooleanSupplier ready = () -> serverChannel != null && delivery.ready() && pipelineReady.getAsBoolean();
        this.ready = ready;
        ApiRoutes api = new ApiRoutes(accounts, authenticator, new TokenRoutes(accounts, authenticator, revoker, blocking),
                groups, ready, drain::draining, blocking, limits);
        this.initializer = new GatewayInitializer(new HttpRequestHandler(api, new StaticPages(), authenticator, lifecycle,
                stats, prometheus, limits, cluster, drain::draining, new TrustedProxies(settings.trustedProxies())),
                new FrameHandler(codec, dispatcher, lifecycle, limits), limits, ServerTls.context(settings.tls()));
        boolean epoll = Epoll.isAvailable();
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workerGroup = new MultiThreadIoEventLoopGroup(0, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** The transfer group's lag as the server's lag monitor last measured it; 0 where none runs. */
    private static long transferLag(MeterRegistry meters) {
        Gauge lag = meters.find(GatewayStats.CONSUMER_LAG).tag("group", Topics.UPSTREAM_GROUP).gauge();
        return lag == null ? 0 : (long) lag.value();
    }

    private static Map<String, Long> clusterConnections(GatewayRegistry registry) {
        try {
            return registry.connections().get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Map.of(); // Redis is away: the dashboard shows this gateway alone
        }
    }

    public void start() throws Exception {
        kafka.ensureTopics(Set.of(Topics.gateway(settings.gatewayId())));
        producer.partitionsFor(Topics.UPSTREAM); // fetch metadata now, so the first send does not wait for it
        delivery.start();
        presence.start();
        cluster.start(settings.heartbeatInterval());
        ackFlusher.scheduleWithFixedDelay(this::flushAcks, ACK_FLUSH_MS, ACK_FLUSH_MS, TimeUnit.MILLISECONDS);
        ackFlusher.scheduleWithFixedDelay(this::shedTick, SHED_TICK_MS, SHED_TICK_MS, TimeUnit.MILLISECONDS);
        Class<? extends ServerChannel> channelType = Epoll.isAvailable() ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        serverChannel = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true) // small frames must not wait for Nagle
                // Above 32 KiB waiting in a channel it turns unwritable and pushes stop (DeliveryConsumer):
                // 100,000 devices that all stopped reading cost at most ~3 GB, not the heap.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(16 * 1024, 32 * 1024))
                .childHandler(initializer)
                .bind(settings.host(), settings.port()).sync().channel();
        log.info("gateway {} listening on {} ({}, {})", settings.gatewayId(), serverChannel.localAddress(),
                Epoll.isAvailable() ? "epoll" : "nio", settings.tls().enabled() ? "HTTPS and wss://" : "HTTP and ws://");
    }

    private void shedTick() {
        try {
            shedder.tick();
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            log.warn("load shedder tick failed: {}", e.toString());
        }
    }

    private void flushAcks() {
        if (++ackFlushes % 100 == 0) {
            recentReads.expire(); // every 5 s
        }
        try {
            acks.flush();
        } catch (RuntimeException e) { // Kafka's metadata did not come in time: the acks wait for the next flush
            log.debug("ack flush failed: {}", e.toString());
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Whether this gateway's port speaks TLS (HTTPS and wss://) rather than plain HTTP and ws://. */
    public boolean tls() {
        return settings.tls().enabled();
    }

    public String gatewayId() {
        return settings.gatewayId();
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** What {@code /api/v1/health} answers: UP (true) once this gateway and the roles beside it can work. */
    public boolean ready() {
        return ready.getAsBoolean();
    }

    /**
     * Stops taking connections and lets the devices go ({@link Drain}); returns once they have.
     * {@link #close()} drains first too; calling this before it (a {@code preStop} hook, a test)
     * only makes the drain happen earlier.
     */
    public Drain.Outcome drain() {
        return drain.run();
    }

    /** True once a drain began: health answers 503 and upgrades are refused. */
    public boolean draining() {
        return drain.draining();
    }

    /** Drains ({@link #drain()}), then closes the port, the Kafka clients and the threads. */
    @Override
    public void close() {
        if (serverChannel != null) {
            drain(); // while everything still runs: the devices are served until they leave
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        presence.close();
        cluster.close();
        // What hands work to the event loops stops before them: a push or a re-send after would be refused.
        delivery.close();
        retransmitWheel.stop();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        ackFlusher.shutdownNow();
        flushAcks(); // what devices acked last reaches the confirm role before the producer closes
        heartbeats.close();
        producer.close();
        blocking.shutdownNow();
    }
}
