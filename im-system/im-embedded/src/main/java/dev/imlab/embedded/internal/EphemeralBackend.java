package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * mongo-java-server's in-memory backend with the same commands as {@link DurableBsonBackend}
 * (MongoDB 8's {@code bulkWrite} included) and nothing kept: a restart starts empty. It exists to
 * measure what storage costs, as the ceiling of a benchmark ("the pipeline on storage that keeps
 * nothing"); imlab never runs on it otherwise.
 *
 * <p>The in-memory backend updates stored objects in place and puts them into replies, so every
 * command runs alone and replies with a copy.
 */
public final class EphemeralBackend extends MemoryBackend {
    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        lock.lock();
        try {
            Document reply = Commands.run(database, command, query, (db, op, body) -> super.handleCommand(channel, db, op, body));
            return reply == null ? null : reply.cloneDeeply();
        } finally {
            lock.unlock();
        }
    }
}
