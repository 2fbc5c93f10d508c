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

    public static void json(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body) {
        write(ctx, keepAlive, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body));
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, ImException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code().name());
        body.put("message", e.getMessage());
        if (e.retryAfterMs() != null) {
            body.put("retryAfterMs", e.retryAfterMs());
        }
        json(ctx, keepAlive, e.code().httpStatus(), body);
    }

    public static void error(ChannelHandlerContext ctx, boolean keepAlive, ErrorCode code, String message) {
        error(ctx, keepAlive, code.exception(message));
    }

    public static void write(ChannelHandlerContext ctx, boolean keepAlive, int status, String contentType, byte[] bytes) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
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
