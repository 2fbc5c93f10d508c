package dev.imlab.bus;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * Records on Kafka are JSON: a learner can read them with any console consumer. The records that
 * carry messages onward ({@code im.push}, {@code im.gw.*}, {@code im.ack}) hold a JSON array: what
 * one poll hands to the same place travels in as few records as {@link #MAX_RECORD_BYTES} allows
 * (see {@link Topics}).
 */
public final class BusCodec {
    /**
     * The most one array record holds: half of Kafka's default request limit (1 MiB), which a
     * producer refuses with {@code RecordTooLargeException}, a failure that retrying never cures. A
     * flat-out poll of the push role once put 250,000 pushes, 5 MB, into one gateway's record.
     */
    public static final int MAX_RECORD_BYTES = 512 * 1024;

    /** Items of one array record, and the record's value. */
    public record Chunk<T>(List<T> items, byte[] value) {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Generated accessors instead of reflective ones: decoding a StoredRecord went from 1.7 to
            // 1.1 us in JMH (BusCodecBenchmark); a message is decoded four times on its way.
            .addModule(new BlackbirdModule())
            .build();

    private BusCodec() {
    }

    public static byte[] write(Object record) {
        return MAPPER.writeValueAsBytes(record);
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        return MAPPER.readValue(bytes, type);
    }

    /**
     * The items as JSON arrays of at most {@link #MAX_RECORD_BYTES} each (an item larger than that
     * alone gets an array of its own), in order.
     */
    public static <T> List<Chunk<T>> writeAll(List<T> items) {
        List<Chunk<T>> chunks = new ArrayList<>();
        ByteArrayOutputStream value = new ByteArrayOutputStream(Math.min(MAX_RECORD_BYTES, 256 * items.size() + 2));
        int first = 0;
        for (int i = 0; i < items.size(); i++) {
            byte[] item = MAPPER.writeValueAsBytes(items.get(i));
            if (i > first && value.size() + item.length + 2 > MAX_RECORD_BYTES) {
                chunks.add(close(items.subList(first, i), value));
                value = new ByteArrayOutputStream(MAX_RECORD_BYTES / 4);
                first = i;
            }
            value.write(i == first ? '[' : ',');
            value.writeBytes(item);
        }
        if (first < items.size()) {
            chunks.add(close(items.subList(first, items.size()), value));
        }
        return chunks;
    }

    private static <T> Chunk<T> close(List<T> items, ByteArrayOutputStream value) {
        value.write(']');
        return new Chunk<>(items, value.toByteArray());
    }

    /** A record holding a JSON array, written by {@link #writeAll} or {@link #write} of a list. */
    public static <T> List<T> readAll(byte[] bytes, Class<T[]> arrayType) {
        return Arrays.asList(MAPPER.readValue(bytes, arrayType));
    }
}
