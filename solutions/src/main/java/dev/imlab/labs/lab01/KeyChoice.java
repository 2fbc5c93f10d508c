package dev.imlab.labs.lab01;

import dev.imlab.bus.UpstreamRecord;
import java.util.UUID;

/**
 * Candidates for the Kafka key of a {@code send} on {@code im.upstream}. The tests send real
 * records with each and show what it does to the seqs the transfer hands out.
 */
public enum KeyChoice {

    /**
     * The conversation id: right. Every record of a conversation lands in one partition, which one
     * transfer instance owns, so each conversation has exactly one writer of seqs and one order,
     * the partition's. The price: a very busy conversation cannot be spread over partitions.
     */
    CONVERSATION {
        @Override
        public String keyOf(UpstreamRecord send) {
            return send.conversationId();
        }
    },

    /**
     * The sender: wrong. Keeps each sender's own messages in order, but the two sides of a chat
     * land in different partitions, so two transfer instances number the same conversation.
     */
    SENDER {
        @Override
        public String keyOf(UpstreamRecord send) {
            return send.senderId();
        }
    },

    /**
     * Random: wrong. Balances load perfectly and keeps no order at all, not even one sender's.
     */
    RANDOM {
        @Override
        public String keyOf(UpstreamRecord send) {
            return UUID.randomUUID().toString();
        }
    };

    /** The Kafka key this choice gives the record. */
    public abstract String keyOf(UpstreamRecord send);
}
