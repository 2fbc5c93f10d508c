package dev.imlab.gateway.limits;

import dev.imlab.gateway.http.HttpResponses;
import dev.imlab.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator, whose answer to a body over the limit is the API's error shape, 413
 * {@code {"error":"TOO_LARGE",...}}, instead of an empty 413; and counted. The connection closes
 * after it, since the rest of the body may still be on its way.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxBytes;
    private final Refusals refusals;

    BodyLimitAggregator(int maxBytes, Refusals refusals) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.refusals = refusals;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        refusals.count(Limit.MAX_HTTP_BODY);
        long declared = HttpUtil.getContentLength(oversized, -1L);
        HttpResponses.error(ctx, false, ErrorCode.TOO_LARGE, (declared >= 0 ? "the body is " + declared + " bytes"
                : "the body is longer than allowed") + ", the limit is " + maxBytes);
    }
}
