package dev.imlab.bench.peers.mosquitto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bench.peers.RecordingListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
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
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The MQTT 5 client's session, packet by packet, in an EmbeddedChannel (no encoder: the packets as objects). */
class MqttConnectionTest {
    private final RecordingListener chat = new RecordingListener();
    private final MqttConnection bob = new MqttConnection("bob", "pw", chat);
    private final EmbeddedChannel channel = new EmbeddedChannel(bob);

    private static MqttConnAckMessage connAck(int receiveMaximum) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), receiveMaximum));
        return new MqttConnAckMessage(new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttConnAckVariableHeader(MqttConnectReturnCode.CONNECTION_ACCEPTED, false, p));
    }

    private static MqttMessage ack(MqttMessageType type, int id) {
        return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(id, MqttPubReplyMessageVariableHeader.REASON_CODE_OK, MqttProperties.NO_PROPERTIES));
    }

    private void connected() {
        channel.readOutbound();
        channel.writeInbound(connAck(10));
        channel.readOutbound();
        channel.writeInbound(new MqttMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(1)));
    }

    @Test
    void connect_keepsTheSessionAndSubscribesToItsOwnInboxAtQos1() {
        MqttConnectMessage connect = channel.readOutbound();
        assertThat(connect.variableHeader().version()).isEqualTo(MqttVersion.MQTT_5.protocolLevel());
        assertThat(connect.variableHeader().isCleanSession()).isFalse();
        assertThat(connect.payload().userName()).isEqualTo("bob");
        assertThat(new String(connect.payload().passwordInBytes(), StandardCharsets.UTF_8)).isEqualTo("pw");
        assertThat(connect.variableHeader().properties().getProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value())).isNotNull();

        channel.writeInbound(connAck(10));

        MqttSubscribeMessage subscribe = channel.readOutbound();
        assertThat(subscribe.payload().topicSubscriptions()).singleElement().satisfies(t -> {
            assertThat(t.topicName()).isEqualTo("inbox/bob");
            assertThat(t.qualityOfService()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        });
        assertThat(bob.ready()).isNotDone();
        channel.writeInbound(new MqttMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                MqttMessageIdVariableHeader.from(subscribe.variableHeader().messageId())));
        assertThat(bob.ready()).isCompleted();
        assertThat(bob.maxUnacked()).isEqualTo(10);
    }

    @Test
    void send_publishesAtQos1ToTheReceiversTopic_andItsPubackAcksThatCounter() {
        connected();

        bob.send("alice", 42, "1:42:99:x");
        bob.send("alice", 43, "1:43:99:x");
        MqttPublishMessage first = channel.readOutbound();
        MqttPublishMessage second = channel.readOutbound();

        assertThat(first.variableHeader().topicName()).isEqualTo("inbox/alice");
        assertThat(first.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(first.payload().toString(StandardCharsets.UTF_8)).isEqualTo("1:42:99:x");
        assertThat(second.variableHeader().packetId()).isNotEqualTo(first.variableHeader().packetId());
        channel.writeInbound(ack(MqttMessageType.PUBACK, second.variableHeader().packetId()));
        channel.writeInbound(ack(MqttMessageType.PUBACK, first.variableHeader().packetId()));
        channel.writeInbound(ack(MqttMessageType.PUBACK, first.variableHeader().packetId()));
        assertThat(chat.acked).containsExactly(43L, 42L);
        first.release();
        second.release();
    }

    @Test
    void received_handsOverThePayload_andPubacksIt() {
        connected();

        channel.writeInbound(MqttMessageBuilders.publish().topicName("inbox/bob").qos(MqttQoS.AT_LEAST_ONCE).messageId(9)
                .retained(false).payload(Unpooled.copiedBuffer("1:5:99:x", StandardCharsets.UTF_8)).build());

        assertThat(chat.received).containsExactly("1:5:99:x");
        MqttMessage puback = channel.readOutbound();
        assertThat(puback.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(((MqttMessageIdVariableHeader) puback.variableHeader()).messageId()).isEqualTo(9);
    }
}
