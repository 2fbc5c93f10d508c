package dev.imlab.embedded;

/**
 * Run in a child JVM by {@link EmbeddedRedisTest}: starts Redis on the given port, prints
 * {@code READY}, and waits to be killed.
 */
final class RedisOwnerUntilKilled {
    public static void main(String[] args) throws InterruptedException {
        EmbeddedRedis.start(Integer.parseInt(args[0]));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private RedisOwnerUntilKilled() {
    }
}
