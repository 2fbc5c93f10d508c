package dev.imlab.labs.lab01;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

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
     * <p>Both sides of a chat must compute the same id, whoever sends: that is why the two user ids
     * are sorted rather than written sender first. The order is {@code compareTo}'s (UTF-16 code
     * units), not a locale's, so that every language's client agrees: "Bob" sorts before "alice".
     *
     * @param to the receiver of a single-chat message, or null for a group message
     * @param groupId the group of a group message, or null for a single-chat message
     * @throws IllegalArgumentException when {@code from} sends to itself, or when not exactly one of
     *     {@code to} and {@code groupId} is given
     */
    public static String conversationOf(String from, String to, String groupId) {
        if ((to == null) == (groupId == null)) {
            throw new IllegalArgumentException("a send names exactly one of to and groupId; got to=" + to
                    + ", groupId=" + groupId);
        }
        if (groupId != null) {
            return "sg_" + groupId;
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("sending to yourself ('" + from + "') is not a conversation");
        }
        return from.compareTo(to) < 0 ? "si_" + from + "_" + to : "si_" + to + "_" + from;
    }

    /**
     * The partition Kafka's producer puts a record with this key into, among {@code partitions}:
     * what its default partitioner computes for a record that has a key.
     *
     * <p>murmur2 of the key's UTF-8 bytes, made non-negative by clearing the sign bit (not
     * {@code Math.abs}, which stays negative for {@code Integer.MIN_VALUE}), modulo the partition
     * count. Two consequences interviewers probe: the same key always lands in the same partition
     * while the count stays the same, and adding partitions moves most keys, so a running system
     * must not add partitions to {@code im.upstream} without draining it first.
     */
    public static int partitionOf(String key, int partitions) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }
}
