package dev.imlab.gateway.auth;

import dev.imlab.bus.GatewayCommand.Revocation;
import dev.imlab.gateway.delivery.Kicker;
import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.session.SessionRegistry;
import dev.imlab.routing.GatewayRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes tokens on every gateway and closes the connections that used them. A revocation:
 * <ol>
 *   <li>is written to Redis ({@link RevocationStore}), and the caller is answered only once it is
 *       there: from then on a gateway that reads it refuses the token;
 *   <li>is applied here: this gateway refuses the token without a read, and kicks its connections;
 *   <li>is announced to every other live gateway ({@link GatewayRegistry#alive()}) on its Kafka
 *       topic, the way a kick of an older connection travels ({@link Kicker}); each does step 2.
 * </ol>
 * Every live gateway is told, not only those that hold the user's devices (the route table): a
 * gateway may have the token's "not revoked" cached from an HTTP call without holding a connection.
 * The announcement is not awaited; a gateway that misses it still refuses the token once its
 * cached check is older than {@link RevocationStore#RECHECK_AFTER}, and keeps a connection it
 * holds until that connection's next handshake (the window documented in authorization.adoc).
 */
public final class TokenRevoker {
    private static final Logger log = LoggerFactory.getLogger(TokenRevoker.class);

    private final String gatewayId;
    private final RevocationStore store;
    private final SessionRegistry sessions;
    private final GatewayRegistry gateways;
    private final Kicker kicker;
    private final Clock clock;
    private final Executor announcing;

    /**
     * @param announcing where announcements are handed to Kafka: a first record to another gateway's topic
     *     waits for that topic's metadata, which must not stall the Redis client's thread it would run on
     */
    public TokenRevoker(String gatewayId, RevocationStore store, SessionRegistry sessions, GatewayRegistry gateways,
                        Kicker kicker, Clock clock, Executor announcing) {
        this.gatewayId = gatewayId;
        this.store = store;
        this.sessions = sessions;
        this.gateways = gateways;
        this.kicker = kicker;
        this.clock = clock;
        this.announcing = announcing;
    }

    /** Logout: revokes this one token; completes once Redis has the revocation. */
    public CompletableFuture<Void> logout(Principal principal) {
        return store.revokeToken(principal).thenAccept(this::applyAndAnnounce);
    }

    /**
     * Revokes every token of the user issued until now (a password change); completes with the
     * epoch: a token issued at or after it is valid.
     */
    public CompletableFuture<Long> revokeAll(String userId) {
        // +1: a token whose credentials were checked in this very millisecond, against the old password, is covered too.
        long epoch = clock.millis() + 1;
        return store.revokeIssuedBefore(userId, epoch).thenApply(revocation -> {
            applyAndAnnounce(revocation);
            return epoch;
        });
    }

    private void applyAndAnnounce(Revocation revocation) {
        apply(revocation);
        gateways.alive().whenCompleteAsync((alive, error) -> {
            if (error != null) {
                log.warn("cannot list the gateways to announce a revocation of {}'s tokens: {}", revocation.userId(),
                        error.toString());
                return;
            }
            Set<String> others = new TreeSet<>(alive);
            others.remove(gatewayId);
            kicker.announce(others, revocation);
        }, announcing);
    }

    /** A revocation, from this gateway or announced by another: refuse the tokens here, and close their connections. */
    public void apply(Revocation revocation) {
        store.learn(revocation);
        String reason = revocation.tokenId() != null ? "token revoked: logged out"
                : "token revoked: the password was changed";
        // A scan of every local connection: revocations are rare, and 100,000 sessions take about a millisecond.
        for (Session session : sessions.all()) {
            Principal p = session.principal();
            if (revocation.covers(p.userId(), p.tokenId(), p.issuedAtMs())) {
                session.channel().eventLoop().execute(() -> session.kick(reason));
            }
        }
    }
}
