package dev.imlab.bench.peers;

import dev.imlab.bench.peers.internal.ClientTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One messaging server the peers scenario measures: imlab, ejabberd or Mosquitto. The scenario
 * drives every system through this face with the same load generator and the same checker; what
 * differs (protocol, configuration, what an ack means) lives behind it.
 */
public interface PeerSystem extends AutoCloseable {
    /** As the report names it, with its version: {@code ejabberd 23.01}. */
    String name();

    /** Null when the system can run here; otherwise what is missing and how to install it. */
    String missing();

    /**
     * Writes a throwaway configuration under {@code dir}, creates the users, starts the server on
     * free loopback ports, and returns once it accepts clients.
     */
    void start(Path dir, Users users) throws Exception;

    /** The server process whose memory and CPU the report reads. */
    long serverPid();

    /** Before a memory reading: for a JVM, a full GC, so that RSS is not garbage the heap still holds. */
    default void settleMemory() {
    }

    /** How it ran: protocol, transport, storage and the settings that matter, for the report. */
    Map<String, Object> setup();

    /** What a sender's ack and a delivery mean in this system. */
    Promise promise();

    /**
     * Connects and authenticates one user (and, where the protocol asks for it, binds, subscribes,
     * enables acks); the future completes when the connection can send and receive.
     */
    CompletableFuture<ChatConnection> connect(ClientTransport transport, String user, ChatListener listener);

    /** Stops the server the bench started; deletes its data unless the run keeps it. */
    @Override
    void close();

    /** The run's users: those who exchange messages, and those who only hold an idle connection. */
    record Users(List<String> talkers, List<String> idle) {
        public List<String> all() {
            List<String> all = new java.util.ArrayList<>(talkers);
            all.addAll(idle);
            return all;
        }
    }

    /**
     * What a system promises, as a few words for a table column ({@code brief}) and in full for the
     * legend under it.
     */
    record Promise(String brief, List<String> full) {
    }
}
