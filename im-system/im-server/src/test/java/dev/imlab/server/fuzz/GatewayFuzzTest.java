package dev.imlab.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.protocol.ErrorCode;
import dev.imlab.protocol.frame.ServerFrame;
import dev.imlab.server.support.RawSocket;
import dev.imlab.server.support.TestServer;
import dev.imlab.testsupport.fuzz.ClientFrameFuzz;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A live gateway under random input, as a hostile or broken client would send it:
 *
 * <ul>
 * <li>WebSocket: sequences of up to 25 frames (valid ones for the user's own conversations, seeds
 *     and mutations from {@link ClientFrameFuzz}, binary frames) on one connection. Every error the
 *     server answers carries a documented code, none is {@code INTERNAL}, and afterwards the
 *     connection still answers a {@code ping}: no input leaves it in a bad state.
 * <li>HTTP, written on a plain socket so that malformed paths get through: random methods, paths,
 *     headers and bodies on the API. Every answer is a 2xx or a documented error body
 *     ({@code {"error":CODE,"message":...}}) with CODE's status, or Netty's 400 for a request line it
 *     cannot read; never a 500.
 * </ul>
 *
 * <p>{@code jqwik.tries.default} (150 in the test command, see junit-platform.properties) sets the
 * number of sequences and requests; a long run:
 * {@code ./mvnw -pl im-system/im-server test -Dtest=GatewayFuzzTest -Djqwik.tries.default=20000}.
 */
class GatewayFuzzTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<ErrorCode> DOCUMENTED = EnumSet.complementOf(EnumSet.of(ErrorCode.INTERNAL));

    private static TestServer server;
    private static String alice;
    private static String bob;
    private static String aliceToken;

    @BeforeContainer
    static void start() {
        server = TestServer.shared();
        alice = server.newUser("fuzz-a");
        bob = server.newUser("fuzz-b");
        aliceToken = server.http().token(alice, TestServer.password(), "phone").token();
    }

    @Property
    void anySequenceOfFrames_getsDocumentedAnswers_andLeavesTheConnectionWorking(
            @ForAll("frameSequences") List<String> frames) {
        try (RawSocket socket = server.raw(alice, "fuzz")) {
            for (String frame : frames) {
                if (frame.startsWith("binary:")) {
                    socket.sendBinary(frame.substring(7).getBytes(StandardCharsets.UTF_8));
                } else {
                    socket.send(frame);
                }
            }
            socket.send("{\"type\":\"ping\"}");
            List<ServerFrame.Error> errors = new ArrayList<>();
            socket.next(f -> {
                if (f instanceof ServerFrame.Error e) {
                    errors.add(e);
                }
                return f instanceof ServerFrame.Pong;
            }, 20);
            assertThat(errors).as("errors answered to %s", frames)
                    .allSatisfy(e -> assertThat(e.code()).isIn(DOCUMENTED));
        }
    }

    @Property
    void anyHttpRequest_isAnsweredWithA2xxOrADocumentedError(@ForAll("requests") Request request) throws Exception {
        String authorization = request.authorization();
        if (authorization != null && authorization.contains(aliceToken) && request.path().startsWith("/api/v1/auth/")
                && !request.method().equals("POST")) {
            // A logout (DELETE) or password change (PUT) would revoke the token every later try carries: use one of its own.
            String own = server.http().token(alice, TestServer.password(), "phone").token();
            authorization = authorization.replace(aliceToken, own);
        }
        RawHttp.Response response = RawHttp.send(server.baseUri(), request.method(), request.path(),
                authorization, request.body());

        assertThat(response.status()).as("%s", request).isNotEqualTo(500);
        if (response.status() / 100 != 2 && response.body().startsWith("{")) {
            JsonNode body = JSON.readTree(response.body());
            ErrorCode code = ErrorCode.valueOf(body.path("error").asString());
            assertThat(code).as("%s -> %s", request, response.body()).isIn(DOCUMENTED);
            assertThat(response.status()).as("%s -> %s", request, response.body()).isEqualTo(code.httpStatus());
        } else if (response.status() / 100 != 2) {
            // Netty's HTTP decoder refuses a request line it cannot read before any imlab code runs.
            assertThat(response.status()).as("%s -> %s", request, response.body()).isEqualTo(400);
        }
    }

    /** Found by the property above: such a path closed the connection without an answer. */
    @Example
    void aBrokenPercentEscape_inThePathOrTheQuery_isABadRequest() throws Exception {
        for (String path : List.of("/api/v1/groups/%", "/%zz", "/ws?token=%")) {
            RawHttp.Response response = RawHttp.send(server.baseUri(), "GET", path, null, null);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(JSON.readTree(response.body()).path("error").asString()).as(path).isEqualTo("BAD_REQUEST");
        }
    }

    record Request(String method, String path, String authorization, String body) {
    }

    @Provide
    Arbitrary<List<String>> frameSequences() {
        Arbitrary<String> valid = Arbitraries.of(
                "{\"type\":\"send\",\"clientMsgId\":\"v1\",\"to\":\"" + bob + "\",\"body\":\"hi\"}",
                "{\"type\":\"ack\",\"conversationId\":\"" + single() + "\",\"seq\":1}",
                "{\"type\":\"read\",\"conversationId\":\"" + single() + "\",\"seq\":1}",
                "{\"type\":\"pull\",\"conversationId\":\"" + single() + "\",\"fromSeq\":1,\"toSeq\":5}",
                "{\"type\":\"recall\",\"clientMsgId\":\"r1\",\"conversationId\":\"" + single() + "\",\"seq\":1}",
                "{\"type\":\"sync\"}");
        Arbitrary<String> binary = Arbitraries.strings().ofMaxLength(40).map(s -> "binary:" + s);
        Arbitrary<String> frame = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, valid), net.jqwik.api.Tuple.of(6, ClientFrameFuzz.frames()),
                net.jqwik.api.Tuple.of(1, binary));
        return frame.list().ofMinSize(1).ofMaxSize(25);
    }

    /**
     * Paths never hold a raw space or control character: that is not an HTTP request line, Netty
     * answers 400 and closes, and a client still sending its body may see the connection reset.
     */
    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH");
        Arbitrary<String> path = Arbitraries.oneOf(
                Arbitraries.of("/api/v1/health", "/api/v1/users", "/api/v1/auth/token", "/api/v1/auth/password",
                        "/api/v1/groups",
                        "/api/v1/groups/fuzz-team", "/api/v1/groups/fuzz-team/members",
                        "/api/v1/groups/fuzz-team/members/" + bob, "/api/v1/stats", "/api/v1/nothing", "/metrics",
                        "/ws?token=%", "/ws?token=" + aliceToken, "/ws", "/ws?token=%zz&x", "/%", "/dashboard", "/"),
                Arbitraries.strings().withChars("abc/-_.%?#&=0123456789").ofMaxLength(30).map(s -> "/api/v1/groups/" + s),
                Arbitraries.strings().withChars("abc/-_.%?#&=\u00e9").ofMaxLength(30).map(s -> "/api/" + s));
        Arbitrary<String> authorization = Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.of(
                "Bearer " + aliceToken, "Bearer ", "Bearer x.y.z", "Basic abc", "bearer " + aliceToken + "x"));
        Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.just(null), ClientFrameFuzz.jsonValues(),
                Arbitraries.of("{\"userId\":\"fz" + "\",\"password\":\"short\"}",
                        "{\"userId\":\"" + alice + "\",\"password\":\"" + TestServer.password() + "\",\"deviceId\":\"d\"}",
                        "{\"groupId\":\"fuzz-team\",\"members\":[\"" + bob + "\"]}",
                        "{\"userId\":\"" + bob + "\"}", "{\"members\":\"notalist\"}", "not json", "{\"a\":"),
                Arbitraries.strings().ofMaxLength(60));
        return Combinators.combine(method, path, authorization, body).as(Request::new);
    }

    private static String single() {
        return alice.compareTo(bob) < 0 ? "si_" + alice + "_" + bob : "si_" + bob + "_" + alice;
    }
}
