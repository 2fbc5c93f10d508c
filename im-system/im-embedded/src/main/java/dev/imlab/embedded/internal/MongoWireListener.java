package dev.imlab.embedded.internal;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The MongoDB wire protocol on a TCP port, in front of a backend that outlives it.
 *
 * <p>mongo-java-server's own {@code MongoServer} closes its backend when it stops listening, and
 * cannot drop its clients without shutting down. This listener builds the same handler pipeline
 * but can stop listening, drop every client and listen again while the backend stays open: what a
 * chaos test needs to make MongoDB unreachable for a while.
 */
public final class MongoWireListener implements AutoCloseable {
    /** One thread accepts; the workers default to Netty's two per core. */
    private static final int ACCEPT_THREADS = 1;
    private static final int BACKLOG = 128;

    private final MongoBackend backend;
    private final EventLoopGroup acceptors = new MultiThreadIoEventLoopGroup(
            ACCEPT_THREADS, new DefaultThreadFactory("mongo-accept", true), NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
            0, new DefaultThreadFactory("mongo-worker", true), NioIoHandler.newFactory());
    private final ChannelGroup clients = new DefaultChannelGroup("mongo-clients", GlobalEventExecutor.INSTANCE);
    private Channel serverChannel;

    public MongoWireListener(MongoBackend backend) {
        this.backend = backend;
    }

    /**
     * Listens on {@code host:port}; port 0 picks a free one.
     *
     * @return the port now listened on
     */
    public synchronized int listen(String host, int port) {
        if (serverChannel != null) {
            throw new IllegalStateException("already listening on port " + port());
        }
        serverChannel = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                // Listening again right after dropping clients must not trip over their TIME_WAIT sockets.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(
                                new MongoWireReplyEncoder(),
                                new MongoWireMessageEncoder(),
                                new MongoWireProtocolHandler(),
                                new MongoDatabaseHandler(backend, clients),
                                new MongoExceptionHandler());
                    }
                })
                .bind(new InetSocketAddress(host, port))
                .syncUninterruptibly()
                .channel();
        return port();
    }

    /** Stops accepting and closes every client connection; the backend stays open. */
    public synchronized void stopListeningAndDropClients() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
        clients.close().syncUninterruptibly();
    }

    public synchronized boolean isListening() {
        return serverChannel != null;
    }

    public synchronized int port() {
        return serverChannel == null ? -1 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Drops everything and stops the threads; the backend is the caller's to close. */
    @Override
    public void close() {
        stopListeningAndDropClients();
        acceptors.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
