package dev.imlab.bench.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the bench starts server JVMs. The main JVM runs the embedded Kafka, Redis and MongoDB on
 * ports and a data folder chosen once, so a main JVM started again after a crash finds its data
 * where the killed one left it; other JVMs join that infrastructure by address and run only the
 * roles they are given.
 *
 * @param jvm JVM options of every server JVM (heap, {@code --server-jvm-args})
 * @param common arguments of every server JVM: the jar, fast BCrypt, the shared token secret, limits
 *        off ({@code imlab.limits.enabled=false}) and rate limits far above the load
 * @param logs where each JVM's output goes, one file per JVM
 */
record ServerLaunch(Path data, Path logs, List<String> jvm, List<String> common, int http, int kafka, int redis,
                    int mongo) {

    /** The main JVM, named {@code name}: {@code extraJvm} (JFR) and {@code extra} (roles, storage) on top. */
    ChildJvm main(String name, List<String> extraJvm, List<String> extra) {
        List<String> launch = new ArrayList<>(common);
        launch.addAll(List.of("--imlab.data-dir=" + mainData(), "--imlab.gateway.port=" + http,
                "--imlab.embedded.kafka-port=" + kafka, "--imlab.embedded.redis-port=" + redis,
                "--imlab.embedded.mongo-port=" + mongo));
        launch.addAll(extra);
        List<String> options = new ArrayList<>(jvm);
        options.addAll(extraJvm);
        return ChildJvm.start(name, options, launch, logs.resolve(name + ".log"));
    }

    /** A JVM that runs {@code roles} on the main JVM's infrastructure, its own files in {@code data/<name>}. */
    ChildJvm joining(String name, String roles, List<String> extra) {
        List<String> launch = new ArrayList<>(common);
        launch.addAll(List.of("--imlab.roles=" + roles, "--imlab.data-dir=" + data.resolve(name),
                "--imlab.kafka.bootstrap-servers=" + kafkaBootstrap(), "--imlab.redis.uri=redis://127.0.0.1:" + redis,
                "--imlab.mongodb.uri=" + mongoUri()));
        launch.addAll(extra);
        return ChildJvm.start("imlab-" + name, jvm, launch, logs.resolve("imlab-" + name + ".log"));
    }

    /** The main JVM's data folder: embedded Kafka's log, MongoDB's documents, the token secret. */
    Path mainData() {
        return data.resolve("main");
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + http);
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafka;
    }

    String mongoUri() {
        return "mongodb://127.0.0.1:" + mongo;
    }
}
