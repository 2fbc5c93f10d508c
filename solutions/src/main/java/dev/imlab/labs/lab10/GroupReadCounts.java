package dev.imlab.labs.lab10;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "Read by k" for the messages of one group: how many members other than its sender have read
 * each message, kept from read receipts that come late, twice and out of order, from many threads.
 * A member who read up to 7 has read 1 to 7, once each.
 *
 * <p>Each member has a read seq. A receipt that moves it from {@code p} to {@code s} counts the
 * member once for each message {@code p + 1 .. s}, and only the thread whose compare-and-set
 * moved it from {@code p} does so: two receipts that race own disjoint ranges, and a late or
 * repeated one owns none, so nothing is counted twice. ({@link ReadCursor#advance}'s yes or no is
 * not enough here: the range needs the value it moved from.)
 *
 * @implNote The counts cost a write per message a receipt covers, which is why the real server
 *     keeps no such counts and the handbook computes "read by k" from the members' read seqs for
 *     the messages on screen instead. Counting here is the lab's way to make double counting visible.
 */
public final class GroupReadCounts {
    private record Sent(String sender, AtomicInteger readers) {
    }

    private final Map<Long, Sent> messages = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> cursors = new ConcurrentHashMap<>();

    public GroupReadCounts() {
    }

    public void sent(long seq, String sender) {
        messages.put(seq, new Sent(sender, new AtomicInteger()));
    }

    public void read(String member, long seq) {
        AtomicLong cursor = cursors.computeIfAbsent(member, m -> new AtomicLong());
        long from = cursor.get();
        while (seq > from) {
            if (cursor.compareAndSet(from, seq)) {
                countRange(member, from, seq);
                return;
            }
            from = cursor.get();
        }
    }

    private void countRange(String member, long from, long to) {
        for (long s = from + 1; s <= to; s++) {
            Sent message = messages.get(s);
            if (message != null && !message.sender().equals(member)) {
                message.readers().incrementAndGet();
            }
        }
    }

    public int readBy(long seq) {
        Sent message = messages.get(seq);
        return message == null ? 0 : message.readers().get();
    }
}
