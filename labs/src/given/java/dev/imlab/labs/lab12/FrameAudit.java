package dev.imlab.labs.lab12;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every frame a device sends in an audit log on the network, from the first handler of
 * each connection's pipeline: the compliance team's request, added to a running gateway.
 * {@code offload} decides where the call is made: on the connection's event loop, in line (how it
 * was written), or on a pool of its own.
 *
 * @implNote The gateway's classes live in the server's Boot jar, which the labs cannot compile
 *     against (see {@code LabServer}); their public methods are called by name, and Netty's
 *     {@link Channel} is the same class on both sides.
 */
@ChannelHandler.Sharable
final class FrameAudit extends ChannelInboundHandlerAdapter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FrameAudit.class);
    static final String NAME = "audit";

    private final RemoteService auditLog;
    private final ExecutorService pool;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-attach");
        t.setDaemon(true);
        return t;
    });

    FrameAudit(RemoteService auditLog, boolean offload) {
        this.auditLog = auditLog;
        this.pool = offload ? Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "audit-pool");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** From now on, every connection of {@code gatewayServer} (an im-gateway {@code GatewayServer}) gets the audit. */
    void attachTo(Object gatewayServer) throws ReflectiveOperationException {
        Object sessions = call(gatewayServer, "sessions");
        Method all = sessions.getClass().getMethod("all");
        watcher.scheduleWithFixedDelay(() -> {
            try {
                for (Object session : (Collection<?>) all.invoke(sessions)) {
                    Channel channel = (Channel) call(session, "channel");
                    if (channel.isActive() && channel.pipeline().get(NAME) == null) {
                        channel.pipeline().addFirst(NAME, this);
                    }
                }
            } catch (IllegalArgumentException e) {
                // added meanwhile
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.debug("audit not attached: {}", e.toString());
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        int bytes = msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
        if (pool == null) {
            auditLog.record(bytes);
        } else {
            pool.execute(() -> auditLog.record(bytes));
        }
        ctx.fireChannelRead(msg);
    }

    static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
