package dev.imlab.bench.jmh;

import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.io.ByteArrayOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The gateway's per-frame work: decode a client {@code send}, encode a {@code push}. */
@State(Scope.Thread)
public class CodecBenchmark {
    private final FrameCodec codec = new FrameCodec();
    private final String send = "{\"type\":\"send\",\"clientMsgId\":\"c-123456\",\"to\":\"bob\",\"body\":\"" + "x".repeat(100) + "\"}";
    private final ServerFrame push = new ServerFrame.Push(new Message("si_alice_bob", 42, "alice", "x".repeat(100), "c-123456",
            1_767_225_600_000L, null));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    @Benchmark
    public ClientFrame decodeSend() {
        return codec.decodeClient(send);
    }

    @Benchmark
    public String encodePush() {
        return codec.encode(push);
    }

    @Benchmark
    public int encodePushToStream() {
        out.reset();
        codec.encode(push, out);
        return out.size();
    }
}
