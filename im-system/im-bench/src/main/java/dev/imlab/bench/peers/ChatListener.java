package dev.imlab.bench.peers;

/** What a connection reports to the load generator, on its event loop thread: do not block. */
public interface ChatListener {
    /** The server acknowledged the message sent with this counter (send_ack, XEP-0198 {@code <a/>}, PUBACK). */
    void acked(long counter);

    /** A message arrived, its body as the sender wrote it. */
    void received(String body);

    /** For connections that only sit idle. */
    ChatListener NONE = new ChatListener() {
        @Override
        public void acked(long counter) {
        }

        @Override
        public void received(String body) {
        }
    };
}
