package dev.imlab.gateway.delivery;

import dev.imlab.gateway.session.Session;
import dev.imlab.protocol.Message;

/** Told about every push written to a device: the retransmission tracker listens here. */
public interface PushListener {
    void pushed(Session session, Message message);
}
