package dev.imlab.bench.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imlab.bench.cli.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasuredFileTest {
    @TempDir
    Path dir;

    @Test
    void merge_createsTheFile_withTheHeaderAndEachFigureWithItsCommandAndDate() throws Exception {
        Path file = dir.resolve("results/measured.adoc");

        MeasuredFile.merge(file, run("m-restart-healthy", "9.50 s", "restart --messages 1000000"));

        assertThat(Files.readString(file)).isEqualTo(MeasuredFile.HEADER + """
                :m-restart-healthy: 9.50 s
                :m-restart-healthy-cmd: java -jar im-bench.jar restart --messages 1000000
                :m-restart-healthy-when: 2026-12-04, 2 cores
                """);
        assertThat(MeasuredFile.HEADER).contains("Written by im-bench").contains("im-bench.jar handbook");
        assertThat(MeasuredFile.HEADER.lines()).as("every header line is a comment").allMatch(line -> line.startsWith("//"));
    }

    @Test
    void merged_replacesTheRunsKeys_andKeepsEveryOtherEntryAsItWas() {
        String before = MeasuredFile.merged(null, merge(run("m-lat-2k-p99", "42.4 ms", "throughput --rate 2000"),
                run("m-group-p99", "303 ms", "group"), Map.of("m-chaos-lost", "0 messages")));

        String after = MeasuredFile.merged(before, run("m-lat-2k-p99", "38.0 ms", "throughput --rate 2000 --pairs 50"));

        Map<String, String> entries = MeasuredFile.parse(after);
        assertThat(entries).containsEntry("m-lat-2k-p99", "38.0 ms")
                .containsEntry("m-lat-2k-p99-cmd", "java -jar im-bench.jar throughput --rate 2000 --pairs 50")
                .containsEntry("m-group-p99", "303 ms").containsEntry("m-group-p99-cmd", "java -jar im-bench.jar group")
                .containsEntry("m-chaos-lost", "0 messages").hasSize(7);
    }

    @Test
    void merged_listsKeysInTheDesignNotesOrder_thenUnknownOnesAsTheyCame_whateverOrderTheRunsWrote() {
        String text = MeasuredFile.merged(null, merge(Map.of("x-later", "b"), run("m-restart-msgs", "1,000,000 messages", "restart"),
                Map.of("x-first-cmd", "a"), run("m-tput-flat", "11,864 msg/s", "throughput")));
        text = MeasuredFile.merged(text, run("m-lat-200-p99", "13.7 ms", "throughput --rate 200"));

        assertThat(MeasuredFile.parse(text).keySet()).containsExactly("m-tput-flat", "m-tput-flat-cmd", "m-tput-flat-when",
                "m-lat-200-p99", "m-lat-200-p99-cmd", "m-lat-200-p99-when", "m-restart-msgs", "m-restart-msgs-cmd",
                "m-restart-msgs-when", "x-later", "x-first-cmd");
        assertThat(MeasuredFile.merged(text, Map.of())).as("merging nothing changes nothing").isEqualTo(text);
        assertThat(text.lines().filter(String::isBlank)).as("a blank line would end the including page's header").isEmpty();
    }

    @Test
    void escape_keepsValuesReadingAsWritten_onOneLine() {
        assertThat(MeasuredFile.escape("java -jar b.jar throughput --pairs 50 --storage memory"))
                .as("an option's dashes are no dash to AsciiDoc").isEqualTo("java -jar b.jar throughput --pairs 50 --storage memory");
        assertThat(MeasuredFile.escape("{m-tput-flat} or {set:x} but {not a ref}"))
                .isEqualTo("\\{m-tput-flat} or \\{set:x} but {not a ref}");
        assertThat(MeasuredFile.escape("a -- b, a--b, wait..., p99 <= 50 -> met => ok <- (C) it's"))
                .isEqualTo("a \\-- b, a\\--b, wait\\..., p99 \\<= 50 \\-> met \\=> ok \\<- \\(C) it\\'s");
        assertThat(MeasuredFile.escape("--target http://127.0.0.1:8080 --user ann@example.com"))
                .isEqualTo("--target \\http://127.0.0.1:8080 --user \\ann@example.com");
        assertThat(MeasuredFile.escape("image:x.png[] footnote:[n] [[id]] ((term)) <<xref>>"))
                .isEqualTo("\\image:x.png[] \\footnote:[n] \\[[id]] \\((term)) \\<<xref>>");
        assertThat(MeasuredFile.escape("two\nlines\r\n")).isEqualTo("two lines");
        assertThat(MeasuredFile.escape("ends in +")).as("' +' would continue the entry").isEqualTo("ends in +{empty}");
        assertThat(MeasuredFile.escape("*bold* _it_ `code` #mark#")).as("quotes run before attributes: left as they are")
                .isEqualTo("*bold* _it_ `code` #mark#");
    }

    @Test
    void merged_refusesAFileImBenchDidNotWrite() {
        assertThatThrownBy(() -> MeasuredFile.merged("= The handbook\n:m-tput-flat: 1 msg/s\n", run("m-tput-flat", "2 msg/s", "t")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    @Test
    void command_isTheScenarioWithItsArguments_lessResults() {
        Options o = Options.parse("--pairs", "50", "--results", "x.adoc", "--ceiling-memory", "--server-jvm-args", "-Xss1m -XX:+UseG1GC");

        assertThat(RunFigures.command("throughput", o)).isEqualTo("java -jar im-system/im-bench/target/im-bench.jar throughput "
                + "--pairs 50 --ceiling-memory --server-jvm-args '-Xss1m -XX:+UseG1GC'");
        assertThat(RunFigures.file("x.adoc")).isEqualTo(Path.of("x.adoc"));
    }

    @Test
    void handbook_runsTheReadmeTablesCommands_shortOnesFirst() {
        assertThat(HandbookRun.STEPS.keySet()).containsExactly("transfer", "restart", "catchup", "expiry", "group",
                "group-reads", "group-10k", "connections", "rate-200", "rate-2000", "flat");
        Options flat = HandbookRun.options(HandbookRun.STEPS.get("flat").subList(1, 5), Options.parse("--server-heap", "2g",
                "--only", "flat", "--results", "r.adoc"));
        assertThat(flat.arguments()).containsExactly("--pairs", "50", "--duration", "180s", "--server-heap", "2g");
    }

    /** One figure as a run writes it: value, command, when. */
    private static Map<String, String> run(String key, String value, String args) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(key, value);
        m.put(key + "-cmd", "java -jar im-bench.jar " + args);
        m.put(key + "-when", "2026-12-04, 2 cores");
        return m;
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> all = new LinkedHashMap<>();
        List.of(maps).forEach(all::putAll);
        return all;
    }
}
