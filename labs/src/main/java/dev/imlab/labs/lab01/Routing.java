package dev.imlab.labs.lab01;

import dev.imlab.labs.LabNotDone;

/**
 * The two routing decisions a gateway makes for every {@code send}: which conversation it belongs
 * to, and, through the Kafka key, which partition (and so which transfer instance) gets it.
 */
public final class Routing {

    private Routing() {
    }

    /**
     * The conversation a send belongs to (PROTOCOL.md, "Conversation ids"): {@code si_<a>_<b>} with
     * {@code a < b} in {@link String#compareTo} order for a single chat, {@code sg_<groupId>} for a
     * group.
     *
     * @param to the receiver of a single-chat message, or null for a group message
     * @param groupId the group of a group message, or null for a single-chat message
     * @throws IllegalArgumentException when {@code from} sends to itself, or when not exactly one of
     *     {@code to} and {@code groupId} is given
     */
    public static String conversationOf(String from, String to, String groupId) {
        throw new LabNotDone(Routing.class, "conversationOf");
    }

    /**
     * The partition Kafka's producer puts a record with this key into, among {@code partitions}:
     * what its default partitioner computes for a record that has a key.
     */
    public static int partitionOf(String key, int partitions) {
        throw new LabNotDone(Routing.class, "partitionOf");
    }
}
