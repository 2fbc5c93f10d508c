package dev.imlab.bench.peers.ejabberd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bench.peers.RecordingListener;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The XMPP client's login and acks, frame by frame, against what ejabberd 23.01 sent in a trial run. */
class XmppConnectionTest {
    private final RecordingListener chat = new RecordingListener();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final XmppConnection alice = new XmppConnection("alice", "pw", "bench.local", chat);

    private String out() {
        return RecordingListener.textOut(channel);
    }

    private void loggedIn() {
        alice.start(channel);
        out();
        alice.onText(channel, "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' id='1' from='bench.local' version='1.0'/>");
        alice.onText(channel, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        out();
        alice.onText(channel, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        out();
        alice.onText(channel, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>");
        out();
        alice.onText(channel, "<iq xmlns='jabber:client' type='result' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@bench.local/bench</jid></bind></iq>");
        out();
        alice.onText(channel, "<enabled xmlns='urn:xmpp:sm:3' id='x' resume='true'/>");
        out();
    }

    @Test
    void login_goesThroughSaslPlainBindAndStreamManagement_inOrder() {
        alice.start(channel);
        assertThat(out()).isEqualTo("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='bench.local' version='1.0'/>");

        alice.onText(channel, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        String auth = out();
        assertThat(auth).startsWith("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>");
        String credentials = auth.substring(auth.indexOf('>') + 1, auth.indexOf("</auth>"));
        assertThat(new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8)).isEqualTo("\0alice\0pw");

        alice.onText(channel, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
        assertThat(out()).startsWith("<open ");
        alice.onText(channel, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/><sm xmlns='urn:xmpp:sm:3'/></stream:features>");
        assertThat(out()).contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>", "id='bind'");
        alice.onText(channel, "<iq xmlns='jabber:client' type='result' id='bind'><bind/></iq>");
        assertThat(out()).isEqualTo("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        assertThat(alice.ready()).isNotDone();

        alice.onText(channel, "<enabled xmlns='urn:xmpp:sm:3' id='x' resume='true'/>");

        assertThat(out()).isEqualTo("<presence xmlns='jabber:client'/>");
        assertThat(alice.ready()).isCompleted();
    }

    @Test
    void login_fails_whenTheServerOffersNoStreamManagement() {
        alice.start(channel);
        alice.onText(channel, "<stream:features><mechanisms><mechanism>PLAIN</mechanism></mechanisms></stream:features>");
        alice.onText(channel, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");

        alice.onText(channel, "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");

        assertThat(alice.ready()).isCompletedExceptionally();
    }

    @Test
    void send_asksForAnAck_andTheServersCountAcksTheOldestFirst() {
        loggedIn();

        alice.send("bob", 7, "1:7:99:x");
        alice.send("bob", 8, "1:8:99:x");

        assertThat(out()).isEqualTo("<message xmlns='jabber:client' to='bob@bench.local' type='chat' id='7'><body>1:7:99:x</body></message>");
        assertThat(out()).isEqualTo("<r xmlns='urn:xmpp:sm:3'/>");
        alice.onText(channel, "<a h='1' xmlns='urn:xmpp:sm:3'/>");
        assertThat(chat.acked).containsExactly(7L);
        alice.onText(channel, "<a xmlns='urn:xmpp:sm:3' h=\"2\"/>");
        assertThat(chat.acked).containsExactly(7L, 8L);
    }

    @Test
    void received_handsOverTheBody_andAnswersTheServersRequestWithTheCountHandled() {
        loggedIn();

        alice.onText(channel, "<presence xml:lang='en' to='alice@bench.local/bench' from='alice@bench.local/bench'/>");
        alice.onText(channel, "<message xml:lang='en' to='alice@bench.local' from='bob@bench.local/bench' type='chat' id='3'>"
                + "<archived by='alice@bench.local' id='17' xmlns='urn:xmpp:mam:tmp'/><stanza-id by='alice@bench.local' id='17' "
                + "xmlns='urn:xmpp:sid:0'/><body>1:3:99:xx</body></message>");
        alice.onText(channel, "<message type='error' to='alice@bench.local' id='4'><body>1:4:99:xx</body><error/></message>");
        alice.onText(channel, "<r xmlns='urn:xmpp:sm:3'/>");

        assertThat(chat.received).containsExactly("1:3:99:xx");
        assertThat(out()).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='3'/>");
    }

    @Test
    void parsing_findsNamesAttributesAndText_inEitherQuote() {
        assertThat(XmppConnection.elementName("<?xml version='1.0'?><stream:features>")).isEqualTo("stream:features");
        assertThat(XmppConnection.elementName("<a h='5'/>")).isEqualTo("a");
        assertThat(XmppConnection.attribute("<iq type=\"result\" id='bind'><x id='no'/></iq>", "id")).isEqualTo("bind");
        assertThat(XmppConnection.attribute("<iq type='result'><x id='no'/></iq>", "id")).isNull();
        assertThat(XmppConnection.between("<m><body>b</body></m>", "<body>", "</body>")).isEqualTo("b");
    }
}
