package dev.imlab.protocol.frame;

import static dev.imlab.protocol.ErrorCode.BAD_FRAME;
import static dev.imlab.protocol.ErrorCode.INVALID_FIELD;
import static dev.imlab.protocol.ErrorCode.MISSING_FIELD;
import static dev.imlab.protocol.ErrorCode.UNKNOWN_TYPE;

import dev.imlab.protocol.ConversationId;
import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.Ids;
import dev.imlab.protocol.ImException;
import dev.imlab.protocol.Message;
import dev.imlab.protocol.frame.internal.JsonFields;
import java.io.OutputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text frames of PROTOCOL.md to and from records, in both directions (the server decodes what
 * clients send, the SDK decodes what the server sends). Thread-safe and cheap to share.
 *
 * <p>Decoding validates as it goes, so that every refusal carries the wire code PROTOCOL.md
 * names and a {@code ref}: the {@code clientMsgId} of a {@code send} when it has a usable one,
 * else the request type.
 */
public final class FrameCodec {
    /** A larger frame closes the connection with status 1009. */
    public static final int MAX_FRAME_BYTES = 65_536;
    public static final int DEFAULT_PULL_LIMIT = 200;
    /** A larger pull {@code limit} is treated as this, not refused. */
    public static final int MAX_PULL_LIMIT = 200;

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    // ---- client frames ---------------------------------------------------------------

    public ClientFrame decodeClient(String text) {
        JsonNode node = readObject(text);
        JsonFields fields = new JsonFields(node);
        String type = fields.requireString("type");
        try {
            return switch (type) {
                case "send" -> send(fields);
                case "ack" -> new ClientFrame.Ack(conversationId(fields), positive(fields, "seq"));
                case "sync" -> new ClientFrame.Sync();
                case "pull" -> pull(fields);
                case "read" -> new ClientFrame.Read(conversationId(fields), positive(fields, "seq"));
                case "recall" -> new ClientFrame.Recall(Ids.requireClientMsgId(fields.requireString("clientMsgId")),
                        conversationId(fields), positive(fields, "seq"));
                case "ping" -> new ClientFrame.Ping();
                default -> throw new ImException(UNKNOWN_TYPE, "unknown type '" + abbreviate(type) + "'", abbreviate(type), null);
            };
        } catch (ImException e) {
            return rethrowWithRef(e, type, node);
        }
    }

    private static ClientFrame.Send send(JsonFields fields) {
        String clientMsgId = Ids.requireClientMsgId(fields.requireString("clientMsgId"));
        String to = fields.optionalString("to");
        String groupId = fields.optionalString("groupId");
        if (to == null && groupId == null) {
            throw MISSING_FIELD.exception("one of 'to' or 'groupId' is required");
        }
        if (to != null && groupId != null) {
            throw INVALID_FIELD.exception("give exactly one of 'to' or 'groupId', not both");
        }
        if (to != null) {
            Ids.requireId("to", to);
        } else {
            Ids.requireId("groupId", groupId);
        }
        String body = Ids.requireBody(fields.requireString("body"));
        return new ClientFrame.Send(clientMsgId, to, groupId, body);
    }

    private static ClientFrame.Pull pull(JsonFields fields) {
        String conversationId = conversationId(fields);
        long fromSeq = positive(fields, "fromSeq");
        long toSeq = positive(fields, "toSeq");
        if (fromSeq > toSeq) {
            throw INVALID_FIELD.exception("fromSeq " + fromSeq + " is greater than toSeq " + toSeq);
        }
        Long limit = fields.optionalLong("limit");
        if (limit != null && limit < 1) {
            throw INVALID_FIELD.exception("limit is " + limit + ", it must be at least 1");
        }
        int effective = limit == null ? DEFAULT_PULL_LIMIT : (int) Math.min(limit, MAX_PULL_LIMIT);
        return new ClientFrame.Pull(conversationId, fromSeq, toSeq, effective);
    }

    private static String conversationId(JsonFields fields) {
        return ConversationId.parse(fields.requireString("conversationId")).value();
    }

    private static long positive(JsonFields fields, String field) {
        long value = fields.requireLong(field);
        if (value < 1) {
            throw INVALID_FIELD.exception(field + " is " + value + ", it must be at least 1");
        }
        return value;
    }

