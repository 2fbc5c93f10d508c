package dev.imlab.bench.peers.mosquitto;

import dev.imlab.bench.peers.ChatConnection;
import dev.imlab.bench.peers.ChatListener;
import dev.imlab.bench.peers.internal.ClientTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT 5 chat client on Netty's MQTT codec: CONNECT with a password and a session that outlives
 * the connection (clean start off, an hour's session expiry, as a chat app keeps its inbox),
 * SUBSCRIBE at QoS 1 to its own topic {@code inbox/<user>}; then PUBLISH at QoS 1 to the
 * receiver's topic, PUBACK from the broker as the sender's ack, and a PUBACK for every PUBLISH it
 * receives. It never has more unacked PUBLISHes than the broker's Receive Maximum. All state is
 * touched on the connection's event loop only.
 */
final class MqttConnection extends SimpleChannelInboundHandler<MqttMessage> implements ChatConnection {
    static final String TOPIC_PREFIX = "inbox/";
    private static final int KEEP_ALIVE_SECONDS = 60;
    private static final int SESSION_EXPIRY_SECONDS = 3600;
    private static final int MAX_PACKET_BYTES = 65_536;
    private static final int MQTT_DEFAULT_RECEIVE_MAXIMUM = 65_535;
    /** PUBACK reason 0x10: accepted, but nobody subscribes; the checker then counts it lost. */
    private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

    private final String user;
    private final String password;
    private final ChatListener listener;
    private final CompletableFuture<ChatConnection> ready = new CompletableFuture<>();
    /** Packet id to the bench's counter, while unacked: small, since idle connections send nothing. */
    private final Map<Integer, Long> inFlight = new HashMap<>();
    private int nextPacketId = 1;
    private volatile int receiveMaximum = MQTT_DEFAULT_RECEIVE_MAXIMUM;
    private Channel channel;

    MqttConnection(String user, String password, ChatListener listener) {
        this.user = user;
        this.password = password;
        this.listener = listener;
    }

    static CompletableFuture<ChatConnection> open(ClientTransport transport, int port, String user, String password,
                                                  ChatListener listener) {
        MqttConnection c = new MqttConnection(user, password, listener);
        transport.tcp("127.0.0.1", port, () -> new ChannelHandler[] {
            new MqttDecoder(MAX_PACKET_BYTES), MqttEncoder.INSTANCE, c}).whenComplete((ch, e) -> {
                if (e != null) {
                    c.ready.completeExceptionally(e);
                }
            });
        return c.ready;
    }

    CompletableFuture<ChatConnection> ready() {
        return ready;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), SESSION_EXPIRY_SECONDS));
        channel.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(user)
                .cleanSession(false).keepAlive(KEEP_ALIVE_SECONDS).hasUser(true).username(user).hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8)).properties(props).build(), channel.voidPromise());
        var ping = channel.eventLoop().scheduleAtFixedRate(
                () -> channel.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE,
                        false, 0)), channel.voidPromise()),
                KEEP_ALIVE_SECONDS / 2, KEEP_ALIVE_SECONDS / 2, TimeUnit.SECONDS);
        channel.closeFuture().addListener(f -> ping.cancel(false));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage m) {
        if (m.decoderResult().isFailure()) {
            fail("undecodable packet: " + m.decoderResult().cause());
            return;
        }
        switch (m.fixedHeader().messageType()) {
            case CONNACK -> onConnAck((MqttConnAckMessage) m);
            case SUBACK -> ready.complete(this);
            case PUBACK -> onPubAck(m);
            case PUBLISH -> onPublish((MqttPublishMessage) m);
            case DISCONNECT -> fail("the broker disconnected: " + m.variableHeader());
            default -> {
                // PINGRESP
            }
        }
    }

    private void onConnAck(MqttConnAckMessage m) {
        if (m.variableHeader().connectReturnCode() != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            fail("CONNECT refused: " + m.variableHeader().connectReturnCode());
            return;
        }
        var max = m.variableHeader().properties().getProperty(MqttPropertyType.RECEIVE_MAXIMUM.value());
        if (max != null) {
            receiveMaximum = (Integer) max.value();
        }
        channel.writeAndFlush(MqttMessageBuilders.subscribe().messageId(nextId())
                .addSubscription(MqttQoS.AT_LEAST_ONCE, TOPIC_PREFIX + user).build(), channel.voidPromise());
    }

    private void onPubAck(MqttMessage m) {
        int id = ((MqttMessageIdVariableHeader) m.variableHeader()).messageId();
        Long counter = inFlight.remove(id);
        if (m.variableHeader() instanceof MqttPubReplyMessageVariableHeader r && r.reasonCode() != 0
                && r.reasonCode() != NO_MATCHING_SUBSCRIBERS) {
            return; // refused: never acked, so the checker does not expect it
        }
        if (counter != null) {
            listener.acked(counter);
        }
    }

    private void onPublish(MqttPublishMessage m) {
        listener.received(m.payload().toString(StandardCharsets.UTF_8));
        if (m.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            channel.writeAndFlush(MqttMessageBuilders.pubAck().packetId(m.variableHeader().packetId())
                    .reasonCode(MqttPubReplyMessageVariableHeader.REASON_CODE_OK).build(), channel.voidPromise());
        }
    }

    @Override
    public void execute(Runnable task) {
        ClientTransport.onEventLoop(channel, task);
    }

    @Override
    public void send(String toUser, long counter, String body) {
        int id = nextId();
        inFlight.put(id, counter);
        channel.writeAndFlush(MqttMessageBuilders.publish().topicName(TOPIC_PREFIX + toUser).qos(MqttQoS.AT_LEAST_ONCE)
                .retained(false).messageId(id).payload(Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))).build(),
                channel.voidPromise());
    }

    /** The next packet id not in flight (1 to 65535; 0 is not a valid id). */
    private int nextId() {
        for (int tries = 0; tries < 65_535; tries++) {
            int id = nextPacketId;
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
            if (!inFlight.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException(user + ": 65,535 PUBLISHes in flight, no packet id left");
    }

    @Override
    public int maxUnacked() {
        return receiveMaximum;
    }

    private void fail(String why) {
        ready.completeExceptionally(new IllegalStateException(user + ": " + why));
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ready.completeExceptionally(new IllegalStateException(user + ": closed while connecting"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(String.valueOf(cause));
    }

    @Override
    public void close() {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE,
                    false, 0))).addListener(f -> channel.close());
        }
    }
}
