package dev.imlab.labs.lab12;

/**
 * Where a message's time can go, in the order it travels: the first and last are seen only by the
 * devices, the others are the rows of the dashboard's hop table ({@code /api/v1/stats}, and
 * {@code imlab_hop_latency_seconds{hop=...}} on {@code /metrics}), read off the trace each message
 * carries.
 */
public enum Hop {
    /**
     * The device's own connection, both ways: from the device writing a frame to the gateway
     * stamping it, and from the gateway handing a frame to the connection to the device reading it.
     * No server meter sees it; the devices do (the incident prints what its users see).
     */
    DEVICE_LINK("device<>gateway"),
    /** The sender's gateway read the send, produced it to Kafka, and the transfer polled it. */
    GATEWAY_TO_TRANSFER("gateway>transfer"),
    /** The transfer numbered it and MongoDB acknowledged it. */
    TRANSFER_TO_STORED("transfer>stored"),
    /** The transfer produced it to the push topic, and the push role polled it. */
    STORED_TO_PUSH("stored>push"),
    /** The push role looked up routes and produced it to the gateway's topic; the gateway polled it. */
    PUSH_TO_GATEWAY("push>gateway");

    private final String label;

    Hop(String label) {
        this.label = label;
    }

    /** The hop's name as the dashboard and {@code /metrics} show it. */
    public String label() {
        return label;
    }
}
