package dev.imlab.push.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.bus.NotificationRecord;
import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who gets an offline notification for a pushed message, and what it says. */
class OfflineNotificationsTest {
    private static final String GROUP = "g1";
    private static final String CONV = ConversationId.group(GROUP).value();

    private static List<NotificationRecord> offline(Message message, List<String> users,
                                                    Map<String, Map<String, String>> routes) {
        List<NotificationRecord> into = new ArrayList<>();
        PushBatch.offline(message, users, routes, Set.of("gw-live"), into);
        return into;
    }

    @Test
    void everyMemberWithoutADeviceOnALiveGatewayButNeverTheSender() {
        Message message = new Message(CONV, 7, "alice", "hello", "c7", 1L, GROUP);
        Map<String, Map<String, String>> routes = Map.of(
                "bob", Map.of("phone", "gw-live"),                       // online
                "carol", Map.of("phone", "gw-dead"),                     // stale route: offline
                "dave", Map.of("phone", "gw-dead", "laptop", "gw-live")); // one device online is enough

        List<NotificationRecord> got = offline(message, List.of("alice", "bob", "carol", "dave", "erin"), routes);

        assertThat(got).extracting(NotificationRecord::userId).containsExactly("carol", "erin");
        assertThat(got.get(0)).isEqualTo(new NotificationRecord("carol", CONV, 7, "alice", GROUP, null, "hello", null));
        assertThat(got.get(0).id()).isEqualTo("carol/" + CONV + "/7");
    }

    @Test
    void aRecallIsNotifiedWithItsKindAndAnEmptyPreview() {
        Message recall = Message.recall(CONV, 8, "alice", "r1", 2L, GROUP, 7);

        List<NotificationRecord> got = offline(recall, List.of("alice", "bob"), Map.of());

        assertThat(got).containsExactly(new NotificationRecord("bob", CONV, 8, "alice", GROUP, "recall", "", 7L));
    }

    @Test
    void thePreviewIsTheFirstHundredCharactersAndNeverSplitsACharacter() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        String body = emoji.repeat(150);

        String preview = PushBatch.preview(body);

        assertThat(preview.codePointCount(0, preview.length())).isEqualTo(100);
        assertThat(preview).isEqualTo(emoji.repeat(100));
        assertThat(PushBatch.preview("short")).isEqualTo("short");
        assertThat(PushBatch.preview("x".repeat(100))).hasSize(100);
    }
}
