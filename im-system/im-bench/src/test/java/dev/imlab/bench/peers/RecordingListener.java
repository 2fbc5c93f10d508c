package dev.imlab.bench.peers;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/** What a peer's connection handed its listener, for the connection tests, and their WebSocket output. */
public final class RecordingListener implements ChatListener {
    public final List<Long> acked = new ArrayList<>();
    public final List<String> received = new ArrayList<>();

    @Override
    public void acked(long counter) {
        acked.add(counter);
    }

    @Override
    public void received(String body) {
        received.add(body);
    }

    /** The next text frame the connection wrote, released; null when it wrote none. */
    public static String textOut(EmbeddedChannel channel) {
        TextWebSocketFrame f = channel.readOutbound();
        try {
            return f == null ? null : f.text();
        } finally {
            if (f != null) {
                f.release();
            }
        }
    }
}
