package dev.imlab.testsupport.check;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * PROTOCOL.md's guarantees in numbers, for a run whose conversations are all new (seqs from 1):
 * what senders got a {@code send_ack} for, against what each device received.
 *
 * <ul>
 * <li>lost: an acked seq that a member device never received, unless the device was told it
 *     expired (a minSeq above it, PROTOCOL.md v2: see {@link #expired});
 * <li>duplicated: one clientMsgId under two seqs (in acks or pushes), and, behind the SDK, a seq
 *     the app was handed twice;
 * <li>gaps: seqs 1..max of a conversation that nobody ever saw, neither in an ack nor a push;
 * <li>outOfOrder: a first delivery of a seq lower than one the device already had;
 * <li>mismatched: a push whose clientMsgId differs from the one acked for that seq (from the
 *     first push of it while none was acked), or a second ack of a seq with another clientMsgId;
 * <li>redelivered: on the wire, a push of a seq the device already had.
 * </ul>
 *
 * <p>Where deliveries are recorded decides what a second delivery of a seq to one device means.
 * On the wire ({@link #forRawPushes()}, im-bench) it is a re-send the protocol allows (rules 3
 * and 4: a push the device had not acked yet): counted as redelivered, and dropped, as the SDK
 * drops it.
 * Behind the SDK's listener ({@link #afterSdkDedupe()}, the chaos suite) the SDK should have
 * dropped it, so the app showed a message twice: counted as duplicated.
 *
 * <p>Thread-safe: devices record from their own threads while another reads {@link #counts()}.
 * Counts read while recording goes on are a snapshot of no single instant; read them for a
 * verdict once the run has settled.
 */
public final class DeliveryChecker {
    private final boolean repeatsAreDuplicates;
    private final Map<String, ConversationLog> conversations = new ConcurrentHashMap<>();
    private final Map<String, DeviceLog> devices = new ConcurrentHashMap<>();
    private final StoredCopies copies = new StoredCopies();
    private final LongAdder repeats = new LongAdder();

    private DeliveryChecker(boolean repeatsAreDuplicates) {
        this.repeatsAreDuplicates = repeatsAreDuplicates;
    }

    /** For push frames as they come off the wire: a repeat is a re-send the protocol allows. */
    public static DeliveryChecker forRawPushes() {
        return new DeliveryChecker(false);
    }

    /** For what the SDK hands the app: a repeat is a message shown twice. */
    public static DeliveryChecker afterSdkDedupe() {
        return new DeliveryChecker(true);
    }

    /**
     * Makes the device a receiver of the conversation: it must end up with every acked seq. A
     * sender's own device is not one; its messages come back as acks, not pushes.
     */
    public void member(String device, String conversation) {
        conversation(conversation); // first: counting looks up every conversation a device is a member of
        device(device).member(conversation);
    }

    public void acked(String conversation, long seq, String clientMsgId) {
        int index = index(seq);
        ConversationLog log = conversation(conversation);
        log.acked(index, clientMsgId);
        copies.note(log.id(), index, clientMsgId);
    }

    /** @return true for a first delivery, false for a seq the device already had */
    public boolean delivered(String device, String conversation, long seq, String clientMsgId) {
        int index = index(seq);
        if (!device(device).firstDelivery(conversation, index)) {
            repeats.increment();
            return false;
        }
        ConversationLog log = conversation(conversation);
        log.delivered(index, clientMsgId);
        copies.note(log.id(), index, clientMsgId);
        return true;
    }

    /**
     * The device learned that seqs below {@code minSeq} of the conversation expired: those it never
     * got are not lost (they are counted by {@link #expiredUndelivered()}).
     */
    public void expired(String device, String conversation, long minSeq) {
        device(device).expiredBelow(conversation, (int) Math.min(minSeq, Integer.MAX_VALUE));
    }

    /** Acked seqs that a member device never got because they expired before it came for them. */
    public long expiredUndelivered() {
        long count = 0;
        for (DeviceLog d : devices.values()) {
            count += d.expiredUndelivered(conversations::get);
        }
        return count;
    }

    /** True when every member device has every acked seq of its conversations. */
    public boolean allDelivered() {
        return lost() == 0;
    }

    public DeliveryCounts counts() {
        long acked = 0;
        long gaps = 0;
        long mismatched = 0;
        for (ConversationLog c : conversations.values()) {
            acked += c.ackedCount();
            gaps += c.gaps();
            mismatched += c.mismatched();
        }
        long delivered = 0;
        long outOfOrder = 0;
        for (DeviceLog d : devices.values()) {
            delivered += d.delivered();
            outOfOrder += d.outOfOrder();
        }
        long repeated = repeats.sum();
        long duplicated = copies.extra() + (repeatsAreDuplicates ? repeated : 0);
        long redelivered = repeatsAreDuplicates ? 0 : repeated;
        return new DeliveryCounts(acked, delivered, lost(), duplicated, gaps, outOfOrder, mismatched, redelivered);
    }

    private long lost() {
        long lost = 0;
        for (DeviceLog d : devices.values()) {
            lost += d.lost(conversations::get);
        }
        return lost;
    }

    private DeviceLog device(String device) {
        return devices.computeIfAbsent(device, d -> new DeviceLog());
    }

    private ConversationLog conversation(String conversation) {
        return conversations.computeIfAbsent(conversation, ConversationLog::new);
    }

    /** Seqs index bit sets; a run's new conversations never reach the int limit. */
    private static int index(long seq) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq is " + seq + "; the checker takes 1 to " + Integer.MAX_VALUE
                    + ", the seqs of conversations new to the run");
        }
        return (int) seq;
    }
}
