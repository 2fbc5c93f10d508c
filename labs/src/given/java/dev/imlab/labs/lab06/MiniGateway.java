package dev.imlab.labs.lab06;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway's server in miniature: a Netty server on loopback whose connections get the pipeline
 * of the initializer you give it, with a fixed number of threads however many connections come:
 * one accepts them, {@link #EVENT_LOOP_THREADS} serve them all, as in im-gateway's
 * {@code GatewayServer}.
 *
 * <p>It also counts what the lab's tests look at: the open connections, the messages their
 * pipelines have read, and the tasks scheduled on its event loops.
 */
public final class MiniGateway implements AutoCloseable {
    /** Event-loop threads serving every connection: a gateway has about one per core. */
    public static final int EVENT_LOOP_THREADS = 2;

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lab06-accept", true),
            NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(EVENT_LOOP_THREADS,
            new DefaultThreadFactory("lab06-event-loop", true), NioIoHandler.newFactory());
    // ImmediateEventExecutor: the group's futures need no thread of their own, which would come and go.
    private final ChannelGroup channels = new DefaultChannelGroup("lab06", ImmediateEventExecutor.INSTANCE);
    private final AtomicLong reads = new AtomicLong();
    private final Channel listener;

    private MiniGateway(ChannelInitializer<Channel> connections) throws InterruptedException {
        ChannelHandler readCounter = new ReadCounter();
        listener = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channels.add(channel);
                        channel.pipeline().addLast("read-counter", readCounter).addLast(connections);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    /** Starts listening on a free port of 127.0.0.1; each connection's pipeline is {@code connections}'s. */
    public static MiniGateway start(ChannelInitializer<Channel> connections) throws InterruptedException {
        return new MiniGateway(connections);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** The open connections: a closed one leaves the group by itself. */
    public ChannelGroup channels() {
        return channels;
    }

    /** Messages read on all connections, counted once the pipeline after the counter has handled them. */
    public long reads() {
        return reads.get();
    }

    /**
     * Tasks scheduled on the event loops and not run yet ({@code IdleStateHandler}'s checks,
     * {@code schedule(...)} calls), summed over the loops.
     *
     * @implNote Netty counts them but does not say how many: this reads each loop's queue on the
     *     loop's own thread (the queue is not thread-safe), by reflection on the field
     *     {@code AbstractScheduledEventExecutor.scheduledTaskQueue}, which Netty 4.1 and 4.2 have.
     */
    public int scheduledTasks() throws Exception {
        Field queueField = AbstractScheduledEventExecutor.class.getDeclaredField("scheduledTaskQueue");
        queueField.setAccessible(true);
        int total = 0;
        for (EventExecutor loop : workers) {
            total += loop.submit(() -> {
                Queue<?> queue = (Queue<?>) queueField.get(loop);
                return queue == null ? 0 : queue.size();
            }).get(10, TimeUnit.SECONDS);
        }
        return total;
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Counts a message once the rest of the pipeline has handled it, so a test can wait for the handling. */
    @ChannelHandler.Sharable
    private final class ReadCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.fireChannelRead(msg);
            reads.incrementAndGet();
        }
    }
}
