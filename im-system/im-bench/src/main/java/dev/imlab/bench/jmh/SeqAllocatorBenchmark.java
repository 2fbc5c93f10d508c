package dev.imlab.bench.jmh;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.imlab.storage.Storage;
import dev.imlab.transfer.seq.DurableSeqAllocator;
import java.net.InetSocketAddress;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code DurableSeqAllocator.next} on a warm conversation: the in-memory path every message of
 * a conversation takes once the transfer has loaded it (target: above 1 million per second).
 * The first call per conversation reads MongoDB (here the in-memory stand-in); the setup makes it.
 */
@State(Scope.Thread)
public class SeqAllocatorBenchmark {
    private MongoServer mongo;
    private Storage storage;
    private DurableSeqAllocator allocator;
    private final String[] conversations = new String[1024];
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress address = mongo.bind();
        storage = new Storage("mongodb://127.0.0.1:" + address.getPort(), "bench");
        allocator = new DurableSeqAllocator(storage.conversations(), storage.messages(), storage.dedupe());
        for (int n = 0; n < conversations.length; n++) {
            conversations[n] = "si_u" + n + "_v" + n;
            allocator.recover(conversations[n]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        storage.close();
        mongo.shutdownNow();
    }

    @Benchmark
    public long nextOnOneConversation() {
        return allocator.next(conversations[0]);
    }

    /** 1,024 warm conversations in turn: the hash lookup misses the CPU cache more often. */
    @Benchmark
    public long nextAcrossConversations() {
        return allocator.next(conversations[i++ & 1023]);
    }
}
