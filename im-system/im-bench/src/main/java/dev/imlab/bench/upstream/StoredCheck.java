package dev.imlab.bench.upstream;

import dev.imlab.protocol.Message;
import dev.imlab.storage.Storage;
import dev.imlab.storage.message.MessageStore;
import dev.imlab.storage.message.StoredMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the transfer stored for an {@link UpstreamFill}, read back from MongoDB through imlab's own
 * stores: every conversation's {@code maxSeq} must equal the messages produced for it, a sample of
 * messages must be there by id with what was sent (seq k carries clientMsgId {@code m<k>}: stored
 * once, in the order sent), and nothing may be stored beyond the last seq.
 */
public final class StoredCheck {
    /** Problems listed by name at most; the counts say how many in all. */
    private static final int MAX_LISTED = 5;

    /**
     * @param maxSeqWrong conversations whose maxSeq differs from what was produced for them
     * @param stored the sum of every conversation's maxSeq
     * @param sampled messages looked up by id
     * @param missing sampled ids not found
     * @param wrong sampled messages found with another sender, clientMsgId or body
     * @param beyondLast conversations with a message after the last seq produced
     */
    public record Counts(int conversations, int maxSeqWrong, long stored, int sampled, int missing, int wrong,
                         int beyondLast, List<String> examples) {
        public boolean clean() {
            return maxSeqWrong == 0 && missing == 0 && wrong == 0 && beyondLast == 0;
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("conversations", conversations);
            m.put("maxSeqWrong", maxSeqWrong);
            m.put("stored", stored);
            m.put("sampled", sampled);
            m.put("missing", missing);
            m.put("wrong", wrong);
            m.put("beyondLast", beyondLast);
            m.put("examples", examples);
            return m;
        }

        @Override
        public String toString() {
            return "maxSeq as produced in " + (conversations - maxSeqWrong) + " of " + conversations + " conversations ("
                    + stored + " messages); sampled " + sampled + " by id: missing " + missing + ", wrong " + wrong
                    + "; stored beyond the last seq: " + beyondLast + (examples.isEmpty() ? "" : "; e.g. " + examples);
        }
    }

    private StoredCheck() {
    }

    /** @param sample messages to look up by id, spread over the conversations (first and last seq of each among them) */
    public static Counts run(String mongoUri, UpstreamFill.Result fill, int sample) {
        List<String> examples = new ArrayList<>();
        Random random = new Random(42);
        int perConversation = Math.max(2, sample / Math.max(1, fill.conversations().size()));
        int maxSeqWrong = 0;
        int sampled = 0;
        int missing = 0;
        int wrong = 0;
        int beyond = 0;
        long stored = 0;
        try (Storage storage = new Storage(mongoUri, "imlab")) {
            MessageStore messages = storage.messages();
            Map<String, Long> maxSeqs = storage.conversations().maxSeqs(fill.conversations().stream()
                    .map(UpstreamFill.Conversation::id).toList());
            for (UpstreamFill.Conversation c : fill.conversations()) {
                long max = maxSeqs.getOrDefault(c.id(), 0L);
                stored += max;
                if (max != c.messages()) {
                    maxSeqWrong++;
                    note(examples, c.id() + " maxSeq " + max + ", produced " + c.messages());
                }
                if (!messages.range(c.id(), c.messages() + 1, c.messages() + 1).isEmpty()) {
                    beyond++;
                    note(examples, MessageStore.id(c.id(), c.messages() + 1) + " exists");
                }
                for (int i = 0; i < perConversation && c.messages() > 0; i++) {
                    long seq = i == 0 ? 1 : i == 1 ? c.messages() : 1 + (long) (random.nextDouble() * c.messages());
                    List<StoredMessage> found = messages.range(c.id(), seq, seq);
                    sampled++;
                    if (found.isEmpty()) {
                        missing++;
                        note(examples, MessageStore.id(c.id(), seq) + " missing");
                    } else if (!asSent(found.get(0).message(), c, seq, fill.bodyBytes())) {
                        wrong++;
                        note(examples, MessageStore.id(c.id(), seq) + " holds " + found.get(0).message().clientMsgId());
                    }
                }
            }
        }
        return new Counts(fill.conversations().size(), maxSeqWrong, stored, sampled, missing, wrong, beyond, examples);
    }

    private static boolean asSent(Message m, UpstreamFill.Conversation c, long seq, int bodyBytes) {
        return m.from().equals(c.sender()) && m.clientMsgId().equals("m" + seq) && m.body().length() == bodyBytes;
    }

    private static void note(List<String> examples, String problem) {
        if (examples.size() < MAX_LISTED) {
            examples.add(problem);
        }
    }
}
