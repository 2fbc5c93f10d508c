package dev.imlab.labs.lab01;

import dev.imlab.bus.UpstreamRecord;
import dev.imlab.labs.LabNotDone;

/**
 * Candidates for the Kafka key of a {@code send} on {@code im.upstream}. Write all three: the
 * tests send real records with each and show what it does to the seqs the transfer hands out.
 */
public enum KeyChoice {

    /** The conversation id. */
    CONVERSATION {
        @Override
        public String keyOf(UpstreamRecord send) {
            throw new LabNotDone(KeyChoice.class, "CONVERSATION.keyOf");
        }
    },

    /** The sender's user id. */
    SENDER {
        @Override
        public String keyOf(UpstreamRecord send) {
            throw new LabNotDone(KeyChoice.class, "SENDER.keyOf");
        }
    },

    /** A fresh random value for every record (what "no key" amounts to: spread evenly). */
    RANDOM {
        @Override
        public String keyOf(UpstreamRecord send) {
            throw new LabNotDone(KeyChoice.class, "RANDOM.keyOf");
        }
    };

    /** The Kafka key this choice gives the record. */
    public abstract String keyOf(UpstreamRecord send);
}
