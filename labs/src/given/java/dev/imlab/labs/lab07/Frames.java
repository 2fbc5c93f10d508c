package dev.imlab.labs.lab07;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The users' connections' framing: a 4-byte length, then the frame: its kind, then the body.
 *
 * <p>Written as two {@code write} calls on the socket's own stream, the length and the rest, as a
 * great deal of real code writes (a codec writing a length prefix, then the payload; a logger
 * writing a line, then its newline). Each call is one small TCP segment, if nothing holds it back.
 */
final class Frames {
    /** Client to edge: a message, its {@link Stamps} as the body. */
    static final byte MESSAGE = 'm';
    /**
     * Edge to client, at once: "I have your message", the message's id as the body. A transport
     * acknowledgement, as MQTT's {@code PUBACK}; the client only counts it.
     */
    static final byte RECEIVED = 'r';
    /** Edge to client, when the handler is done: the answer, the message's {@link Stamps} as the body. */
    static final byte REPLY = 'a';
    /** A frame longer than this is a broken stream, not a message. */
    static final int MAX_FRAME_BYTES = 4_096;

    /** A frame as read. */
    record Frame(byte kind, byte[] body) {
    }

    private Frames() {
    }

    static void write(OutputStream socket, byte kind, byte[] body) throws IOException {
        int n = body.length + 1;
        byte[] frame = new byte[n];
        frame[0] = kind;
        System.arraycopy(body, 0, frame, 1, body.length);
        socket.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        socket.write(frame);
    }

    /** The next frame; throws {@link java.io.EOFException} when the peer closed the connection. */
    static Frame read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 1 || n > MAX_FRAME_BYTES) {
            throw new IOException("frame of " + n + " bytes, want 1 to " + MAX_FRAME_BYTES);
        }
        byte[] frame = new byte[n];
        in.readFully(frame);
        return new Frame(frame[0], Arrays.copyOfRange(frame, 1, n));
    }

    static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
