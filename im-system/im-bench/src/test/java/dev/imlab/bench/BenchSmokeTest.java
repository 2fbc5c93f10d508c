package dev.imlab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.cluster.ImlabCluster;
import dev.imlab.bench.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario, tiny, against one real server in a child JVM: the bench runs to its report and
 * the checker counts nothing wrong. {@code transfer} and {@code restart} start servers of their own
 * (they split the roles over JVMs, or kill the server) and must find every message stored once.
 * Never asserts a timing: CI machines are slow and shared.
 */
class BenchSmokeTest {
    @TempDir
    static Path out;
    static ImlabCluster cluster;

    @BeforeAll
    static void startServer() {
        cluster = ImlabCluster.startOrAttach(Options.parse("--server-heap", "512m"), out, 0);
    }

    @AfterAll
    static void stopServer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Options against() {
        return Options.parse("--target", cluster.baseUri().toString(), "--kafka", cluster.kafkaBootstrap(),
                "--token-secret", cluster.tokenSecret(), "--out", out.toString(), "--server-heap", "256m");
    }

    @Test
    void throughput_deliversEveryAckedMessageOnce_inOrder() throws Exception {
        Report r = BenchMain.run("throughput", against().with("pairs", 2).with("duration", "3s").with("warmup", "0s")
                .with("ceiling-duration", "1s"));

        assertClean(r, "imlab");
        assertThat(checker(r).get("acked")).isNotEqualTo(0L);
        assertThat(checker(r).get("delivered")).isEqualTo(checker(r).get("acked"));
        assertThat(r.json()).containsKey("kafkaCeiling");
        assertWritten(r, "report.json", "report.txt", "latency-percentiles.svg", "throughput-over-time.svg");
    }

    @Test
    void hops_runsAtAFixedRate_andReportsTheSplit() throws Exception {
        Report r = BenchMain.run("hops", against().with("pairs", 2).with("rate", 40).with("duration", "2s")
                .with("warmup", "0s").with("no-ceiling", true));

        assertClean(r, "imlab");
        assertThat(r.text()).contains("send → send_ack");
    }

    @Test
    void group_fansOutToEveryOnlineMember() throws Exception {
        Report r = BenchMain.run("group", against().with("members", 6).with("online", 1.0).with("senders", 2)
                .with("rate", 20).with("duration", "3s").with("warmup", "0s"));

        assertClean(r, "imlab");
        assertThat(checker(r).get("delivered")).isNotEqualTo(0L);
    }

    @Test
    void group_withReads_marksReadWhatEachMemberAcks_andStillDeliversEverything() throws Exception {
        Report r = BenchMain.run("group", against().with("members", 6).with("online", 1.0).with("senders", 2)
                .with("rate", 20).with("duration", "3s").with("warmup", "0s").with("reads", true));

        assertClean(r, "imlab");
        assertThat(r.figures()).containsKeys("m-group-reads-deliveries", "m-group-reads-p99", "m-group-reads-sent")
                .doesNotContainKey("m-group-deliveries");
        assertThat(r.figures().get("m-group-reads-sent")).isNotEqualTo("0 read frames");
    }

    @Test
    void catchup_handsTheAppEveryWaitingMessageOnce_inOrder_overSeveralPages() throws Exception {
        // 1,000 in 3 conversations: over 200 (one pull page) in each
        Report r = BenchMain.run("catchup", against().with("messages", 1_000).with("conversations", 3).with("timeout", "2m"));

        assertThat(checker(r)).containsEntry("received", 1_000L).containsEntry("duplicated", 0L)
                .containsEntry("gapsOrOutOfOrder", 0L).containsEntry("conversations", 3);
        assertThat(r.figures()).containsEntry("m-catchup-msgs", "1,000 messages").containsKey("m-catchup-time");
    }

    @Test
    void expiry_handsTheReturningDeviceNothing_andTheReaperDeletesEveryExpiredMessage() throws Exception {
        Report r = BenchMain.run("expiry", ownServers().with("messages", 300).with("conversations", 3).with("ttl", "2s")
                .with("reap-interval", "20s").with("timeout", "1m"));

        @SuppressWarnings("unchecked")
        Map<String, Object> expiry = (Map<String, Object>) r.get("imlab");
        assertThat(expiry).containsEntry("checkBeforeTheReaper", "clean").containsEntry("checkAfterTheReaper", "clean")
                .containsEntry("reclaimed", 300L).containsEntry("messagesHandedToTheApp", 0L);
        assertThat(r.figures()).containsEntry("m-expiry-msgs", "300 messages").containsKeys("m-expiry-sync", "m-expiry-sync-reaped");
    }

