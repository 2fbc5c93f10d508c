package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The root {@code docker-compose.yml}, checked where no Docker engine runs: it is in the subset that both
 * Debian's docker-compose 1.29 and Compose v2 read (the Compose Specification's schema of that time,
 * vendored, and {@code docker-compose config} itself where installed), its profiles hold what the docs
 * say, and every imlab container is configured with variables the server binds, health-checked where
 * the server answers, and drained within its stop grace period.
 */
class ComposeFileTest {
    private static final Pattern HEALTH_URL = Pattern.compile("^http://127\\.0\\.0\\.1:(\\d+)(/\\S*)$");
    private static final Set<String> INFRASTRUCTURE = Set.of("kafka", "redis", "mongodb");
    private static final String IMAGE = "imlab-server:dev";

    private final Map<String, Object> compose = Yaml.document(DeployFiles.COMPOSE_FILE);

    @Test
    void dockerCompose129_acceptsTheFile_withEachProfile() {
        InstalledTool dockerCompose = InstalledTool.require("docker-compose", "docker-compose");
        for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "single"),
                List.of("--profile", "cluster"))) {
            List<String> arguments = new ArrayList<>(profile);
            arguments.addAll(List.of("-f", DeployFiles.COMPOSE_FILE.toString(), "config", "-q"));
            InstalledTool.Run run = dockerCompose.run(DeployFiles.REPOSITORY, Map.of(), arguments.toArray(String[]::new));

            assertThat(run.exitCode()).as("docker-compose %s config -q said:%n%s", profile, run.output()).isZero();
        }
    }

    @Test
    void theFile_validatesAgainstTheComposeSpecification() {
        assertThat(JsonSchemas.compose().errors(compose)).as("schema errors in %s", DeployFiles.COMPOSE_FILE).isEmpty();
    }

    @Test
    void whatDockerCompose129Rejects_theSchemaRejectsToo() {
        // The two things Debian's docker-compose refused in the earlier file: proof that the check above
        // would catch them.
        Map<String, Object> named = new LinkedHashMap<>(compose);
        named.put("name", "imlab");
        assertThat(JsonSchemas.compose().errors(named)).isNotEmpty();

        Map<String, Object> withHostPath = deepCopy(compose);
        Map<String, Object> imlab = Yaml.mapAt(withHostPath, "services.imlab");
        imlab.put("volumes", List.of(Map.of("type", "bind", "source", "./imlab-server.jar", "target", "/imlab.jar",
                "bind", Map.of("create_host_path", false))));
        assertThat(JsonSchemas.compose().errors(withHostPath)).isNotEmpty();
    }

    @Test
    void profiles_areTheSingleServer_andTheClusterOfTheIssue() {
        Map<String, List<String>> rolesByProfile = new TreeMap<>();
        services().forEach((name, service) -> {
            List<Object> profiles = Yaml.listAt(service, "profiles");
            if (profiles.isEmpty()) {
                assertThat(INFRASTRUCTURE).as("services without a profile start with every profile").contains(name);
                return;
            }
            assertThat(profiles).as("profiles of %s", name).hasSize(1);
            if (isImlab(service)) {
                for (String role : roles(service)) {
                    rolesByProfile.computeIfAbsent((String) profiles.get(0), p -> new ArrayList<>()).add(role);
                }
            }
        });

        assertThat(rolesByProfile.get("single")).containsExactlyInAnyOrder("gateway", "transfer", "push", "confirm");
        assertThat(rolesByProfile.get("cluster")).containsExactlyInAnyOrder("gateway", "gateway", "transfer",
                "transfer", "push", "confirm");
        assertThat(Yaml.listAt(services().get("haproxy"), "profiles")).containsExactly("cluster");
    }

    @Test
    void everyImlabVariable_bindsToAServerProperty_andTheEnvironmentBinds() {
        imlabServices().forEach((name, service) -> {
            Map<String, String> environment = environment(service);
            for (String variable : environment.keySet()) {
                assertThat(variable).as("a variable of %s", name).startsWith("IMLAB_");
                assertThat(ServerProperties.get().propertyOf(variable))
                        .as("the imlab.* property that %s of service %s sets", variable, name).isPresent();
            }
            Map<String, Object> bound = ServerProperties.get().bind(environment);
            for (String address : List.of("imlab.kafka.bootstrap-servers", "imlab.redis.uri", "imlab.mongodb.uri")) {
                // Blank would start that piece of infrastructure embedded, inside the container.
                assertThat((String) bound.get(address)).as("%s of service %s", address, name).isNotBlank();
            }
        });
    }

    @Test
    void healthChecks_askWhatTheProcessServes_onItsPort() {
        imlabServices().forEach((name, service) -> {
            List<Object> test = Yaml.listAt(service, "healthcheck.test");
            String url = String.valueOf(test.get(test.size() - 1));
            Matcher m = HEALTH_URL.matcher(url);
            assertThat(m.matches()).as("the health check of %s asks %s", name, url).isTrue();
            assertThat(m.group(2)).as("path of the health check of %s", name).isEqualTo(ServerEndpoints.HEALTH);
            assertThat(ServerEndpoints.served()).contains(m.group(2));
            assertThat(Integer.parseInt(m.group(1))).as("port of the health check of %s", name)
                    .isEqualTo(httpPort(service));
        });
    }

    @Test
    void haproxy_balancesExactlyTheClustersGateways_onTheirPorts() {
        Map<String, Object> haproxy = services().get("haproxy");
        assertThat(Yaml.listAt(haproxy, "volumes")).extracting(String::valueOf)
                .anyMatch(v -> v.startsWith("./im-system/im-ops/haproxy/haproxy.cfg:"))
                .anyMatch(v -> v.startsWith("./im-system/im-ops/haproxy/gateways-compose.cfg:"));

        Map<String, Integer> configured = new TreeMap<>();
        Matcher server = Pattern.compile("(?m)^\\s*server\\s+\\S+\\s+([\\w.-]+):(\\d+)\\s")
                .matcher(DeployFiles.read(DeployFiles.HAPROXY.resolve("gateways-compose.cfg")));
        while (server.find()) {
            configured.put(server.group(1), Integer.parseInt(server.group(2)));
        }
        Map<String, Integer> gateways = new TreeMap<>();
        imlabServices().forEach((name, service) -> {
            if (Yaml.listAt(service, "profiles").contains("cluster") && roles(service).contains("gateway")) {
                gateways.put(name, httpPort(service));
            }
        });

        assertThat(configured).isEqualTo(gateways);
        assertThat(Yaml.listAt(haproxy, "depends_on")).containsExactlyInAnyOrderElementsOf(gateways.keySet());
    }

    @Test
    void clusterGateways_haveTheirOwnIds_shareTheirTokenSecret_andDrainBeforeTheyAreKilled() {
        Map<String, Object> ids = new HashMap<>();
        Set<String> dataVolumes = new java.util.HashSet<>();
        imlabServices().forEach((name, service) -> {
            if (!Yaml.listAt(service, "profiles").contains("cluster") || !roles(service).contains("gateway")) {
                return;
            }
            Map<String, Object> bound = ServerProperties.get().bind(environment(service));
            assertThat(ids.put(String.valueOf(bound.get("imlab.gateway.id")), name))
                    .as("gateway id %s of %s is unique", bound.get("imlab.gateway.id"), name).isNull();
            assertThat(String.valueOf(bound.get("imlab.gateway.id"))).isNotBlank();
            // The token secret: given, or generated once into a data folder all gateways share.
            if (((String) bound.get("imlab.auth.token-secret")).isBlank()) {
                String dataDir = "/imlab/" + String.valueOf(bound.get("imlab.data-dir")).replaceFirst("^\\./", "");
                String volume = Yaml.listAt(service, "volumes").stream().map(String::valueOf)
                        .filter(v -> v.endsWith(":" + dataDir)).findFirst()
                        .orElseThrow(() -> new AssertionError(name + " mounts nothing at its data folder " + dataDir));
                dataVolumes.add(volume);
            }
            Duration grace = Duration.parse("PT" + Yaml.stringAt(service, "stop_grace_period").toUpperCase());
            assertThat(grace).as("stop_grace_period of %s against its drain", name)
                    .isGreaterThanOrEqualTo(ServerProperties.drainTimeout(bound).plusSeconds(10));
        });
        assertThat(ids).hasSize(2);
        assertThat(dataVolumes).as("data folders of the gateways").hasSizeLessThanOrEqualTo(1);
    }

    private Map<String, Map<String, Object>> services() {
        Map<String, Map<String, Object>> services = new TreeMap<>();
        Yaml.mapAt(compose, "services").forEach((name, service) -> services.put(name, Yaml.map(service, name)));
        return services;
    }

    private Map<String, Map<String, Object>> imlabServices() {
        Map<String, Map<String, Object>> imlab = new TreeMap<>();
        services().forEach((name, service) -> {
            if (isImlab(service)) {
                imlab.put(name, service);
            }
        });
        assertThat(imlab).as("services running the imlab image").hasSizeGreaterThanOrEqualTo(7);
        return imlab;
    }

    private static boolean isImlab(Map<String, Object> service) {
        return IMAGE.equals(service.get("image"));
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new TreeMap<>();
        Yaml.mapAt(service, "environment").forEach((k, v) -> environment.put(k, String.valueOf(v)));
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> roles(Map<String, Object> service) {
        return (Set<String>) ServerProperties.get().bind(environment(service)).get("imlab.roles");
    }

    /** The port the process answers HTTP on: the gateway's, or else its metrics listener's. */
    private static int httpPort(Map<String, Object> service) {
        Map<String, Object> bound = ServerProperties.get().bind(environment(service));
        return roles(service).contains("gateway") ? (Integer) bound.get("imlab.gateway.port")
                : ServerProperties.metricsPort(bound);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m)
                : v instanceof List<?> l ? new ArrayList<>(l) : v));
        return copy;
    }
}
