package dev.imlab.bench.peers;

/**
 * A message body that carries what the checker and the latency need, so that every system is
 * checked from the same bytes whatever its own ids: {@code <run>:<counter>:<sendNanos>:xxxx...},
 * padded with {@code x} to the body size asked for. The counter counts 1, 2, 3, ... per pair and
 * run, and plays the part of imlab's seq for loss, duplicates and order.
 */
public final class Body {
    private Body() {
    }

    public static String of(int run, long counter, long sendNanos, int size) {
        StringBuilder b = new StringBuilder(Math.max(size, 48)).append(run).append(':').append(counter).append(':')
                .append(sendNanos).append(':');
        while (b.length() < size) {
            b.append('x');
        }
        return b.toString();
    }

    public static int run(String body) {
        return Integer.parseInt(body, 0, body.indexOf(':'), 10);
    }

    public static long counter(String body) {
        int a = body.indexOf(':');
        return Long.parseLong(body, a + 1, body.indexOf(':', a + 1), 10);
    }

    public static long sendNanos(String body) {
        int a = body.indexOf(':');
        int b = body.indexOf(':', a + 1);
        return Long.parseLong(body, b + 1, body.indexOf(':', b + 1), 10);
    }
}
