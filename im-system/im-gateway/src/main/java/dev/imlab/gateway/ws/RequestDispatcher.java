package dev.imlab.gateway.ws;

import dev.imlab.bus.AckRecord;
import dev.imlab.bus.Trace;
import dev.imlab.bus.UpstreamRecord;
import dev.imlab.gateway.internal.Futures;
import dev.imlab.gateway.overload.LoadShedder;
import dev.imlab.gateway.query.GroupAckCheck;
import dev.imlab.gateway.query.QueryService;
import dev.imlab.gateway.query.RecentReads;
import dev.imlab.gateway.query.UserDirectory;
import dev.imlab.gateway.session.Session;
import dev.imlab.gateway.upstream.Upstream;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.ClientFrame;
import dev.imlab.protocol.frame.ServerFrame;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each request of a device does. Runs on the connection's event loop; anything that blocks
 * (MongoDB) goes through {@link QueryService} or {@link UserDirectory} and comes back as a future.
 * While the pipeline is behind, new sends and recalls are refused first of all ({@link LoadShedder}),
 * before they cost a lookup; acks, reads, syncs and pulls always go through.
 */
public final class RequestDispatcher {
    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String gatewayId;
    private final Upstream upstream;
    private final LoadShedder shedder;
    private final UserDirectory users;
    private final QueryService queries;
    private final AckListener ackListener;
    private final RecentReads recentReads;
    private final Clock clock;

    /** Told about every valid ack, before it travels on: the retransmission tracker listens here. */
    public interface AckListener {
        void acked(Session session, String conversationId, long seq);
    }

    public RequestDispatcher(String gatewayId, Upstream upstream, LoadShedder shedder, UserDirectory users,
                             QueryService queries, AckListener ackListener, RecentReads recentReads, Clock clock) {
        this.gatewayId = gatewayId;
        this.upstream = upstream;
        this.shedder = shedder;
        this.users = users;
        this.queries = queries;
        this.ackListener = ackListener;
        this.recentReads = recentReads;
        this.clock = clock;
    }

    public void dispatch(Session session, ClientFrame frame) {
        if (frame instanceof ClientFrame.Send send) {
            send(session, send);
        } else if (frame instanceof ClientFrame.Ack ack) {
            ack(session, ack);
        } else if (frame instanceof ClientFrame.Read read) {
            read(session, read);
        } else if (frame instanceof ClientFrame.Recall recall) {
            recall(session, recall);
        } else if (frame instanceof ClientFrame.Sync) {
            sync(session);
        } else if (frame instanceof ClientFrame.Pull pull) {
            pull(session, pull);
        } else if (frame instanceof ClientFrame.Ping) {
            session.write(new ServerFrame.Pong());
        }
    }

    private void send(Session session, ClientFrame.Send send) {
        String ref = send.clientMsgId();
        if (shedder.refuse()) {
            fail(session, shedder.refusal(), ref);
            return;
        }
        if (send.groupId() != null) {
            session.chainSend(v -> CompletableFuture.runAsync(() -> queries.membership()
                            .requireMember(session.userId(), ConversationId.group(send.groupId()).value()), queries.executor())
                    .thenRun(() -> publish(session, send, ConversationId.group(send.groupId())))
                    .exceptionally(e -> fail(session, e, ref)));
            return;
        }
        if (send.to().equals(session.userId())) {
            fail(session, ErrorCode.INVALID_FIELD.exception("sending to yourself ('" + send.to() + "') is not a conversation"), ref);
            return;
        }
        ConversationId conversation = ConversationId.single(session.userId(), send.to());
        if (session.sendsIdle() && users.knownToExist(send.to())) {
            publish(session, send, conversation); // the common case: no hop off the event loop
            return;
        }
        // Chained, so a send that waits for a user lookup is not overtaken by the next one.
        session.chainSend(v -> users.exists(send.to()).thenAccept(exists -> {
            if (!exists) {
                throw ErrorCode.NO_SUCH_USER.exception("no user '" + send.to() + "'");
            }
            publish(session, send, conversation);
        }).exceptionally(e -> fail(session, e, ref)));
    }

    private void publish(Session session, ClientFrame.Send send, ConversationId conversation) {
        UpstreamRecord record = new UpstreamRecord(session.userId(), session.deviceId(), gatewayId, send.clientMsgId(),
                conversation.value(), send.to(), send.groupId(), send.body(), clock.millis(), Trace.start());
        upstream.send(record).exceptionally(e -> fail(session, e, send.clientMsgId()));
    }

    /**
     * A recall travels the path of a send: the gateway checks membership (NOT_MEMBER comes first),
     * the transfer, which alone knows what is stored and recalled, checks the rest, numbers and
     * stores it, and answers with a send_ack or an error whose ref is the recall's clientMsgId.
     */
    private void recall(Session session, ClientFrame.Recall recall) {
        String ref = recall.clientMsgId();
        if (shedder.refuse()) {
            fail(session, shedder.refusal(), ref);
            return;
        }
        ConversationId id = ConversationId.parse(recall.conversationId());
        if (id.isGroup()) {
            session.chainSend(v -> CompletableFuture.runAsync(() -> queries.membership()
                            .requireMember(session.userId(), id.value()), queries.executor())
                    .thenRun(() -> publishRecall(session, recall, id.groupId()))
                    .exceptionally(e -> fail(session, e, ref)));
            return;
        }
        if (!id.hasUser(session.userId())) {
            fail(session, ErrorCode.NOT_MEMBER.exception(session.userId() + " is not in " + id.value()), ref);
            return;
        }
        if (session.sendsIdle()) {
            publishRecall(session, recall, null);
        } else {
            // Behind the sends still waiting, so a recall never overtakes the message it recalls.
            session.chainSend(v -> {
                publishRecall(session, recall, null);
                return DONE;
            });
        }
    }

