package dev.imlab.labs.lab07;

import dev.imlab.bus.Trace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A message of the pipeline and the times it passed each point, carried along with it as the real
 * system's {@code Trace} travels with a message: whoever handles it last can tell which hop was
 * slow. Times are epoch microseconds ({@link Trace#nowMicros()}); everything runs on one machine,
 * so the clocks agree.
 *
 * <p>Each point is stamped by the one thread that has the message at the time.
 */
final class Stamps {
    /** The client is about to write the request. */
    static final int CLIENT_SENT = 0;
    /** The edge has read the whole request. */
    static final int EDGE_READ = 1;
    /** The broker appended the record to its log (the topic's {@code LogAppendTime}; milliseconds). */
    static final int BROKER_APPENDED = 2;
    /** The consumer's {@code poll} returned the record. */
    static final int POLLED = 3;
    /** A handler thread began to handle it. */
    static final int HANDLER_STARTED = 4;
    /** The handler is done and writes the reply. */
    static final int HANDLER_DONE = 5;
    /** The client has read the whole reply. */
    static final int CLIENT_RECEIVED = 6;
    static final int POINTS = 7;

    private final int id;
    private final int user;
    private final long[] at;

    /**
     * @param id the message's number in the load, from 0
     * @param user the sender, which is also the connection the reply goes back on
     * @param at the times, indexed by the constants above; 0 where not passed yet
     */
    private Stamps(int id, int user, long[] at) {
        this.id = id;
        this.user = user;
        this.at = at;
    }

    static Stamps sent(int id, int user) {
        long[] at = new long[POINTS];
        at[CLIENT_SENT] = Trace.nowMicros();
        return new Stamps(id, user, at);
    }

    /** Stamps the point with the time now and returns this. */
    Stamps now(int point) {
        at[point] = Trace.nowMicros();
        return this;
    }

    Stamps set(int point, long micros) {
        at[point] = micros;
        return this;
    }

    long at(int point) {
        return at[point];
    }

    int id() {
        return id;
    }

    int user() {
        return user;
    }

    /** The Kafka key: each user writes in a conversation of its own, whose messages stay in order. */
    String conversationId() {
        return "conversation-" + user;
    }

    byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(id);
            out.writeInt(user);
            for (long t : at) {
                out.writeLong(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not throw
        }
        return bytes.toByteArray();
    }

    static Stamps fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int id = in.readInt();
            int user = in.readInt();
            long[] at = new long[POINTS];
            for (int i = 0; i < POINTS; i++) {
                at[i] = in.readLong();
            }
            return new Stamps(id, user, at);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a lab07 message (" + bytes.length + " bytes)", e);
        }
    }

    @Override
    public String toString() {
        return "message " + id + " of user " + user + " at " + Arrays.toString(at);
    }
}
