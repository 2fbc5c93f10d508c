package dev.imlab.labs.lab04;

import dev.imlab.protocol.Message;
import java.util.List;

/** The collections of lab04, as the real system has them in MongoDB (im-storage). */
public final class Database {
    /** Stored messages: {@link MessageLog} decides their keys. */
    public final KeyValueStore<Message> messages = new KeyValueStore<>();
    /** Per conversation, its highest seq. */
    public final KeyValueStore<Long> maxSeqs = new KeyValueStore<>();
    /** Per user, the conversations the user has. */
    public final KeyValueStore<List<String>> userConversations = new KeyValueStore<>();
    /** Per device and conversation, the highest seq the device acked: {@link DeviceCursors} decides their keys. */
    public final KeyValueStore<Long> cursors = new KeyValueStore<>();
}
