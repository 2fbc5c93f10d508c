package dev.imlab.bench.peers.ejabberd;

import dev.imlab.bench.peers.ChatConnection;
import dev.imlab.bench.peers.ChatListener;
import dev.imlab.bench.peers.internal.ClientTransport;
import io.netty.channel.Channel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * An XMPP client over WebSocket (RFC 7395), as small as the scenario allows and as complete as a
 * chat client's login: {@code <open/>}, SASL PLAIN, a second {@code <open/>}, resource binding,
 * stream management (XEP-0198) with resumption, initial presence. Then each message stanza is
 * followed by a {@code <r/>} so the server acks it ({@code <a h/>} counts the stanzas it handled),
 * and the client answers every {@code <r/>} of the server with the count it handled, so both
 * sides acknowledge, as imlab's send_ack and push ack do. All state is touched on the
 * connection's event loop only.
 *
 * @implNote Hand-written rather than Smack: Smack keeps reader and writer threads per connection,
 *     which would make the client the limit of an idle-connections run. RFC 7395 puts one complete
 *     element in each WebSocket message, so reading needs only the element's name, an attribute or
 *     two and the body text, which the bench writes itself (digits, colons and {@code x}); this is
 *     no general XML parser and is not meant for anyone else's stanzas.
 */
final class XmppConnection implements ClientTransport.TextHandler, ChatConnection {
    static final String SUBPROTOCOL = "xmpp";
    private static final String SM = "urn:xmpp:sm:3";

    private enum State { AUTH, BIND, ENABLE, READY, CLOSED }

    private final String user;
    private final String password;
    private final String domain;
    private final ChatListener listener;
    private final CompletableFuture<ChatConnection> ready = new CompletableFuture<>();
    /** Counters of the messages sent and not yet covered by an {@code <a h/>}, in send order. */
    private final ArrayDeque<Long> unacked = new ArrayDeque<>();
    private long ackedByServer;
    private long handledFromServer;
    private State state = State.AUTH;
    private Channel channel;

    XmppConnection(String user, String password, String domain, ChatListener listener) {
        this.user = user;
        this.password = password;
        this.domain = domain;
        this.listener = listener;
    }

    static CompletableFuture<ChatConnection> open(ClientTransport transport, URI wsUri, String domain, String user,
                                                  String password, ChatListener listener) {
        XmppConnection c = new XmppConnection(user, password, domain, listener);
        transport.webSocket(wsUri, SUBPROTOCOL, c).whenComplete((ch, e) -> {
            if (e != null) {
                c.ready.completeExceptionally(e);
            } else {
                c.start(ch);
            }
        });
        return c.ready;
    }

    /** The WebSocket is open: the stream starts. */
    void start(Channel ch) {
        channel = ch;
        write(openStream());
    }

    CompletableFuture<ChatConnection> ready() {
        return ready;
    }

    String openStream() {
        return "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='" + domain + "' version='1.0'/>";
    }

    @Override
    public void execute(Runnable task) {
        ClientTransport.onEventLoop(channel, task);
    }

    @Override
    public void send(String toUser, long counter, String body) {
        unacked.add(counter);
        channel.write(frame(message(toUser + "@" + domain, counter, body)), channel.voidPromise());
        channel.writeAndFlush(frame("<r xmlns='" + SM + "'/>"), channel.voidPromise());
    }

    static String message(String to, long id, String body) {
        return "<message xmlns='jabber:client' to='" + to + "' type='chat' id='" + id + "'><body>" + body + "</body></message>";
    }

    @Override
    public void onText(Channel ch, String text) {
        String name = elementName(text);
        switch (name) {
            case "message" -> {
                handledFromServer++;
                String body = between(text, "<body>", "</body>");
                if (body != null && !"error".equals(attribute(text, "type"))) { // a bounce carries the original body
                    listener.received(body);
                }
            }
            case "r" -> write("<a xmlns='" + SM + "' h='" + handledFromServer + "'/>");
            case "a" -> serverAcked(Long.parseLong(attribute(text, "h")));
            case "presence" -> handledFromServer++;
            case "iq" -> onIq(text);
            case "features", "stream:features" -> onFeatures(text);
            case "success" -> {
                state = State.BIND;
                write(openStream());
            }
            case "enabled" -> {
                state = State.READY;
                write("<presence xmlns='jabber:client'/>");
                ready.complete(this);
            }
            case "failure", "failed", "stream:error", "error" -> fail("the server refused: " + text);
            case "close" -> channel.close();
            default -> {
                // <open/> and anything the bench does not need
            }
        }
    }

    private void onFeatures(String text) {
        if (state == State.AUTH) {
            if (!text.contains(">PLAIN<")) {
                fail("the server offers no SASL PLAIN: " + text);
                return;
            }
            String credentials = "\0" + user + "\0" + password;
            write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)) + "</auth>");
        } else if (state == State.BIND) {
            if (!text.contains(SM)) {
                fail("the server offers no stream management (XEP-0198): " + text);
                return;
            }
            write("<iq xmlns='jabber:client' type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                    + "<resource>bench</resource></bind></iq>");
        }
    }

    private void onIq(String text) {
        if (state == State.BIND && "bind".equals(attribute(text, "id"))) {
            if (!"result".equals(attribute(text, "type"))) {
                fail("resource binding failed: " + text);
                return;
            }
            state = State.ENABLE;
            write("<enable xmlns='" + SM + "' resume='true'/>");
            return;
        }
        if (state == State.READY) {
            handledFromServer++;
        }
    }

    /** {@code <a h='n'/>}: the server handled the first n stanzas of this stream; the newest ones are ours. */
    private void serverAcked(long h) {
        while (ackedByServer < h && !unacked.isEmpty()) {
            ackedByServer++;
            listener.acked(unacked.poll());
        }
    }

    private void fail(String why) {
        state = State.CLOSED;
        ready.completeExceptionally(new IllegalStateException(user + ": " + why));
        channel.close();
    }

    @Override
    public void onClose(Channel ch) {
        state = State.CLOSED;
        ready.completeExceptionally(new IllegalStateException(user + ": closed while logging in"));
    }

    @Override
    public void close() {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(frame("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"))
                    .addListener(f -> channel.close());
        }
    }

    private void write(String element) {
        channel.writeAndFlush(frame(element), channel.voidPromise());
    }

    private static io.netty.handler.codec.http.websocketx.TextWebSocketFrame frame(String element) {
        return new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(element);
    }

    /** {@code message} of {@code <message xml:lang='en' ...>}. */
    static String elementName(String text) {
        int start = text.indexOf('<');
        if (start < 0) {
            return "";
        }
        if (text.startsWith("<?xml", start)) {
            start = text.indexOf('<', start + 1);
        }
        int end = start + 1;
        while (end < text.length() && " />\t\r\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(start + 1, end);
    }

    /** The value of the first attribute {@code name} in the element's start tag, either quote. */
    static String attribute(String text, String name) {
        int tagEnd = text.indexOf('>');
        int at = text.indexOf(" " + name + "=");
        if (at < 0 || (tagEnd >= 0 && at > tagEnd)) {
            return null;
        }
        int open = at + name.length() + 2;
        char quote = text.charAt(open);
        int close = text.indexOf(quote, open + 1);
        return text.substring(open + 1, close);
    }

    static String between(String text, String open, String close) {
        int a = text.indexOf(open);
        if (a < 0) {
            return null;
        }
        int b = text.indexOf(close, a + open.length());
        return b < 0 ? null : text.substring(a + open.length(), b);
    }
}
