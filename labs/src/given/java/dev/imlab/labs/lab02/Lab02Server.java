package dev.imlab.labs.lab02;

import dev.imlab.storage.Storage;
import dev.imlab.transfer.seq.SeqAllocator;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real imlab server, all roles and embedded infrastructure as {@code java -jar} starts it,
 * except that the transfer numbers every message with your {@link GapFreeSeqAllocator}.
 *
 * <p>Run it from the repository root:
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl im-system/im-server,labs -am install
 * java -Dloader.path=labs/target/classes -Dloader.main=dev.imlab.labs.lab02.Lab02Server \
 *      -cp im-system/im-server/target/imlab-server.jar org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 *
 * (With {@code solutions} in place of {@code labs}, twice, it runs the reference solution.)
 * Server arguments work as with {@code java -jar}, for example {@code --imlab.gateway.port=8081}.
 *
 * @implNote Why a launcher and a class name rather than a plain dependency: the server's jar is a
 *     Spring Boot jar, its classes under {@code BOOT-INF/classes}, so no module can compile
 *     against them. Spring Boot's {@code PropertiesLauncher} runs that jar with extra folders on
 *     its class path ({@code loader.path}) and another main class ({@code loader.main}): this
 *     one, which names the server's application class as a source and adds one bean. The server
 *     takes a {@link SeqAllocator} bean when there is one (im-server's {@code ImlabConfiguration}).
 */
public final class Lab02Server {
    static final String SERVER_APPLICATION = "dev.imlab.server.ImlabServerApplication";

    private Lab02Server() {
    }

    public static void main(String[] args) {
        SpringApplication server = new SpringApplication(YourSeqAllocator.class);
        server.setSources(Set.of(SERVER_APPLICATION));
        server.run(args);
        System.out.println("lab02: the transfer numbers messages with " + GapFreeSeqAllocator.class.getName() + " from "
                + GapFreeSeqAllocator.class.getProtectionDomain().getCodeSource().getLocation());
    }

    @Configuration(proxyBeanMethods = false)
    static class YourSeqAllocator {

        @Bean
        SeqAllocator seqAllocator(Storage storage) {
            return new GapFreeSeqAllocator(new MongoSeqStore(storage));
        }
    }
}
