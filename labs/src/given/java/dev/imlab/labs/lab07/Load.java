package dev.imlab.labs.lab07;

/**
 * What the clients send: messages at a steady rate, whatever the answers do, as many users do.
 * Each user has a connection of its own and takes its turn: message {@code i} is user
 * {@code i % users}'s.
 *
 * @param messages how many messages in all
 * @param warmup how many of the first messages do not count (connections, metadata and the JIT warm up)
 * @param perSecond the rate all users together send at
 * @param users how many users, each with its own TCP connection and conversation
 */
record Load(int messages, int warmup, int perSecond, int users) {

    /** The test's load: 3 s of 100 messages a second from 20 users, 250 messages measured. */
    static final Load STANDARD = new Load(300, 50, 100, 20);

    Load {
        if (messages <= warmup || warmup < 0 || perSecond < 1 || users < 1) {
            throw new IllegalArgumentException("want messages > warmup >= 0, perSecond >= 1, users >= 1; got "
                    + messages + ", " + warmup + ", " + perSecond + ", " + users);
        }
    }

    int userOf(int message) {
        return message % users;
    }
}
