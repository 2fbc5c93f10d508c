package dev.imlab.bus;

import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * Records on Kafka are JSON: a learner can read them with any console consumer. The records that
 * carry messages onward ({@code im.push}, {@code im.gw.*}) hold a JSON array: every message one
 * poll hands to the same place travels in one record (see {@link Topics}).
 */
public final class BusCodec {
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

    /** A record holding a JSON array, written by {@link #write} of a list. */
    public static <T> List<T> readAll(byte[] bytes, Class<T[]> arrayType) {
        return Arrays.asList(MAPPER.readValue(bytes, arrayType));
    }
}
