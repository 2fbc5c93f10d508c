package dev.imlab.bench.catchup;

import dev.imlab.bench.traffic.Peer;
import dev.imlab.bench.traffic.Rig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages waiting for a user who has no device online: one sender per conversation, all sent and
 * stored ({@code send_ack}) before the user comes back.
 *
 * @param receiver the user who is away
 */
record Backlog(Rig rig, List<String> senders, List<String> tokens, String receiver) {

    /** Registers one sender per conversation and the user who is away. */
    static Backlog register(Rig rig, int conversations) throws Exception {
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < conversations; i++) {
            senders.add(rig.user("s", i));
        }
        String receiver = rig.user("back", 0);
        List<String> tokens = rig.registerAndLogin(senders);
        rig.registerAndLogin(List.of(receiver));
        return new Backlog(rig, senders, tokens, receiver);
    }

    /** Sends {@code messages} flat out, {@code window} unacked per sender; returns once every one is acked, in seconds. */
    double fill(int messages, int size, int window, Duration timeout) throws Exception {
        long start = System.nanoTime();
        AtomicLong toSend = new AtomicLong(messages);
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            Peer p = rig.connect(senders.get(i), tokens.get(i));
            p.onAck(() -> {
                if (toSend.getAndDecrement() > 0) {
                    p.send(receiver, null, size);
                }
            });
            peers.add(p);
        }
        for (Peer p : peers) {
            for (int w = 0; w < window; w++) {
                if (toSend.getAndDecrement() > 0) {
                    p.send(receiver, null, size);
                }
            }
        }
        long deadline = start + timeout.toNanos();
        while (rig.acked() < messages && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (rig.acked() < messages) {
            throw new IllegalStateException("only " + rig.acked() + " of " + messages + " sends were acked within " + timeout);
        }
        peers.forEach(Peer::close);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%,d messages stored for %s in %.1f s%n", messages, receiver, seconds);
        return seconds;
    }

    /** A token of the user who is away, for its device {@code deviceId}. */
    String receiverToken(String deviceId) {
        return rig.http().token(receiver, Rig.PASSWORD, deviceId).token();
    }
}
