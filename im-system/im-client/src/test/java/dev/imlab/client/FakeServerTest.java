package dev.imlab.client;

import static dev.imlab.client.Fixtures.connectAndSync;

import dev.imlab.client.fake.FakeImServer;
import org.junit.jupiter.api.AfterEach;

/** A client test against the fake server: the server, an inbox, the client under test, and their clean-up. */
abstract class FakeServerTest {
    final FakeImServer server = new FakeImServer();
    final Inbox inbox = new Inbox();
    ImClient client;

    @AfterEach
    void closeClientAndServer() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    /** Builds the client, gives it the inbox and the test's own {@link #listen listeners}, connects and waits for the first sync. */
    void connect(ImClientBuilder builder) throws Exception {
        client = builder.build();
        client.onMessage(inbox);
        listen(client);
        connectAndSync(client);
    }

    /** The test's listeners beside the inbox, added before the client connects. */
    void listen(ImClient client) {
    }
}
