package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Documents to BSON bytes and back, with mongo-java-server's own codec (the one its wire protocol uses). */
final class Bson {
    private static final int INITIAL_BYTES = 256;

    private Bson() {
    }

    static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer(INITIAL_BYTES);
        try {
            encodeInto(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    static void encodeInto(Document document, ByteBuf buffer) {
        BsonEncoder.encodeDocument(document, buffer);
    }

    static Document decode(byte[] bytes) {
        return bytes == null ? null : BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    }
}
