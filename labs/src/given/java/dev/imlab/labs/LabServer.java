package dev.imlab.labs;

import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real imlab server, all roles and embedded infrastructure as {@code java -jar} starts
 * it, with a lab's beans in place of the server's own: each pluggable lab has a {@code LabNNServer}
 * whose {@code main} calls {@link #run}: lab02 (the transfer's seqs), lab03 (the gateway's
 * retransmission of pushes), lab05 (the push role's fan-out plan), lab06 (the gateway's idle
 * eviction, connection pipeline and push writing), lab09 (the transfer's expiry reaper), lab10 (the
 * confirm role's writer of read seqs) and lab11 (the gateway's rate-limit buckets and lockouts).
 *
 * <p>A lab server runs inside the server's own jar, from the repository root:
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl im-system/im-server,labs -am package
 * java -Dloader.path=labs/target/classes -Dloader.main=dev.imlab.labs.lab02.Lab02Server \
 *      -cp im-system/im-server/target/imlab-server.jar org.springframework.boot.loader.launch.PropertiesLauncher
 * </pre>
 *
 * (With {@code solutions} in place of {@code labs}, twice, it runs the reference solution; with
 * {@code lab05.Lab05Server} and so on, another lab.) Server arguments work as with {@code java -jar},
 * for example {@code --imlab.gateway.port=8081}. Once started it prints, for each of the lab's
 * classes, {@code labNN: the server runs <class> from <folder>}.
 *
 * @implNote Why a launcher and a class name rather than a plain dependency: the server's jar is a
 *     Spring Boot jar, its classes under {@code BOOT-INF/classes}, so no module can compile
 *     against them. Spring Boot's {@code PropertiesLauncher} runs that jar with extra folders on
 *     its class path ({@code loader.path}) and another main class ({@code loader.main}), which
 *     names the server's application class as a source beside the lab's configuration. The server
 *     takes such beans where it has a seam for them: im-server's {@code RoleParts}, filled by
 *     {@code ImlabConfiguration} from a bean of each part's type when there is one. Where the
 *     lab's class does not have the seam's shape, the lab's given code has an adapter
 *     ({@code TrackedRetransmission}, {@code PlannedFanout}, {@code WheelConnections},
 *     {@code ReapedPages}).
 */
public final class LabServer {
    static final String SERVER_APPLICATION = "dev.imlab.server.ImlabServerApplication";

    private LabServer() {
    }

    /**
     * Runs the server with the beans of {@code yourBeans} (a {@code @Configuration} class) and
     * prints which of the learner's classes carry its traffic, and from where they were loaded.
     */
    public static ConfigurableApplicationContext run(String lab, Class<?> yourBeans, String[] args, Class<?>... yourClasses) {
        SpringApplication server = new SpringApplication(yourBeans);
        server.setSources(Set.of(SERVER_APPLICATION));
        ConfigurableApplicationContext context = server.run(args);
        for (Class<?> yours : yourClasses) {
            System.out.println(lab + ": the server runs " + yours.getName() + " from "
                    + yours.getProtectionDomain().getCodeSource().getLocation());
        }
        return context;
    }
}
