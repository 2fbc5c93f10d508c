package dev.imlab.bus;

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
 */
public record GatewayCommand(Kind kind, Message message, List<DeviceRef> recipients, long connectedBefore,
                             Trace trace) {

    public enum Kind { PUSH, SEND_ACK, KICK }

    public static GatewayCommand push(Message message, List<DeviceRef> recipients, Trace trace) {
        return new GatewayCommand(Kind.PUSH, message, List.copyOf(recipients), 0, trace);
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
}