    private void publishRecall(Session session, ClientFrame.Recall recall, String groupId) {
        UpstreamRecord record = UpstreamRecord.recall(session.userId(), session.deviceId(), gatewayId, recall.clientMsgId(),
                recall.conversationId(), groupId, recall.seq(), clock.millis());
        upstream.send(record).exceptionally(e -> fail(session, e, recall.clientMsgId()));
    }

    private void ack(Session session, ClientFrame.Ack ack) {
        withinConversation(session, ack.conversationId(), ack.seq(), "ack", () -> forwardAck(session, ack));
    }

    /**
     * Reads are checked like acks and merged with them on the way to the confirm role; this
     * gateway remembers them for a while so that a {@code sync} right after shows them.
     */
    private void read(Session session, ClientFrame.Read read) {
        withinConversation(session, read.conversationId(), read.seq(), "read", () -> {
            recentReads.put(session.userId(), read.conversationId(), read.seq());
            upstream.ack(AckRecord.read(session.userId(), session.deviceId(), read.conversationId(), read.seq()))
                    .exceptionally(e -> fail(session, e, "read"));
        });
    }

    /**
     * Runs {@code then} on the connection's event loop once the user belongs to the conversation
     * and {@code seq} is not beyond its last seq; else answers an error with {@code ref}.
     *
     * <p>Acks are the most frequent request. A single chat's reads nothing when the connection already
     * saw the seq; a group's shares one membership read with the other acks of its group
     * ({@link GroupAckCheck}). Only a seq beyond what the connection saw reads the stored max seq.
     */
    private void withinConversation(Session session, String conversationId, long seq, String ref, Runnable then) {
        ConversationId id = ConversationId.parse(conversationId);
        long known = session.knownSeq(conversationId);
        CompletableFuture<Void> member;
        if (id.isGroup()) {
            member = queries.requireGroupMember(id.groupId(), session.userId());
        } else {
            member = singleChatMember(session, conversationId);
            if (!member.isCompletedExceptionally() && seq <= known) {
                then.run();
                return;
            }
        }
        member.thenCompose(v -> seq <= known ? CompletableFuture.completedFuture(known) : queries.maxSeq(conversationId))
                .thenAcceptAsync(max -> {
                    if (seq > max) {
                        throw ErrorCode.INVALID_FIELD.exception(ref + " seq " + seq + " is beyond the last seq "
                                + max + " of " + conversationId);
                    }
                    session.markKnown(conversationId, max);
                    then.run();
                }, session.channel().eventLoop())
                .exceptionally(e -> fail(session, e, ref));
    }

    private static CompletableFuture<Void> singleChatMember(Session session, String conversationId) {
        if (!ConversationId.parse(conversationId).hasUser(session.userId())) {
            return CompletableFuture.failedFuture(ErrorCode.NOT_MEMBER.exception(session.userId() + " is not in " + conversationId));
        }
        return DONE;
    }

    private void forwardAck(Session session, ClientFrame.Ack ack) {
        ackListener.acked(session, ack.conversationId(), ack.seq());
        upstream.ack(new AckRecord(session.userId(), session.deviceId(), ack.conversationId(), ack.seq()))
                .exceptionally(e -> fail(session, e, "ack"));
    }

    private void sync(Session session) {
        session.chainQuery(v -> queries.sync(session.userId(), session.deviceId())
                .thenAcceptAsync(result -> {
                    for (ServerFrame.ConversationState c : result.conversations()) {
                        session.markKnown(c.conversationId(), c.maxSeq());
                    }
                    session.write(result);
                }, session.channel().eventLoop())
                .exceptionally(e -> fail(session, e, "sync")));
    }

    private void pull(Session session, ClientFrame.Pull pull) {
        session.chainQuery(v -> queries.pull(session.userId(), pull)
                .thenAcceptAsync(result -> {
                    List<Message> messages = result.messages();
                    if (!messages.isEmpty()) {
                        session.markKnown(pull.conversationId(), messages.get(messages.size() - 1).seq());
                    }
                    session.write(result);
                }, session.channel().eventLoop())
                .exceptionally(e -> fail(session, e, "pull")));
    }

    /** Answers a failed request with an error frame; anything but a refusal is the pipeline's fault: UNAVAILABLE. */
    private static Void fail(Session session, Throwable error, String ref) {
        Throwable cause = Futures.cause(error);
        ImException refusal;
        if (cause instanceof ImException im) {
            refusal = im;
        } else {
            log.warn("{}: request {} failed: {}", session, ref, cause.toString());
            refusal = ErrorCode.UNAVAILABLE.exception("the pipeline cannot take this now: retry");
        }
        session.write(new ServerFrame.Error(refusal.code(), refusal.getMessage(), ref, refusal.retryAfterMs()));
        return null;
    }
}
