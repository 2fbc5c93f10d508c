package dev.imlab.gateway.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Counts text frames both ways, by type, without decoding them: it reads the string after the
 * first {@code "type"} key. Good enough for a dashboard; the real parse (and its errors) stay in
 * the frame handler, so a malformed frame is counted but never refused here.
 */
@ChannelHandler.Sharable
final class FrameCounter extends ChannelDuplexHandler {
    /** How far into a frame the {@code "type"} key is looked for: the server writes it first. */
    static final int TYPE_SCAN_BYTES = 256;
    private static final byte[] TYPE_KEY = "\"type\"".getBytes(StandardCharsets.US_ASCII);

    private final GatewayStats stats;

    FrameCounter(GatewayStats stats) {
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame frame) {
            stats.inbound(typeOf(frame.content()));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof TextWebSocketFrame frame) {
            stats.outbound(typeOf(frame.content()));
        }
        ctx.write(msg, promise);
    }

    /** The value of the first {@code "type"} key, or null; the buffer's indexes are left alone. */
    static String typeOf(ByteBuf json) {
        int start = json.readerIndex();
        int end = Math.min(json.writerIndex(), start + TYPE_SCAN_BYTES);
        int key = indexOf(json, start, end);
        if (key < 0) {
            return null;
        }
        int i = key + TYPE_KEY.length;
        while (i < end && json.getByte(i) != '"') {
            byte b = json.getByte(i);
            if (b != ':' && b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return null;
            }
            i++;
        }
        int valueStart = i + 1;
        for (int j = valueStart; j < end; j++) {
            if (json.getByte(j) == '"') {
                return json.toString(valueStart, j - valueStart, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static int indexOf(ByteBuf json, int start, int end) {
        outer:
        for (int i = start; i <= end - TYPE_KEY.length; i++) {
            for (int k = 0; k < TYPE_KEY.length; k++) {
                if (json.getByte(i + k) != TYPE_KEY[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
