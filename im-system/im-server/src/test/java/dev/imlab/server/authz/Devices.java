package dev.imlab.server.authz;

import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;

/** WebSocket connections a test opened, closed after it; and the few exchanges the authorization tests repeat. */
final class Devices implements AutoCloseable {
    private final List<RawSocket> open = new ArrayList<>();

    /** A connection to {@code server} with {@code token}, open once the handshake is done. */
    RawSocket connect(TestServer server, String token) {
        RawSocket socket = RawSocket.connect(server.webSocketUri(token));
        open.add(socket);
        return socket;
    }

    /**
     * Sends a ping and returns every frame that came before its pong: the server answers a
     * connection's requests in order, so what a refused request would have caused is in here.
     */
    static List<ServerFrame> untilPong(RawSocket socket) {
        socket.send("{\"type\":\"ping\"}");
        List<ServerFrame> before = new ArrayList<>();
        while (true) {
            ServerFrame frame = socket.next();
            if (frame instanceof ServerFrame.Pong) {
                return before;
            }
            before.add(frame);
        }
    }

    /** The {@code kicked} frame that must come, skipping what comes before it. */
    static ServerFrame.Kicked kicked(RawSocket socket) {
        return (ServerFrame.Kicked) socket.next(f -> f instanceof ServerFrame.Kicked);
    }

    @Override
    public void close() {
        open.forEach(RawSocket::close);
    }
}
