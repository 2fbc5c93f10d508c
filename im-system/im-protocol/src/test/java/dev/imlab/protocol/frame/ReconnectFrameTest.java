package dev.imlab.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** imlab's {@code reconnect} extension: a draining gateway tells each device when to come back. */
class ReconnectFrameTest {
    private final FrameCodec codec = new FrameCodec();

    @Test
    void reconnect_roundTripsWithReasonAndAfterMs() {
        String json = codec.encode(new ServerFrame.Reconnect("draining", 1234));
        assertThat(json).isEqualTo("{\"type\":\"reconnect\",\"reason\":\"draining\",\"afterMs\":1234}");
        assertThat(codec.decodeServer(json)).isEqualTo(new ServerFrame.Reconnect("draining", 1234));
    }

    @Test
    void reconnect_withoutAfterMsOrWithANegativeOne_meansAtOnce() {
        assertThat(codec.decodeServer("{\"type\":\"reconnect\"}")).isEqualTo(new ServerFrame.Reconnect(null, 0));
        assertThat(codec.decodeServer("{\"type\":\"reconnect\",\"reason\":\"x\",\"afterMs\":-5}"))
                .isEqualTo(new ServerFrame.Reconnect("x", 0));
    }
}
