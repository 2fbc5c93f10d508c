package dev.imlab.bus;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import java.util.List;

/**
 * What a gateway is asked to do for its local devices. One record per gateway and message, not
 * per recipient: a gateway that holds 500 members of a group gets one record with 500 names.
 *
 * @param kind what to do
 * @param message the message of a {@code PUSH}, or of a {@code SEND_ACK} (with an empty body: not needed)
 * @param recipients the devices a {@code PUSH} or {@code SEND_ACK} or {@code KICK} is for
 * @param connectedBefore for {@code KICK}: only connections opened before this instant (epoch ms) go
 * @param trace for {@code PUSH}: per-hop timing so far; null when untraced
 * @param receipt for {@code READ_RECEIPT}: who read how far
 * @param refusal for {@code ERROR}: why the transfer refused a device's request (a recall)
 * @param revocation for {@code REVOKE}: which tokens of a user were revoked; {@code recipients} is empty, the
 *     gateway closes every local connection whose token the revocation covers
 */
public record GatewayCommand(Kind kind, Message message, List<DeviceRef> recipients, long connectedBefore,
                             Trace trace, Receipt receipt, Refusal refusal, Revocation revocation) {

    public enum Kind { PUSH, SEND_ACK, KICK, READ_RECEIPT, ERROR, REVOKE }

    /** {@code userId} read {@code conversationId} up to {@code seq}. */
    public record Receipt(String conversationId, String userId, long seq) {
    }

    /** An {@code error} frame for one device: {@code ref} is the clientMsgId of the refused request. */
    public record Refusal(ErrorCode code, String message, String ref) {
    }

    /**
     * Tokens of {@code userId} that are no longer valid: the one with id {@code tokenId} (a logout), or,
     * when {@code tokenId} is null, every one issued before {@code issuedBefore} (a password change).
     *
     * @param expiresAt when the revocation stops mattering (epoch ms): every token it covers has expired by then
     */
    public record Revocation(String userId, String tokenId, long issuedBefore, long expiresAt) {

        public static Revocation ofToken(String userId, String tokenId, long expiresAt) {
            return new Revocation(userId, tokenId, 0, expiresAt);
        }

        public static Revocation issuedBefore(String userId, long issuedBefore, long expiresAt) {
            return new Revocation(userId, null, issuedBefore, expiresAt);
        }

        /** Whether a token of this user, with this id and issue time (epoch ms), is one this revocation covers. */
        public boolean covers(String tokenUserId, String id, long issuedAtMs) {
            if (!userId.equals(tokenUserId)) {
                return false;
            }
            return tokenId != null ? tokenId.equals(id) : issuedAtMs < issuedBefore;
        }
    }

    public GatewayCommand(Kind kind, Message message, List<DeviceRef> recipients, long connectedBefore, Trace trace) {
        this(kind, message, recipients, connectedBefore, trace, null, null, null);
    }

    public static GatewayCommand push(Message message, List<DeviceRef> recipients, Trace trace) {
        return new GatewayCommand(Kind.PUSH, message, List.copyOf(recipients), 0, trace);
    }

    public static GatewayCommand readReceipt(Receipt receipt, List<DeviceRef> recipients) {
        return new GatewayCommand(Kind.READ_RECEIPT, null, List.copyOf(recipients), 0, null, receipt, null, null);
    }

    public static GatewayCommand error(DeviceRef device, ErrorCode code, String message, String ref) {
        return new GatewayCommand(Kind.ERROR, null, List.of(device), 0, null, null, new Refusal(code, message, ref), null);
    }

    /** The message travels without its body: a send_ack does not carry it. */
    public static GatewayCommand sendAck(Message message, DeviceRef sender) {
        Message withoutBody = new Message(message.conversationId(), message.seq(), message.from(), "",
                message.clientMsgId(), message.serverTime(), message.groupId());
        return new GatewayCommand(Kind.SEND_ACK, withoutBody, List.of(sender), 0, null);
    }

    public static GatewayCommand kick(DeviceRef device, long connectedBefore) {
        return new GatewayCommand(Kind.KICK, null, List.of(device), connectedBefore, null);
    }

    public static GatewayCommand revoke(Revocation revocation) {
        return new GatewayCommand(Kind.REVOKE, null, List.of(), 0, null, null, null, revocation);
    }
}
