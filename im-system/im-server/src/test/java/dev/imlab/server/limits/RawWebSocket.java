package dev.imlab.server.limits;

import dev.imlab.protocol.frame.FrameCodec;
import dev.imlab.protocol.frame.ServerFrame;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 frames on a plain socket, the upgrade done by {@link FromAddress#webSocket}. */
final class RawWebSocket implements AutoCloseable {
    private static final FrameCodec CODEC = new FrameCodec();
    static final int TEXT = 1;
    static final int CLOSE = 8;

    private final Socket socket;
    private final DataInputStream in;

    RawWebSocket(Socket socket, InputStream in) {
        this.socket = socket;
        this.in = new DataInputStream(in);
    }

    /** One frame as read: its opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status of a close frame. */
        int closeStatus() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    /** Sends a text frame, masked as a client must. */
    RawWebSocket send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | TEXT);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The next frame, or null if the server closed the socket; fails after {@code timeoutMs} without one. */
    Frame read(int timeoutMs) {
        try {
            socket.setSoTimeout(timeoutMs);
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if ((b1 & 0x80) != 0) {
                in.readInt(); // a server does not mask, but skip a mask if one came
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(b0 & 0x0F, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from the server within " + timeoutMs + " ms");
        } catch (IOException e) {
            return null; // reset
        }
    }

    /** The next text frame, decoded. */
    ServerFrame next() {
        Frame frame = read(10_000);
        if (frame == null || frame.opcode() != TEXT) {
            throw new AssertionError("expected a text frame, got " + (frame == null ? "the end of the connection"
                    : "opcode " + frame.opcode()));
        }
        return CODEC.decodeServer(frame.text());
    }

    /** Reads past any text frames to the server's close frame and returns its status; -1 if the socket ended without one. */
    int closeStatus() {
        for (int i = 0; i < 100; i++) {
            Frame frame = read(10_000);
            if (frame == null) {
                return -1;
            }
            if (frame.opcode() == CLOSE) {
                return frame.closeStatus();
            }
        }
        throw new AssertionError("no close frame among 100 frames");
    }

    /** Sends a ping and returns the first answer (a pong, or the error that refused it). */
    ServerFrame ping() {
        send("{\"type\":\"ping\"}");
        return next();
    }

    Socket socket() {
        return socket;
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
