package dev.imlab.client;

/**
 * What this client knows of one conversation at one moment: an immutable snapshot from
 * {@link ImClient#conversation(String)}. Seeded by {@code sync}, then kept current by the
 * messages delivered, the app's {@link ImClient#read} calls, pull answers and read receipts.
 *
 * @param maxSeq      the highest seq known to exist (from {@code sync}, or a message delivered since)
 * @param minSeq      the lowest seq the server still holds: lower ones expired and can no longer be
 *                    pulled (1 while nothing expired; {@code maxSeq + 1} when everything did)
 * @param readSeq     the user's read seq, shared by the user's devices: everything up to it was read;
 *                    sending a message moves it to that message's seq
 * @param unread      {@code maxSeq - max(readSeq, minSeq - 1)}, never below 0, as PROTOCOL.md defines it:
 *                    every seq above the read seq counts, recalls included, expired ones not
 * @param peerReadSeq in a single chat, the other user's read seq: own messages up to it were read;
 *                    0 in a group, whose members' reads the server does not tell
 */
public record Conversation(String conversationId, long maxSeq, long minSeq, long readSeq, long unread,
                           long peerReadSeq) {

    /** Whether messages of this conversation expired on the server, so that a UI can say "older messages expired". */
    public boolean hasExpired() {
        return minSeq > 1;
    }

    /** In a single chat, whether the other user has read message {@code seq}: an own message shows "read". */
    public boolean readByPeer(long seq) {
        return seq <= peerReadSeq;
    }
}