    private static ClientFrame rethrowWithRef(ImException e, String type, JsonNode node) {
        if (e.ref() != null) {
            throw e;
        }
        String ref = type;
        if ("send".equals(type) || "recall".equals(type)) {
            JsonNode clientMsgId = node.get("clientMsgId");
            if (clientMsgId != null && clientMsgId.isString() && Ids.isClientMsgId(clientMsgId.stringValue())) {
                ref = clientMsgId.stringValue();
            }
        }
        throw e.withRef(ref);
    }

    public String encode(ClientFrame frame) {
        return write(g -> {
            g.writeStringProperty("type", frame.type());
            if (frame instanceof ClientFrame.Send s) {
                g.writeStringProperty("clientMsgId", s.clientMsgId());
                if (s.to() != null) {
                    g.writeStringProperty("to", s.to());
                }
                if (s.groupId() != null) {
                    g.writeStringProperty("groupId", s.groupId());
                }
                g.writeStringProperty("body", s.body());
            } else if (frame instanceof ClientFrame.Ack a) {
                g.writeStringProperty("conversationId", a.conversationId());
                g.writeNumberProperty("seq", a.seq());
            } else if (frame instanceof ClientFrame.Read r) {
                g.writeStringProperty("conversationId", r.conversationId());
                g.writeNumberProperty("seq", r.seq());
            } else if (frame instanceof ClientFrame.Recall r) {
                g.writeStringProperty("clientMsgId", r.clientMsgId());
                g.writeStringProperty("conversationId", r.conversationId());
                g.writeNumberProperty("seq", r.seq());
            } else if (frame instanceof ClientFrame.Pull p) {
                g.writeStringProperty("conversationId", p.conversationId());
                g.writeNumberProperty("fromSeq", p.fromSeq());
                g.writeNumberProperty("toSeq", p.toSeq());
                g.writeNumberProperty("limit", p.limit());
            }
        });
    }

    // ---- server frames ---------------------------------------------------------------

    public String encode(ServerFrame frame) {
        return write(g -> writeServerFrame(g, frame));
    }

