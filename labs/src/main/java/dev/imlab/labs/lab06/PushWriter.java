package dev.imlab.labs.lab06;

import dev.imlab.labs.LabNotDone;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/** Writes pushes to devices, and refuses to queue more for one that does not read them. */
public final class PushWriter {

    private PushWriter() {
    }

    /**
     * Writes the frame to the device, or refuses to. Refuse, and close the connection, when the
     * channel already holds what {@link ConnectionInitializer} allows it to queue: the device is not
     * reading (a phone in a tunnel), and a push it does not get is not lost; the message is stored,
     * and the device syncs when it reconnects. Called from any thread.
     *
     * @param frame yours now, whatever happens: written (Netty releases it then) or released here
     * @return whether the frame was written
     */
    public static boolean push(Channel channel, ByteBuf frame) {
        throw new LabNotDone(PushWriter.class, "push");
    }
}
