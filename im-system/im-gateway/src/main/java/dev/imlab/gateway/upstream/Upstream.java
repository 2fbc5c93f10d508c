package dev.imlab.gateway.upstream;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.UpstreamRecord;
import java.util.concurrent.CompletableFuture;

/** Where the gateway hands on what devices send: sends to the transfer, acks to confirm. */
public interface Upstream {

    /** Completes when Kafka has the record; fails (retriably) when it cannot take it. */
    CompletableFuture<Void> send(UpstreamRecord record);

    CompletableFuture<Void> ack(AckRecord record);
}
