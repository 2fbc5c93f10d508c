package dev.imlab.gateway.delivery;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.Topics;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Asks other gateways to close connections: a device's older connection, when the device
 * reconnected here; the connections of revoked tokens, after a logout or a password change.
 */
public final class Kicker {
    private final Producer<String, byte[]> producer;

    public Kicker(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void kickRemote(String gatewayId, DeviceRef device, long connectedBefore) {
        producer.send(new ProducerRecord<>(Topics.gateway(gatewayId), device.userId(),
                BusCodec.write(List.of(GatewayCommand.kick(device, connectedBefore)))));
    }

    /** Tells each of the gateways about a revocation: each refuses the tokens and closes their connections. */
    public void announce(Collection<String> gatewayIds, GatewayCommand.Revocation revocation) {
        byte[] value = BusCodec.write(List.of(GatewayCommand.revoke(revocation)));
        for (String gatewayId : gatewayIds) {
            producer.send(new ProducerRecord<>(Topics.gateway(gatewayId), revocation.userId(), value));
        }
    }
}
