package dev.imlab.labs;

import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real imlab server, all roles and embedded infrastructure as {@code java -jar} starts
 * it, with a lab's beans in place of the server's own: each pluggable lab has a {@code LabNNServer}
 * whose {@code main} calls {@link #run}.
 *
 * <p>A lab server runs inside the server's own jar, from the repository root:
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
 *     its class path ({@code loader.path}) and another main class ({@code loader.main}), which
 *     names the server's application class as a source beside the lab's configuration. The server
 *     takes such beans where it has a seam for them ({@code ImlabConfiguration} in im-server).
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
