package dev.imlab.labs.lab10;

import dev.imlab.labs.LabNotDone;

/**
 * "Read by k" for the messages of one group: how many members other than its sender have read
 * each message, kept from read receipts that come late, twice and out of order, from many threads.
 * A member who read up to 7 has read 1 to 7, once each.
 */
public final class GroupReadCounts {

    public GroupReadCounts() {
        // Keep what you need.
    }

    /**
     * Message {@code seq} of the group was sent by {@code sender}. The group's single writer calls
     * this for 1, 2, 3, ... in order, and a message is sent before anyone can read it.
     */
    public void sent(long seq, String sender) {
        throw new LabNotDone(GroupReadCounts.class, "sent");
    }

    /** A read receipt: {@code member} read everything up to {@code seq}. Any thread. */
    public void read(String member, long seq) {
        throw new LabNotDone(GroupReadCounts.class, "read");
    }

    /** How many members other than its sender have read message {@code seq}. */
    public int readBy(long seq) {
        throw new LabNotDone(GroupReadCounts.class, "readBy");
    }
}