    @Test
    void soak_keepsHonestTrafficWhole_whileEachAbuserTripsItsLimit() throws Exception {
        Report r = BenchMain.run("soak", ownServers().with("duration", "36s").with("abuse-after", "12s").with("sample", "4s")
                .with("pairs", 4).with("rate", 40).with("group-members", 6).with("group-rate", 2).with("slow-readers", 1));

        @SuppressWarnings("unchecked")
        Map<String, Object> soak = (Map<String, Object>) r.get("imlab");
        assertClean(r, "imlab");
        assertThat(soak).containsEntry("drained", true);
        @SuppressWarnings("unchecked")
        Map<String, Object> abusers = (Map<String, Object>) soak.get("abusers");
        assertThat(abusers).containsEntry("victimLoginFailures", 0L);
        assertThat((Long) abusers.get("victimLogins")).isPositive();
        assertThat((Long) abusers.get("floodRateLimited")).isPositive();
        assertThat((Long) abusers.get("hoardDevicesRefused")).isPositive();
        assertThat((Long) abusers.get("slowlorisClosedByServer")).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Double> refused = (Map<String, Double>) soak.get("limitsRefused");
        assertThat(refused.get("frames-per-connection")).isPositive();
        assertThat(refused.get("connections-per-user")).isPositive();
        assertThat(refused.get("handshake-timeout")).isPositive();
        assertThat(refused.getOrDefault("login-failures-per-user", 0.0) + refused.getOrDefault("login-lockout", 0.0)).isPositive();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) soak.get("timeline");
        assertThat(timeline).hasSizeGreaterThan(5).allSatisfy(row -> {
            assertThat((Double) row.get("heapUsedMb")).as("heap in use").isPositive();
            assertThat((Double) row.get("threads")).isPositive();
            assertThat((Double) row.get("openFiles")).isPositive();
        });
        assertWritten(r, "memory-over-time.svg", "latency-over-time.svg");
        assertThat(r.figures()).containsKeys("m-soak-p99-calm", "m-soak-p99-abused", "m-soak-rss-last", "m-soak-refusals");
    }

    @Test
    void connections_holdsEveryConnection_onImlabAndOnTheBareBaseline() throws Exception {
        Report r = BenchMain.run("connections", against().with("connections", 40).with("per-client", 25)
                .with("hold", "1s").with("settle", "0s").with("ping", "1s"));

        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) r.get("connections");
        assertThat(((Map<?, ?>) c.get("imlab")).get("open")).isEqualTo(40);
        assertThat(((Map<?, ?>) c.get("bareNetty")).get("open")).isEqualTo(40);
        assertWritten(r, "report.json", "memory-per-connection.svg");
    }

    @Test
    void results_mergesTheRunsFigures_withItsCommandAndDate_intoTheAttributeFile() throws Exception {
        Path file = out.resolve("results/measured.adoc");
        Report r = BenchMain.run("throughput", against().with("pairs", 2).with("duration", "2s").with("warmup", "0s")
                .with("ceiling-duration", "1s").with("results", file.toString()));

        assertThat(r.figures()).containsOnlyKeys("m-tput-flat", "m-tput-flat-ceiling-kafka");
        assertThat(Files.readString(file)).containsPattern("(?m)^:m-tput-flat: [0-9][0-9,.]* msg/s$")
                .containsPattern("(?m)^:m-tput-flat-ceiling-kafka: [0-9][0-9,.]* msg/s$")
                .containsPattern("(?m)^:m-tput-flat-cmd: java -jar im-system/im-bench/target/im-bench.jar throughput --target .* --pairs 2 ")
                .containsPattern("(?m)^:m-tput-flat-when: " + r.startedAt().toLocalDate() + ", [0-9]+ cores, load average ");
    }

    @Test
    void jmh_runsABenchmarkInProcess() throws Exception {
        Report r = BenchMain.run("jmh", against().with("quick", true).with("forks", 0)
                .with("include", "CodecBenchmark.decodeSend"));

        assertThat(r.get("results")).asList().isNotEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void transfer_drainsAFilledUpstream_andStoresEveryMessageOnce_onDiskAndOnNoStorage() throws Exception {
        Report r = BenchMain.run("transfer", ownServers().with("messages", 2_000).with("warmup-messages", 500)
                .with("conversations", 10).with("sample", 200).with("ceiling-duration", "1s").with("ceiling-memory", true));

        List<Map<String, Object>> drains = (List<Map<String, Object>>) r.get("drains");
        assertThat(drains).extracting(d -> d.get("storage")).containsExactly("disk", "memory");
        for (Map<String, Object> drain : drains) {
            assertThat(drain).containsEntry("left", 0L).containsEntry("warmupMessages", 500L);
            assertStoredExactly((Map<String, Object>) drain.get("stored"), 2_000L);
        }
        assertThat(r.json()).containsKey("kafkaCeiling");
        assertWritten(r, "report.json", "report.txt");
    }

    @Test
    @SuppressWarnings("unchecked")
    void restart_afterKill9_comesBackWithEveryStoredMessage() throws Exception {
        Report r = BenchMain.run("restart", ownServers().with("messages", 2_000).with("conversations", 10).with("sample", 200));

        Map<String, Object> restart = (Map<String, Object>) r.get("restart");
        assertThat(restart).containsEntry("stored", 2_000L).containsKey("restartToHealthySeconds");
        assertStoredExactly((Map<String, Object>) restart.get("check"), 2_000L);
        assertThat(r.text()).contains("after kill -9");
    }

    /** For the scenarios that must start (and kill, or split) servers of their own. */
    private static Options ownServers() {
        return Options.parse("--out", out.toString(), "--server-heap", "512m");
    }

    private static void assertStoredExactly(Map<String, Object> stored, long messages) {
        assertThat(stored).containsEntry("stored", messages).containsEntry("maxSeqWrong", 0).containsEntry("missing", 0)
                .containsEntry("wrong", 0).containsEntry("beyondLast", 0);
        assertThat((Integer) stored.get("sampled")).isPositive();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> checker(Report r) {
        return (Map<String, Object>) ((Map<String, Object>) r.get("imlab")).get("checker");
    }

    private static void assertClean(Report r, String key) {
        Map<String, Object> c = checker(r);
        assertThat(c).containsEntry("lost", 0L).containsEntry("duplicated", 0L).containsEntry("gaps", 0L)
                .containsEntry("outOfOrder", 0L).containsEntry("mismatched", 0L);
    }

    private static void assertWritten(Report r, String... files) {
        Path dir = r.write();
        for (String f : files) {
            assertThat(Files.exists(dir.resolve(f))).as(f).isTrue();
        }
    }
}
