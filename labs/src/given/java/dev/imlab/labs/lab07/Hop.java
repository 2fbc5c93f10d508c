package dev.imlab.labs.lab07;

/** A stretch of a message's way through the pipeline, between two of its {@link Stamps}. */
enum Hop {
    CLIENT_TO_EDGE("client -> edge (TCP)", Stamps.CLIENT_SENT, Stamps.EDGE_READ),
    EDGE_TO_BROKER("edge -> broker (produce)", Stamps.EDGE_READ, Stamps.BROKER_APPENDED),
    BROKER_TO_CONSUMER("broker -> consumer (fetch)", Stamps.BROKER_APPENDED, Stamps.POLLED),
    WAITING_FOR_HANDLER("polled, waiting for a handler", Stamps.POLLED, Stamps.HANDLER_STARTED),
    HANDLER("handler, with its DB call", Stamps.HANDLER_STARTED, Stamps.HANDLER_DONE),
    EDGE_TO_CLIENT("edge -> client (TCP)", Stamps.HANDLER_DONE, Stamps.CLIENT_RECEIVED),
    END_TO_END("end to end", Stamps.CLIENT_SENT, Stamps.CLIENT_RECEIVED);

    private final String label;
    private final int from;
    private final int to;

    Hop(String label, int from, int to) {
        this.label = label;
        this.from = from;
        this.to = to;
    }

    String label() {
        return label;
    }

    /**
     * How long the message took over this hop, in microseconds. The broker stamps in milliseconds, so
     * the hops on either side of it are off by up to 1 ms; a difference below 0 is shown as 0.
     */
    long micros(Stamps message) {
        return Math.max(0, message.at(to) - message.at(from));
    }
}
