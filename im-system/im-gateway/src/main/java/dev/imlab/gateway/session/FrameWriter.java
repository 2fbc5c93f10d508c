package dev.imlab.gateway.session;

import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.IOException;

/** Encodes server frames straight into pooled buffers as text frames. */
public final class FrameWriter {
    private final FrameCodec codec;

    public FrameWriter(FrameCodec codec) {
        this.codec = codec;
    }

    /** Writes without flushing: the frame leaves with the channel's next flush. */
    public void queue(Channel channel, ServerFrame frame) {
        channel.write(new TextWebSocketFrame(encode(channel, frame)), channel.voidPromise());
    }

    /** The frame's bytes, for writing one encoding to many channels with {@code retainedDuplicate()}. */
    public ByteBuf encode(Channel channel, ServerFrame frame) {
        ByteBuf buf = channel.alloc().buffer(256);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            codec.encode(frame, out);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalStateException("cannot encode " + frame.type(), e);
        }
        return buf;
    }
}
