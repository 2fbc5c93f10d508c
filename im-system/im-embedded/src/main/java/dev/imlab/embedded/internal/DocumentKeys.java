package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/**
 * The key a document is stored under in its collection's map: its id, normalized the way MongoDB
 * compares ids (the number 1 and the number 1.0 are the same id).
 *
 * <p>Strings, by far the most common ids, map to themselves behind a one-letter type tag, so keys
 * sort as the ids do and the documents of one conversation ({@code si_a_b#...}) sit side by side
 * in the file. Any other id maps to the hex of its BSON encoding: exact, if less readable.
 */
final class DocumentKeys {
    private DocumentKeys() {
    }

    static String of(Object id) {
        Object normalized = new KeyValue(id).normalized().get(0);
        if (normalized instanceof String s) {
            return "s" + s;
        }
        if (normalized == null) {
            return "z";
        }
        ByteBuf buffer = Unpooled.buffer(32);
        try {
            Bson.encodeInto(new Document("v", normalized), buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return "x" + HexFormat.of().formatHex(bytes);
        } finally {
            buffer.release();
        }
    }

    /** The key of a compound index entry: the keys of its values, joined by a separator no key holds. */
    static String of(KeyValue values) {
        if (values.size() == 1) {
            return of(values.get(0));
        }
        StringBuilder key = new StringBuilder();
        for (Object value : values) {
            key.append(of(value)).append('\u0000');
        }
        return key.toString();
    }
}
