package dev.imlab.gateway.http;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** JSON answers, and the one error shape of PROTOCOL.md: {@code {"error":"CODE","message":"..."}}. */
public final class HttpResponses {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpResponses() {
    }

    /** A JSON answer; a null body is an answer without content (204). */
    public static void json(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body) {
        write(ctx, keepAlive, status, "application/json; charset=UTF-8", body == null ? new byte[0] : JSON.writeValueAsBytes(body));
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, ImException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code().name());
        body.put("message", e.getMessage());
        if (e.retryAfterMs() != null) {
            body.put("retryAfterMs", e.retryAfterMs());
        }
        FullHttpResponse response = response(e.code().httpStatus(), "application/json; charset=UTF-8",
                JSON.writeValueAsBytes(body));
        if (e.retryAfterMs() != null) {
            // HTTP's own header counts whole seconds: rounded up, so a client that obeys it is never early.
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString((e.retryAfterMs() + 999) / 1000));
        }
        send(ctx, keepAlive, response);
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, ErrorCode code, String message) {
        error(ctx, keepAlive, code.exception(message));
    }

    /** A permanent redirect to {@code location} on this server (a folder's address with its trailing slash). */
    public static void redirect(ChannelHandlerContext ctx, boolean keepAlive, String location) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY,
                Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        send(ctx, keepAlive, response);
    }

    public static void write(ChannelHandlerContext ctx, boolean keepAlive, int status, String contentType, byte[] bytes) {
        send(ctx, keepAlive, response(status, contentType, bytes));
    }

    private static FullHttpResponse response(int status, String contentType, byte[] bytes) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