    /** Writes the frame as UTF-8 JSON straight into {@code out}, for the gateway's buffers. */
    public void encode(ServerFrame frame, OutputStream out) {
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            writeServerFrame(g, frame);
            g.writeEndObject();
        }
    }

    private static void writeServerFrame(JsonGenerator g, ServerFrame frame) {
        g.writeStringProperty("type", frame.type());
        if (frame instanceof ServerFrame.SendAck a) {
            g.writeStringProperty("clientMsgId", a.clientMsgId());
            g.writeStringProperty("conversationId", a.conversationId());
            g.writeNumberProperty("seq", a.seq());
            g.writeNumberProperty("serverTime", a.serverTime());
        } else if (frame instanceof ServerFrame.Push p) {
            writeMessageFields(g, p.message());
        } else if (frame instanceof ServerFrame.SyncResult s) {
            g.writeArrayPropertyStart("conversations");
            for (ServerFrame.ConversationState c : s.conversations()) {
                g.writeStartObject();
                g.writeStringProperty("conversationId", c.conversationId());
                g.writeNumberProperty("maxSeq", c.maxSeq());
                g.writeNumberProperty("ackedSeq", c.ackedSeq());
                g.writeNumberProperty("minSeq", c.minSeq());
                g.writeNumberProperty("readSeq", c.readSeq());
                g.writeNumberProperty("unread", c.unread());
                if (c.peerReadSeq() != null) {
                    g.writeNumberProperty("peerReadSeq", c.peerReadSeq());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (frame instanceof ServerFrame.PullResult p) {
            g.writeStringProperty("conversationId", p.conversationId());
            g.writeNumberProperty("minSeq", p.minSeq());
            g.writeArrayPropertyStart("messages");
            for (Message m : p.messages()) {
                g.writeStartObject();
                writeMessageFields(g, m);
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (frame instanceof ServerFrame.ReadReceipt r) {
            g.writeStringProperty("conversationId", r.conversationId());
            g.writeStringProperty("userId", r.userId());
            g.writeNumberProperty("seq", r.seq());
        } else if (frame instanceof ServerFrame.Kicked k) {
            g.writeStringProperty("reason", k.reason());
        } else if (frame instanceof ServerFrame.Reconnect r) {
            g.writeStringProperty("reason", r.reason());
            g.writeNumberProperty("afterMs", r.afterMs());
        } else if (frame instanceof ServerFrame.Error e) {
            g.writeStringProperty("code", e.code().name());
            g.writeStringProperty("message", e.message());
            if (e.ref() != null) {
                g.writeStringProperty("ref", e.ref());
            }
            if (e.retryAfterMs() != null) {
                g.writeNumberProperty("retryAfterMs", e.retryAfterMs());
            }
        }
    }

    private static void writeMessageFields(JsonGenerator g, Message m) {
        g.writeStringProperty("conversationId", m.conversationId());
        g.writeNumberProperty("seq", m.seq());
        g.writeStringProperty("from", m.from());
        g.writeStringProperty("body", m.body());
        g.writeStringProperty("clientMsgId", m.clientMsgId());
        g.writeNumberProperty("serverTime", m.serverTime());
        if (m.groupId() != null) {
            g.writeStringProperty("groupId", m.groupId());
        }
        if (m.kind() != null) {
            g.writeStringProperty("kind", m.kind());
        }
        if (m.isRecall()) {
            g.writeNumberProperty("recalledSeq", m.recalledSeq());
        }
        if (m.recalled()) {
            g.writeBooleanProperty("recalled", true);
        }
    }

    /** Decodes what the server sent; lenient about unknown fields, as PROTOCOL.md asks of clients. */
    public ServerFrame decodeServer(String text) {
        JsonNode node = readObject(text);
        JsonFields f = new JsonFields(node);
        String type = f.requireString("type");
        return switch (type) {
            case "send_ack" -> new ServerFrame.SendAck(f.requireString("clientMsgId"), f.requireString("conversationId"),
                    f.requireLong("seq"), f.requireLong("serverTime"));
            case "push" -> new ServerFrame.Push(message(node));
            case "sync_result" -> {
                List<ServerFrame.ConversationState> list = new ArrayList<>();
                for (JsonNode c : node.path("conversations")) {
                    JsonFields cf = new JsonFields(c);
                    // v2 fields default to "nothing expired, nothing read" from a v1 server.
                    long maxSeq = cf.requireLong("maxSeq");
                    long readSeq = orDefault(cf.optionalLong("readSeq"), 0);
                    list.add(new ServerFrame.ConversationState(cf.requireString("conversationId"), maxSeq,
                            cf.requireLong("ackedSeq"), orDefault(cf.optionalLong("minSeq"), 1), readSeq,
                            orDefault(cf.optionalLong("unread"), Math.max(0, maxSeq - readSeq)), cf.optionalLong("peerReadSeq")));
                }
                yield new ServerFrame.SyncResult(List.copyOf(list));
            }
            case "pull_result" -> {
                List<Message> messages = new ArrayList<>();
                for (JsonNode m : node.path("messages")) {
                    messages.add(message(m));
                }
                yield new ServerFrame.PullResult(f.requireString("conversationId"), orDefault(f.optionalLong("minSeq"), 1),
                        List.copyOf(messages));
            }
            case "read_receipt" -> new ServerFrame.ReadReceipt(f.requireString("conversationId"), f.requireString("userId"),
                    f.requireLong("seq"));
            case "pong" -> new ServerFrame.Pong();
            case "kicked" -> new ServerFrame.Kicked(f.optionalString("reason"));
            case "reconnect" -> new ServerFrame.Reconnect(f.optionalString("reason"),
                    Math.max(0, orDefault(f.optionalLong("afterMs"), 0)));
            case "error" -> new ServerFrame.Error(ErrorCode.valueOf(f.requireString("code")), f.optionalString("message"),
                    f.optionalString("ref"), f.optionalLong("retryAfterMs"));
            default -> throw UNKNOWN_TYPE.exception("unknown server frame type '" + abbreviate(type) + "'");
        };
    }

    private static Message message(JsonNode node) {
        JsonFields f = new JsonFields(node);
        JsonNode recalled = node.get("recalled");
        return new Message(f.requireString("conversationId"), f.requireLong("seq"), f.requireString("from"),
                f.requireString("body"), f.requireString("clientMsgId"), f.requireLong("serverTime"),
                f.optionalString("groupId"), f.optionalString("kind"), orDefault(f.optionalLong("recalledSeq"), 0),
                recalled != null && recalled.isBoolean() && recalled.booleanValue());
    }

    private static long orDefault(Long value, long fallback) {
        return value == null ? fallback : value;
    }

    // ---- plumbing --------------------------------------------------------------------

    private JsonNode readObject(String text) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JacksonException e) {
            throw BAD_FRAME.exception("not valid JSON: " + abbreviate(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw BAD_FRAME.exception("a frame must be a JSON object");
        }
        return node;
    }

    private interface Body {
        void write(JsonGenerator g);
    }

    private String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "" : Ids.abbreviate(s, 80);
    }
}
