package dev.imlab.server.limits;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP and WebSocket on a plain socket bound to a chosen source address, since limits count by
 * client address: on Linux every 127.x.y.z is the loopback, so each test's abuser and honest client
 * get addresses of their own ({@link #fresh()}). The JDK's HttpClient cannot bind one (before 19).
 */
final class FromAddress {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int TIMEOUT_MS = 15_000;

    private final URI base;
    private final String source;
    private final String forwardedFor; // an X-Forwarded-For line on every request, or null

    private FromAddress(URI base, String source) {
        this(base, source, null);
    }

    private FromAddress(URI base, String source, String forwardedFor) {
        this.base = base;
        this.source = source;
        this.forwardedFor = forwardedFor;
    }

    /** The same client, with {@code X-Forwarded-For: hops} on every request and upgrade (as a proxy, or forged). */
    FromAddress forwardingFor(String hops) {
        return new FromAddress(base, source, hops);
    }

    private String forwardedLine() {
        return forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n";
    }

    /** Requests from {@code source} (an address such as 127.0.3.7) to the server at {@code base}. */
    static FromAddress of(URI base, String source) {
        return new FromAddress(base, source);
    }

    /** Requests from an address no other client of this JVM has used. */
    static FromAddress fresh(URI base) {
        return new FromAddress(base, fresh());
    }

    /** An address on the loopback no other call returned in this JVM: 127.1.0.10, 127.1.0.11, ... */
    static String fresh() {
        int n = NEXT.getAndIncrement();
        return "127.1." + (n / 200) + "." + (n % 200 + 10);
    }

    String source() {
        return source;
    }

    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    Response get(String path) {
        return request("GET", path, null, null);
    }

    Response post(String path, String json) {
        return request("POST", path, null, json);
    }

    Response register(String userId, String password) {
        return post("/api/v1/users", "{\"userId\":\"" + userId + "\",\"password\":\"" + password + "\"}");
    }

    Response login(String userId, String password, String deviceId) {
        return post("/api/v1/auth/token", "{\"userId\":\"" + userId + "\",\"password\":\"" + password
                + "\",\"deviceId\":\"" + deviceId + "\"}");
    }

    /** One request on a new connection, answered and closed. */
    Response request(String method, String path, String authorization, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getAuthority()).append("\r\n").append("Connection: close\r\n")
                .append(forwardedLine());
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            return readResponse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A socket to the server, bound to this source address. */
    Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        return socket;
    }

    /**
     * A WebSocket upgrade with {@code token}: the open socket when the server switched protocols,
     * or else its HTTP answer in {@link Handshake#refused()}.
     */
    Handshake webSocket(String token) {
        try {
            Socket socket = connect();
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String head = "GET /ws?token=" + token + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n" + forwardedLine() + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Response answer = readHead(in);
            if (answer.status() == 101) {
                return new Handshake(new RawWebSocket(socket, in), null);
            }
            Response full = new Response(answer.status(), answer.headers(), readBody(in, answer.headers()));
            socket.close();
            return new Handshake(null, full);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Either an open WebSocket or the HTTP answer that refused it. */
    record Handshake(RawWebSocket socket, Response refused) {
        RawWebSocket open() {
            if (socket == null) {
                throw new AssertionError("the upgrade was refused: " + refused);
            }
            return socket;
        }
    }

    static Response readResponse(InputStream in) throws IOException {
        Response head = readHead(in);
        return new Response(head.status(), head.headers(), readBody(in, head.headers()));
    }

    private static Response readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection before answering: '" + bytes + "'");
            }
            bytes.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(status, headers, "");
    }

    private static String readBody(InputStream in, Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new String(body, StandardCharsets.UTF_8);
    }

    /** True if the server closes the socket (end of stream or a reset) before {@code timeoutMs}; false if it stays open. */
    static boolean closedByServer(Socket socket, InputStream in, int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
