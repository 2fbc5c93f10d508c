package dev.imlab.labs.lab12;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;

/**
 * Your diagnosis of the current incident, checked, then proven: the hop and the cause must be the
 * incident's, and with your fix applied the symptom must be gone. The test runs the real server
 * twice in a JVM of its own with the same load ({@link IncidentRun}): with the fault and your fix,
 * then with the fault as the incident had it. The symptom (the median of the hop you named, of
 * what the users wait for a send_ack, or the sends refused, depending on the fault) must be at
 * least {@value #FACTOR} times smaller with the fix. Both runs' tables are printed, p99 beside p50.
 *
 * <p>The bound is relative to the faulty run of the same test, on the same machine. When the fixed
 * run misses it, it runs once more and the better run counts: a busy machine only ever makes a run
 * slower, and no luck takes a fault's symptom away.
 *
 * <p>In {@code solutions}, the test does this for every fault, with the reference diagnoses.
 */
@Tag("lab12")
class IncidentTest {
    static final int FACTOR = 5;
    static final String START = "labs/start-incident.sh";

    private final Path root = repositoryRoot();
    private final IncidentRun runs = new IncidentRun(root, Path.of("target", "lab12"));

    @TestFactory
    List<DynamicTest> diagnosis_namesTheHopAndCause_andTheFixTakesTheSymptomAway(TestReporter reporter) {
        List<DynamicTest> tests = new ArrayList<>();
        if ("solutions".equals(System.getProperty("imlab.labs.module"))) {
            Random random = new Random(12);
            for (Fault fault : Fault.values()) {
                String id = Incidents.newId(fault, random);
                tests.add(DynamicTest.dynamicTest(fault.name() + " (" + id + ")",
                        () -> prove(id, IncidentReport.diagnose(id), reporter)));
            }
            return tests;
        }
        Optional<Properties> current = Incidents.current(root.resolve(Incidents.DIR));
        String id = current.map(p -> p.getProperty("id")).orElse(null);
        tests.add(DynamicTest.dynamicTest(id == null ? "the current incident (none started)" : "incident " + id, () -> {
            Diagnosis diagnosis;
            try {
                diagnosis = IncidentReport.diagnose(id);
            } catch (RuntimeException e) {
                if (id == null) {
                    fail("No incident started yet: start one from the repository root with " + START
                            + ", diagnose it, end it, and run this test again (guide: labs/guides/lab12.adoc)");
                }
                throw e;
            }
            if (id == null) {
                fail("No incident started yet: start one from the repository root with " + START);
            }
            refuseWhileRunning(current.get());
            prove(id, diagnosis, reporter);
        }));
        return tests;
    }

    private void prove(String id, Diagnosis diagnosis, TestReporter reporter) throws Exception {
        assertThat(diagnosis).as("IncidentReport.diagnose(\"%s\")", id).isNotNull();
        Fault fault = Incidents.faultOf(id);
        assertThat(fault.hops()).as("Incident %s: %s (%s) is not where the time goes. Compare the dashboard's hop table "
                + "with what the users see (the incident's output), hop by hop.", id, diagnosis.hop(),
                diagnosis.hop().label()).contains(diagnosis.hop());
        assertThat(diagnosis.cause()).as("Incident %s: the time is on %s, but %s is not what holds it there. "
                + "The guide's hints for what you see may help.", id, diagnosis.hop().label(), diagnosis.cause())
                .isEqualTo(fault.cause());
        if (!Files.isRegularFile(runs.serverJar())) {
            fail("The test runs the real server, and its jar is not built: ./mvnw -q -pl im-system/im-server -am package "
                    + "-DskipTests (wanted " + runs.serverJar() + ")");
        }

        // The fixed server runs first, on a colder JVM and infrastructure than the faulty one: whatever that
        // costs, it costs the fix.
        List<Measurement> pair = runs.run(id, fault, java.util.Arrays.asList(diagnosis, null));
        Measurement fixed = pair.get(0);
        Measurement faulty = pair.get(1);
        System.out.println(faulty.table("incident " + id + ", as it was"));
        System.out.println(fixed.table("incident " + id + " with your fix " + diagnosis.fix()));
        double before = faulty.symptom(fault.measure(), diagnosis.hop());
        assertThat(before).as("Incident %s did not show its symptom in the test's run (%s): the run is broken, not your "
                + "diagnosis; see %s", id, fault.measure(), Path.of("target", "lab12")).isGreaterThan(0);
        double bound = before / FACTOR;
        double after = fixed.symptom(fault.measure(), diagnosis.hop());
        if (after >= bound) {
            Measurement again = runs.run(id + "-again", fault, List.of(diagnosis)).get(0);
            System.out.println(again.table("incident " + id + " with your fix " + diagnosis.fix() + ", again"));
            after = Math.min(after, again.symptom(fault.measure(), diagnosis.hop()));
        }
        assertThat(after).as("Incident %s: with your fix (%s), %s is %.1f; without it, %.1f. The fix must take it at "
                        + "least %d times lower (see the tables above).", id, diagnosis.fix(),
                describe(fault.measure(), diagnosis.hop()), after, before, FACTOR)
                .isLessThan(bound);
        reporter.publishEntry("lab12.solved", fault.title());
    }

    private static String describe(Fault.Measure measure, Hop hop) {
        return switch (measure) {
            case NAMED_HOP_P50 -> "the median of " + hop.label() + " in ms";
            case SEND_TO_ACK_P50 -> "the users' median from send to send_ack in ms";
            case SEND_TO_PUSH_P50 -> "the users' median from send to push in ms";
            case REFUSALS_PER_THOUSAND_SENDS -> "sends refused per thousand";
        };
    }

    /** Two servers on two cores measure each other: the incident must end before its test runs. */
    private static void refuseWhileRunning(Properties incident) {
        long pid = Long.parseLong(incident.getProperty("pid", "0"));
        boolean running = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().arguments())
                .map(args -> String.join(" ", args).contains(IncidentServer.class.getName()))
                .orElse(false);
        if (running) {
            fail("Incident " + incident.getProperty("id") + " is still running (pid " + pid + "): end it (Ctrl-C in its "
                    + "terminal, or kill " + pid + ") before the test runs the server itself.");
        }
    }

    /** The repository's root: the labs' guides are in {@code labs/guides} under it. */
    private static Path repositoryRoot() {
        String guides = System.getProperty("imlab.labs.guides");
        Path root = guides != null ? Path.of(guides).toAbsolutePath().normalize().getParent().getParent()
                : Path.of("").toAbsolutePath().getParent();
        return root;
    }
}
