package dev.imlab.bus;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records on Kafka are JSON: a learner can read them with any console consumer, and the cost is
 * small next to the network and storage hops of the same message.
 */
public final class BusCodec {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private BusCodec() {
    }

    public static byte[] write(Object record) {
        return MAPPER.writeValueAsBytes(record);
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        return MAPPER.readValue(bytes, type);
    }
}
