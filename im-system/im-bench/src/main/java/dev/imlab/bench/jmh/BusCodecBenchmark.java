package dev.imlab.bench.jmh;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.StoredRecord;
import dev.imlab.bus.Trace;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.protocol.Message;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The records between the roles on Kafka: each message is encoded four times and decoded four times on its way. */
@State(Scope.Thread)
public class BusCodecBenchmark {
    private final Message message = new Message("si_alice_bob", 42, "alice", "x".repeat(100), "c-123456",
            1_767_225_600_000L, null);
    private final Trace trace = new Trace(1_767_225_600_000_000L, 1_767_225_600_001_000L, 1_767_225_600_002_000L,
            1_767_225_600_003_000L);
    private final UpstreamRecord upstream = new UpstreamRecord("alice", "phone", "gw-1", "c-123456", "si_alice_bob", "bob",
            null, "x".repeat(100), 1_767_225_600_000L, trace);
    private final StoredRecord stored = new StoredRecord(message, "phone", trace);
    private final GatewayCommand push = GatewayCommand.push(message, List.of(new DeviceRef("bob", "laptop")), trace);
    private final byte[] upstreamBytes = BusCodec.write(upstream);
    private final byte[] storedBytes = BusCodec.write(stored);
    private final byte[] pushBytes = BusCodec.write(push);

    @Benchmark
    public byte[] encodeUpstream() {
        return BusCodec.write(upstream);
    }

    @Benchmark
    public UpstreamRecord decodeUpstream() {
        return BusCodec.read(upstreamBytes, UpstreamRecord.class);
    }

    @Benchmark
    public byte[] encodeStored() {
        return BusCodec.write(stored);
    }

    @Benchmark
    public StoredRecord decodeStored() {
        return BusCodec.read(storedBytes, StoredRecord.class);
    }

    @Benchmark
    public byte[] encodePush() {
        return BusCodec.write(push);
    }

    @Benchmark
    public GatewayCommand decodePush() {
        return BusCodec.read(pushBytes, GatewayCommand.class);
    }
}
