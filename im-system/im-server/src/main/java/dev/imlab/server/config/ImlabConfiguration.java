package dev.imlab.server.config;

import dev.imlab.bus.KafkaFactory;
import dev.imlab.bus.KafkaSettings;
import dev.imlab.confirm.ReadSeqWriter;
import dev.imlab.gateway.GatewayParts;
import dev.imlab.gateway.GatewaySettings;
import dev.imlab.gateway.delivery.PushWriting;
import dev.imlab.gateway.delivery.Retransmission;
import dev.imlab.gateway.drain.DrainSettings;
import dev.imlab.gateway.group.GroupService;
import dev.imlab.gateway.http.GroupApi;
import dev.imlab.gateway.http.GroupRoutes;
import dev.imlab.gateway.limits.KeyedLimiter;
import dev.imlab.gateway.limits.LimitParts;
import dev.imlab.gateway.limits.LoginLockouts;
import dev.imlab.gateway.query.GroupMembership;
import dev.imlab.gateway.overload.ShedSettings;
import dev.imlab.gateway.query.Membership;
import dev.imlab.gateway.session.IdleWatch;
import dev.imlab.gateway.tls.TlsSettings;
import dev.imlab.push.fanout.Fanout;
import dev.imlab.push.fanout.GroupRecipients;
import dev.imlab.push.fanout.Recipients;
import dev.imlab.server.infra.Infrastructure;
import dev.imlab.server.infra.InstanceIdentity;
import dev.imlab.server.infra.TokenSecret;
import dev.imlab.server.roles.ImlabRoles;
import dev.imlab.server.roles.RoleParts;
import dev.imlab.storage.Storage;
import dev.imlab.storage.group.GroupStore;
import dev.imlab.transfer.expiry.PageReaper;
import dev.imlab.transfer.seq.SeqAllocator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires infrastructure, stores and roles from {@link ImlabProperties}. */
@Configuration(proxyBeanMethods = false)
public class ImlabConfiguration {

    @Bean(destroyMethod = "close")
    Infrastructure infrastructure(ImlabProperties properties) {
        return Infrastructure.start(properties);
    }

    @Bean
    InstanceIdentity instanceIdentity(Infrastructure infrastructure, ImlabProperties properties) {
        return InstanceIdentity.resolve(properties.instanceId(), properties.dataDir().toAbsolutePath().normalize(),
                infrastructure.embeddedKafka() != null);
    }

    @Bean
    KafkaFactory kafkaFactory(Infrastructure infrastructure, ImlabProperties properties, InstanceIdentity identity) {
        KafkaSettings defaults = KafkaSettings.defaults(infrastructure.kafkaBootstrapServers());
        ImlabProperties.Kafka kafka = properties.kafka();
        return new KafkaFactory(new KafkaSettings(defaults.bootstrapServers(), kafka.partitions(),
                kafka.replicationFactor(), kafka.lingerMs(), kafka.fetchMinBytes(), kafka.fetchMaxWaitMs(),
                defaults.maxBlockMs(), defaults.requestTimeoutMs(), defaults.deliveryTimeoutMs(), kafka.maxPollRecords(),
                defaults.sessionTimeoutMs(), identity.stable()));
    }

    @Bean(destroyMethod = "close")
    Storage storage(Infrastructure infrastructure, ImlabProperties properties) {
        return new Storage(infrastructure.mongoUri(), properties.mongodb().database(),
                properties.retention().messageTtl());
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient redisClient(Infrastructure infrastructure) {
        return RedisClient.create(infrastructure.redisUri());
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redisConnection(RedisClient client) {
        return client.connect();
    }

    @Bean
    GatewaySettings gatewaySettings(ImlabProperties p) {
        ImlabProperties.Gateway g = p.gateway();
        String id = !g.id().isBlank() ? g.id()
                : g.port() != 0 ? "gw-" + g.port() : "gw-" + UUID.randomUUID().toString().substring(0, 8);
        return new GatewaySettings(id, g.host(), g.port(), g.idleTimeout(), g.heartbeatInterval(), g.ratePerSecond(),
                g.rateBurst(), g.maxInFlight(), g.blockingThreads(),
                TokenSecret.resolve(p.auth().tokenSecret(), p.dataDir().toAbsolutePath().normalize()),
                p.auth().tokenTtl(), p.auth().bcryptCost(), p.auth().requireRegisteredUser(), g.retransmitFirstDelay(),
                g.retransmitMaxAttempts(), p.limits().settings(), shedSettings(g.shed()), tlsSettings(g.tls()),
                new DrainSettings(g.drain().timeout(), g.drain().spread()), g.trustedProxies());
    }

    private static ShedSettings shedSettings(ImlabProperties.Shed s) {
        return new ShedSettings(s.enabled(), s.pendingHigh(), s.pendingLow(), s.lagHigh(), s.lagLow(), s.forgetAfter());
    }

    private static TlsSettings tlsSettings(ImlabProperties.Tls t) {
        if (t.certificate().isBlank() && t.privateKey().isBlank()) {
            return new TlsSettings(null, null, t.provider());
        }
        return new TlsSettings(t.certificate().isBlank() ? null : Path.of(t.certificate()),
                t.privateKey().isBlank() ? null : Path.of(t.privateKey()), t.provider());
    }

    @Bean
    ImlabRoles imlabRoles(ImlabProperties properties, KafkaFactory kafka, Storage storage,
                          StatefulRedisConnection<String, String> redis, GatewaySettings gatewaySettings,
                          RoleParts parts, PrometheusMeterRegistry meters, InstanceIdentity identity,
                          ObjectProvider<Clock> clockProvider) {
        // Tests replace the clock (TestServer with a MutableClock) to move expiry and the recall window.
        Clock clock = clockProvider.getIfAvailable(Clock::systemUTC);
        GroupStore groupStore = storage.groups();
        Membership membership = new GroupMembership(groupStore);
        GroupApi groups = new GroupRoutes(new GroupService(groupStore, storage.users(), storage.conversations(), clock));
        Recipients recipients = new GroupRecipients(groupStore);
        return new ImlabRoles(properties, kafka, storage, redis, gatewaySettings, membership, groups, recipients,
                parts, meters, identity.id(), clock);
    }

    /**
     * The roles' own parts, except where a bean of a part's type replaces one: a lab's class
     * (the labs' {@code LabNNServer} add them: lab02, lab03, lab05, lab06, lab09, lab10, lab11) or a
     * test's.
     */
    @Bean
    RoleParts roleParts(ObjectProvider<SeqAllocator> seqAllocator, ObjectProvider<ReadSeqWriter> readSeqWriter,
                        ObjectProvider<Fanout> fanout, ObjectProvider<PageReaper> pageReaper,
                        ObjectProvider<Retransmission> retransmission, ObjectProvider<IdleWatch> idleWatch,
                        ObjectProvider<PushWriting> pushWriting, ObjectProvider<KeyedLimiter.Factory> keyedLimiters,
                        ObjectProvider<LoginLockouts.Factory> loginLockouts) {
        return new RoleParts(seqAllocator.getIfAvailable(), readSeqWriter.getIfAvailable(), fanout.getIfAvailable(),
                pageReaper.getIfAvailable(), new GatewayParts(retransmission.getIfAvailable(),
                        idleWatch.getIfAvailable(), pushWriting.getIfAvailable(),
                        new LimitParts(keyedLimiters.getIfAvailable(), loginLockouts.getIfAvailable())));
    }

    /** The process's metrics, served by the gateway at {@code /metrics} in Prometheus text format. */
    @Bean(destroyMethod = "close")
    PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
