/**
 * The machinery of {@link dev.imlab.client.ImClient}; not part of the API.
 *
 * <p>Read it in this order: {@code ClientEngine} (threading), {@code ConnectionKeeper} (one
 * connection, reconnects), {@code Session} (which frame goes where), then the trackers, one
 * job each: {@code SendTracker} (re-send a send or a recall until its {@code send_ack}),
 * {@code Requests} (sync, pull and ping answered by order), {@code OrderingBuffer} (exactly once,
 * in seq order, gaps pulled, expired seqs skipped), {@code CursorTracker} (cumulative, coalesced
 * acks and reads), {@code ConversationBook} (minSeq, read seqs and unread per conversation) and
 * {@code CatchUp} (sync, then pull what was missed).
 */
package dev.imlab.client.internal;
