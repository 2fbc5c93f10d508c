package dev.imlab.labs.lab09;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("lab09")
class ExpiryRulesTest {
    @Test
    void pullFrom_isAfterTheCursor_unlessThatExpired() {
        assertThat(ExpiryRules.pullFrom(10, 1)).isEqualTo(11);
        assertThat(ExpiryRules.pullFrom(10, 30)).as("a phone away longer than the TTL").isEqualTo(30);
        assertThat(ExpiryRules.pullFrom(0, 1)).isEqualTo(1);
    }

    @Test
    void unread_countsOnlyWhatCanStillBeRead() {
        assertThat(ExpiryRules.unread(100, 40, 1)).isEqualTo(60);
        assertThat(ExpiryRules.unread(100, 40, 71)).as("31 of the 60 after the read seq expired").isEqualTo(30);
        assertThat(ExpiryRules.unread(100, 100, 1)).isZero();
    }

    @Test
    void unread_isNeverNegative_evenWhenEverythingExpired() {
        assertThat(ExpiryRules.unread(100, 40, 101)).isZero();
        assertThat(ExpiryRules.unread(0, 0, 1)).isZero();
        assertThat(ExpiryRules.unread(100, 150, 1)).as("a read seq ahead of maxSeq (another device)").isZero();
    }
}
