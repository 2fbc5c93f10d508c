package dev.imlab.gateway.delivery;

import dev.imlab.bus.BusCodec;
import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.bus.Topics;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Asks another gateway to kick a device's older connection, when the device reconnected here. */
public final class Kicker {
    private final Producer<String, byte[]> producer;

    public Kicker(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    public void kickRemote(String gatewayId, DeviceRef device, long connectedBefore) {
        producer.send(new ProducerRecord<>(Topics.gateway(gatewayId), device.userId(),
                BusCodec.write(List.of(GatewayCommand.kick(device, connectedBefore)))));
    }
}
