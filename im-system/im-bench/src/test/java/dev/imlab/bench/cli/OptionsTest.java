package dev.imlab.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the bench reads its command line. */
class OptionsTest {

    @Test
    void argumentsForTheServer_areOneValue_evenWhenTheyStartWithDashes() {
        Options o = Options.parse("transfer", "--server-args", "--imlab.transfer.consumers=1 --imlab.kafka.max-poll-records=2000",
                "--server-jvm-args", "-XX:+UseParallelGC", "--ceiling-memory", "--messages", "300");

        assertThat(o.string("server-args", "")).isEqualTo("--imlab.transfer.consumers=1 --imlab.kafka.max-poll-records=2000");
        assertThat(o.string("server-jvm-args", "")).isEqualTo("-XX:+UseParallelGC");
        assertThat(o.flag("ceiling-memory")).isTrue();
        assertThat(o.integer("messages", 0)).isEqualTo(300);
    }

    @Test
    void aFlagBeforeAnotherOption_isTrue() {
        Options o = Options.parse("throughput", "--no-ceiling", "--rate", "2000");

        assertThat(o.flag("no-ceiling")).isTrue();
        assertThat(o.integer("rate", 0)).isEqualTo(2000);
    }
}
