package dev.imlab.bench.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Plain sockets from a chosen loopback address, for the clients a library would not let misbehave. */
final class RawSockets {
    private RawSockets() {
    }

    static Socket open(URI base, String from, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        return s;
    }

    /** The first lines of a WebSocket upgrade, ending with {@code complete} or in the middle of the headers. */
    static byte[] upgradeRequest(URI base, String token, boolean complete) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String head = "GET /ws?token=" + token + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        String rest = "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        return (complete ? head + rest : head).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the response head (up to the blank line) and returns its status code; -1 if the server closed first. */
    static int readStatus(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                String status = head.substring(0, head.indexOf("\r\n"));
                return Integer.parseInt(status.split(" ")[1]);
            }
        }
        return -1;
    }

    /** A client's masked WebSocket frame of {@code opcode} (1 text, 9 ping) with a short payload. */
    static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(frame);
        out.flush();
    }

    /** {@code POST path} with a JSON body, {@code Connection: close}; the status code, or -1. */
    static int post(URI base, String from, String path, String json) {
        try (Socket s = open(base, from, 0)) {
            s.setSoTimeout(10_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readStatus(s.getInputStream());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
