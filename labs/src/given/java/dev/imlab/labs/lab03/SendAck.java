package dev.imlab.labs.lab03;

/** The server's {@code send_ack}: the message is stored under {@code seq}. */
public record SendAck(String clientMsgId, long seq) {
}
