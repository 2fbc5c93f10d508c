package dev.imlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import org.junit.jupiter.api.Test;

/** A gateway that cannot hand a message to Kafka says UNAVAILABLE instead of pretending. */
class KafkaDownTest {

    @Test
    void send_isUnavailable_whenKafkaIsDown() {
        try (TestServer server = TestServer.start()) {
            String alice = server.newUser("alice");
            String bob = server.newUser("bob");
            try (RawSocket socket = server.raw(alice, "phone")) {
                socket.send("{\"type\":\"send\",\"clientMsgId\":\"m1\",\"to\":\"" + bob + "\",\"body\":\"x\"}");
                assertThat(socket.next(f -> f instanceof ServerFrame.SendAck)).isNotNull();

                server.infrastructure().embeddedKafka().close();
                socket.send("{\"type\":\"send\",\"clientMsgId\":\"m2\",\"to\":\"" + bob + "\",\"body\":\"y\"}");

                ServerFrame.Error error = (ServerFrame.Error) socket.next(f -> f instanceof ServerFrame.Error
                        || f instanceof ServerFrame.SendAck, 30);
                assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(error.ref()).isEqualTo("m2");
            }
        }
    }
}
