package dev.imlab.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusCodecTest {

    private static List<AckRecord> acks(int n) {
        List<AckRecord> acks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            acks.add(new AckRecord("user" + i, "phone", "si_user" + i + "_zed", i));
        }
        return acks;
    }

    @Test
    void writeAll_splitsARecordOverTheLimit_intoArraysUnderIt_inOrder() {
        List<AckRecord> acks = acks(20_000); // about 1.4 MB as one array: Kafka's producer would refuse it

        List<BusCodec.Chunk<AckRecord>> chunks = BusCodec.writeAll(acks);

        assertThat(chunks).hasSizeGreaterThan(1);
        List<AckRecord> read = new ArrayList<>();
        for (BusCodec.Chunk<AckRecord> chunk : chunks) {
            assertThat(chunk.value().length).isLessThanOrEqualTo(BusCodec.MAX_RECORD_BYTES);
            List<AckRecord> items = BusCodec.readAll(chunk.value(), AckRecord[].class);
            assertThat(items).isEqualTo(chunk.items());
            read.addAll(items);
        }
        assertThat(read).isEqualTo(acks);
    }

    @Test
    void writeAll_ofASmallList_isOneArray_readableAsAWholeList() {
        List<AckRecord> acks = acks(3);

        List<BusCodec.Chunk<AckRecord>> chunks = BusCodec.writeAll(acks);

        assertThat(chunks).singleElement().satisfies(c ->
                assertThat(BusCodec.readAll(c.value(), AckRecord[].class)).isEqualTo(acks));
        assertThat(BusCodec.writeAll(List.of())).isEmpty();
    }
}
