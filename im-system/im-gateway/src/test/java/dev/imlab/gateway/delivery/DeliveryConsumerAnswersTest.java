package dev.imlab.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.DeviceRef;
import dev.imlab.bus.GatewayCommand;
import dev.imlab.gateway.metrics.HopTimers;
import dev.imlab.gateway.overload.PendingSends;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The transfer's answers clear the sends the load shedder counts, whether or not the sender is still connected. */
class DeliveryConsumerAnswersTest {
    private final PendingSends pending = new PendingSends(System::nanoTime);
    private final DeliveryConsumer consumer = new DeliveryConsumer(null, "im.gw.test", new SessionRegistry(),
            (session, message) -> { }, new HopTimers(new SimpleMeterRegistry()), pending, revocation -> { });

    @Test
    void aSendAck_clearsItsPendingSend_evenWithTheSenderGone() {
        pending.handedOn("alice", "m1");
        pending.handedOn("alice", "m2");

        consumer.deliver(GatewayCommand.sendAck(new Message("si_alice_bob", 1, "alice", "hi", "m1", 0, null),
                new DeviceRef("alice", "phone")));

        assertThat(pending.count()).isEqualTo(1);
    }

    @Test
    void anErrorFromTheTransfer_clearsItsPendingSend() {
        pending.handedOn("alice", "r1");

        consumer.deliver(GatewayCommand.error(new DeviceRef("alice", "phone"), ErrorCode.TOO_LATE, "too late", "r1"));

        assertThat(pending.count()).isZero();
    }
}
