package dev.imlab.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The two deadlines on Netty's embedded channel, whose clock the test moves. */
class DeadlineHandlerTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EmbeddedChannel channel = new EmbeddedChannel();

    DeadlineHandlerTest() {
        channel.freezeTime();
        channel.pipeline().addLast(new DeadlineHandler(Duration.ofSeconds(10), Duration.ofSeconds(30),
                new Refusals(meters)));
        channel.pipeline().fireChannelActive();
    }

    private void advance(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    private double refused(String limit) {
        return meters.get(Refusals.METER).tag("limit", limit).counter().count();
    }

    @Test
    void aRequestNotCompleteInTime_closesTheConnection_andIsCounted() {
        advance(9);
        assertThat(channel.isActive()).isTrue();
        advance(1);
        assertThat(channel.isActive()).isFalse();
        assertThat(refused("handshake-timeout")).isEqualTo(1);
    }

    @Test
    void aCompleteRequest_stopsTheClock_andItsAnswerStartsItAgain_uncountedWhenIdle() {
        advance(5);
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/v1/stats"));
        advance(60); // the answer may take long (BCrypt)
        assertThat(channel.isActive()).isTrue();
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER));
        advance(10);
        assertThat(channel.isActive()).as("an idle keep-alive connection is closed").isFalse();
        assertThat(refused("handshake-timeout")).as("but not counted").isZero();
    }

    @Test
    void afterTheUpgrade_theFirstFrameMustComeInTime_orTheConnectionIsClosedWith1008() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws?token=t"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS));
        channel.readOutbound();
        advance(29);
        assertThat(channel.isActive()).isTrue();
        advance(1);
        CloseWebSocketFrame close = channel.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1008);
        close.release();
        assertThat(channel.isActive()).isFalse();
        assertThat(refused("first-frame-timeout")).isEqualTo(1);
    }

    @Test
    void theFirstFrame_endsTheDeadlines_andTheHandlerLeaves() {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws?token=t"));
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS));
        advance(5);
        channel.writeInbound(new TextWebSocketFrame("{\"type\":\"sync\"}"));
        assertThat(channel.pipeline().get(DeadlineHandler.class)).isNull();
        advance(3600);
        assertThat(channel.isActive()).isTrue();
        channel.finishAndReleaseAll();
    }
}
