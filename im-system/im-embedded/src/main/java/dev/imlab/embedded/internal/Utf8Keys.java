package dev.imlab.embedded.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.StringDataType;

/**
 * String keys stored as a length and their UTF-8 bytes, in one copy. MVStore's own string type
 * writes each character as a variable-length number, and a commit rewrites every key of every
 * page it touches: in a profile of the stand-in under load, a third of its time went there.
 * Ordering and search are the string type's own.
 */
final class Utf8Keys extends StringDataType {
    static final Utf8Keys INSTANCE = new Utf8Keys();

    private Utf8Keys() {
    }

    @Override
    public void write(WriteBuffer buffer, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        buffer.putVarInt(bytes.length).put(bytes);
    }

    @Override
    public String read(ByteBuffer buffer) {
        int length = DataUtils.readVarInt(buffer);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
