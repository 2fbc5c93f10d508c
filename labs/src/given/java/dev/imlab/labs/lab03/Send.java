package dev.imlab.labs.lab03;

/** A {@code send} frame, reduced to what retransmission and dedupe need. */
public record Send(String senderId, String clientMsgId, String body) {
}
