package dev.imlab.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bench.cli.Options;
import dev.imlab.bench.peers.ejabberd.EjabberdConfig;
import dev.imlab.bench.peers.mosquitto.MosquittoConfig;
import dev.imlab.bench.report.Report;
import dev.imlab.testsupport.check.DeliveryCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the peers scenario that need nothing installed: the configurations it writes, the
 * body every system carries, the load generator and checker against an in-memory fake that loses,
 * duplicates and reorders on purpose, and the skip when a peer is missing. Running ejabberd and
 * Mosquitto is the scenario's job, not the test command's.
 */
class PeersSmokeTest {
    @TempDir
    Path dir;

    @Test
    void ejabberdConfig_isLoopbackWithoutLimits_withStreamManagementOfflineAndArchive() {
        String yaml = new EjabberdConfig("bench.local", 15280, true, null).yaml();

        assertThat(yaml).contains("port: 15280", "ip: \"127.0.0.1\"", "ejabberd_http_ws", "c2s_shaper: none",
                "max_user_sessions: infinity", "max_user_offline_messages: infinity", "mod_stream_mgmt:",
                "resend_on_timeout: if_offline", "mod_offline:", "mod_mam:", "default: always", "default_db: mnesia",
                "cache_size: 100000");
        assertThat(yaml).doesNotContain("tls", "starttls", "certfiles", "5222");
        assertThat(yaml.lines().filter(l -> l.startsWith("-") || l.contains("\t"))).isEmpty();
        assertThat(yaml.lines().mapToInt(l -> l.length() - l.stripLeading().length()).filter(i -> i % 2 != 0)).isEmpty();
    }

    @Test
    void ejabberdConfig_onSqlite_putsEverythingInTheFile_andCanLeaveTheArchiveOut() {
        String yaml = new EjabberdConfig("bench.local", 15280, false, dir.resolve("e.sqlite")).yaml();

        assertThat(yaml).contains("sql_type: sqlite", "sql_database: \"" + dir.resolve("e.sqlite").toAbsolutePath() + "\"",
                "auth_method: [sql]", "default_db: sql");
        assertThat(yaml).doesNotContain("mod_mam");
    }

    @Test
    void mosquittoConfig_persistsOnLoopback_withPasswordsAndNoQueueLimit() {
        String conf = new MosquittoConfig(11883, dir.resolve("passwd"), dir.resolve("data"), dir.resolve("m.log"), 1800, "root").conf();

        assertThat(conf).contains("listener 11883 127.0.0.1", "allow_anonymous false",
                "password_file " + dir.resolve("passwd").toAbsolutePath(), "persistence true",
                "persistence_location " + dir.resolve("data").toAbsolutePath() + "/", "autosave_interval 1800",
                "max_queued_messages 0", "max_inflight_messages 0");
        assertThat(MosquittoConfig.plainPasswords(List.of("a", "b"), "pw")).isEqualTo("a:pw\nb:pw\n");
    }

    @Test
    void body_carriesRunCounterAndSendTime_paddedToTheSizeAsked() {
        String body = Body.of(3, 17, 123_456_789L, 100);

        assertThat(body).hasSize(100).startsWith("3:17:123456789:x");
        assertThat(Body.run(body)).isEqualTo(3);
        assertThat(Body.counter(body)).isEqualTo(17);
        assertThat(Body.sendNanos(body)).isEqualTo(123_456_789L);
    }

    @Test
    void pairs_countWhatTheFakeLosesDuplicatesAndReorders_onlyInItsPair() throws Exception {
        PeerSystem.Users users = PeersScenario.users("t", 2, 0);
        Map<Long, FakeSystem.Fault> faults = Map.of(5L, FakeSystem.Fault.LOSE, 7L, FakeSystem.Fault.DUPLICATE,
                10L, FakeSystem.Fault.HOLD_UNTIL_NEXT);
        try (FakeSystem fake = new FakeSystem("tr0", faults);
             Pairs pairs = Pairs.connect(fake, null, List.of("ts0", "ts1"), List.of("tr0", "tr1"))) {
            PairResult r = pairs.run("fake", 100, 4, 64, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
                    fake.serverPid());

            DeliveryCounts c = r.counts();
            assertThat(c.acked()).isGreaterThan(20);
            assertThat(c.lost()).isEqualTo(1);
            assertThat(c.duplicated()).isEqualTo(1);
            assertThat(c.outOfOrder()).isEqualTo(1);
            assertThat(c.delivered()).isEqualTo(c.acked() - 1);
            assertThat(PeersReport.verdict(r)).startsWith("undelivered 1, dup 1, order 1, drain gave up");
        }
        assertThat(users.talkers()).containsExactly("ts0", "ts1", "tr0", "tr1");
    }

    @Test
    void pairs_flatOut_keepTheWindowFull_andFindNothingWrongWithAnHonestServer() throws Exception {
        try (FakeSystem fake = new FakeSystem("nobody", Map.of());
             Pairs pairs = Pairs.connect(fake, null, List.of("s0"), List.of("r0"))) {
            PairResult r = pairs.run("fake", 0, 8, 32, Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(2),
                    fake.serverPid());

            assertThat(r.counts().clean()).isTrue();
            assertThat(r.drained()).isTrue();
            assertThat(r.window()).isEqualTo(8);
            assertThat(r.counts().delivered()).isEqualTo(r.counts().acked()).isGreaterThan(8);
        }
    }

    @Test
    void figures_areKeyedByTheSystemsId_notItsVersionedName_andOnlyFromACleanRun() throws Exception {
        try (FakeSystem fake = new FakeSystem("nobody", Map.of());
             Pairs pairs = Pairs.connect(fake, null, List.of("s0"), List.of("r0"))) {
            SystemRun run = new SystemRun("mosquitto", "Mosquitto 2.0.11");
            run.promise = new PeerSystem.Promise("brief", List.of("full"));
            run.flatOut = pairs.run("fake", 0, 8, 32, Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(2),
                    fake.serverPid());
            Report report = new Report("peers", dir.toString(), Map.of());

            PeersReport.describe(report, PeersScenario.Plan.of(Options.parse("--idle", "0")), List.of(run));

            assertThat(report.figures()).containsOnlyKeys("m-peers-mosquitto-flat");
            assertThat(report.figures().get("m-peers-mosquitto-flat")).endsWith(" msg/s");
        }
    }

    @Test
    void scenario_skipsAPeerThatIsNotInstalled_andSaysWhy() {
        Options o = Options.parse("--systems", "ejabberd,mosquitto", "--ejabberd-libs", dir.resolve("none").toString(),
                "--mosquitto", dir.resolve("no-mosquitto").toString(), "--out", dir.toString(), "--idle", "0");

        Report report = new PeersScenario(o).run();

        assertThat(report.text()).contains("SKIPPED ejabberd", "apt-get install ejabberd", "SKIPPED Mosquitto",
                "apt-get install mosquitto");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> systems = (Map<String, Map<String, Object>>) report.json().get("systems");
        assertThat(systems.values()).allSatisfy(s -> assertThat(s.get("skipped")).isNotNull());
        assertThat(Set.copyOf(report.json().keySet())).contains("setup", "systems");
        assertThat(report.figures()).as("a skipped system gives the handbook no figure").isEmpty();
        assertThat(Files.exists(report.write().resolve("report.json"))).isTrue();
    }
}
