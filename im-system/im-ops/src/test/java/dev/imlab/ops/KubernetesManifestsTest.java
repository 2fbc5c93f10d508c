package dev.imlab.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imlab.gateway.metrics.GatewayStats;
import dev.imlab.gateway.overload.LoadShedder;
import dev.imlab.gateway.overload.PendingSends;
import dev.imlab.gateway.overload.ShedSettings;
import dev.imlab.gateway.session.SessionRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kustomize manifests in {@code im-system/im-ops/kubernetes}, checked without a cluster: every object
 * is valid for its kind against the Kubernetes API's schema (and is what {@code kubectl kustomize}
 * renders, where kubectl is installed); each role runs in a workload of its own, configured by variables
 * the server binds; probes ask what the server serves on the port it serves it; selectors, budgets, the
 * autoscaler and the Services find the pods they are meant for; and a gateway's grace period covers its
 * drain.
 */
class KubernetesManifestsTest {
    private static final Set<String> ROLES = Set.of("gateway", "transfer", "push", "confirm");
    private static final Set<String> NOT_APPLIED = Set.of("kustomization.yaml", "prometheus-adapter-values.yaml");
    /** Values for variables that come from the pod (fieldRef) or a Secret, to bind the rest with. */
    private static final Map<String, String> FROM_THE_CLUSTER = Map.of(
            "IMLAB_GATEWAY_ID", "imlab-gateway-0",
            "IMLAB_AUTH_TOKEN_SECRET", "a-secret-of-at-least-thirty-two-bytes-from-kubectl");
    /** The JVM beside its connections: what a gateway's memory limit must hold besides them. */
    private static final long JVM_BASE_MIB = 512;

    private final Map<String, Object> kustomization = Yaml.document(DeployFiles.KUBERNETES.resolve("kustomization.yaml"));
    private final List<Map<String, Object>> objects = objects();

    private List<Map<String, Object>> objects() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Object file : Yaml.listAt(kustomization, "resources")) {
            all.addAll(Yaml.documents(DeployFiles.KUBERNETES.resolve(String.valueOf(file))));
        }
        return all;
    }

    @Test
    void kustomization_appliesEveryManifestFile_asItIs() throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> listing = Files.list(DeployFiles.KUBERNETES)) {
            listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !NOT_APPLIED.contains(n)).forEach(files::add);
        }
        assertThat(Yaml.listAt(kustomization, "resources")).extracting(String::valueOf)
                .containsExactlyInAnyOrderElementsOf(files);
        // Resources only: what these tests read is what gets applied.
        assertThat(kustomization.keySet()).containsExactlyInAnyOrder("apiVersion", "kind", "resources");
    }

    @Test
    void everyObject_isValidForItsKind_inTheKubernetesApi() {
        assertThat(objects).hasSizeGreaterThanOrEqualTo(13);
        Map<String, String> problems = new TreeMap<>();
        for (Map<String, Object> object : objects) {
            String problem = KubernetesSchemas.problem(object);
            if (problem != null) {
                problems.put(id(object), problem);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(objects.stream().map(KubernetesManifestsTest::id).distinct().count())
                .as("objects with the same kind and name").isEqualTo(objects.size());
    }

    @Test
    void theSchemaCheck_findsAMisspelledField_aMissingRequiredOne_andAWrongType() {
        Map<String, Object> gateway = copy(workload("gateway"));
        Yaml.mapAt(gateway, "spec").put("replica", 3);
        assertThat(KubernetesSchemas.problem(gateway)).contains("replica");

        Map<String, Object> noSelector = copy(workload("gateway"));
        Yaml.mapAt(noSelector, "spec").remove("selector");
        assertThat(KubernetesSchemas.problem(noSelector)).contains("selector");

        Map<String, Object> wrongType = copy(workload("transfer"));
        Yaml.mapAt(wrongType, "spec").put("replicas", "two");
        assertThat(KubernetesSchemas.problem(wrongType)).isNotNull();
    }

    @Test
    void kubectlKustomize_rendersExactlyTheseObjects() {
        InstalledTool kubectl = InstalledTool.require("kubectl", "kubernetes-client");
        InstalledTool.Run render = kubectl.run(DeployFiles.KUBERNETES, Map.of(), "kustomize", ".");
        assertThat(render.exitCode()).as("kubectl kustomize said:%n%s", render.output()).isZero();

        Path rendered = DeployFiles.MODULE.resolve("target/kustomize-rendered.yaml");
        try {
            Files.createDirectories(rendered.getParent());
            Files.writeString(rendered, render.output());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(Yaml.documents(rendered)).containsExactlyInAnyOrderElementsOf(objects);
    }

    @Test
    void everyRole_runsInAWorkloadOfItsOwn_theGatewaysUnderStableNames() {
        Map<String, String> kindByRole = new TreeMap<>();
        for (Map<String, Object> workload : workloads()) {
            Set<String> roles = roles(workload);
            assertThat(roles).as("roles of %s", id(workload)).hasSize(1);
            String role = roles.iterator().next();
            assertThat(kindByRole.put(role, String.valueOf(workload.get("kind")))).as("a second workload for %s", role)
                    .isNull();
            assertThat(container(workload).get("image")).isEqualTo(container(workload("gateway")).get("image"));
        }
        assertThat(kindByRole.keySet()).isEqualTo(ROLES);
        // The gateway id is the pod's name, and a gateway id names a Kafka topic: names must come back.
        assertThat(kindByRole.get("gateway")).isEqualTo("StatefulSet");
        assertThat(envEntry(workload("gateway"), "IMLAB_GATEWAY_ID")).extracting(e -> Yaml.stringAt(e,
                "valueFrom.fieldRef.fieldPath")).isEqualTo("metadata.name");
    }

    @Test
    void everyImlabVariable_bindsToAServerProperty_andTheInfrastructureIsNeverEmbedded() {
        for (Map<String, Object> workload : workloads()) {
            Map<String, String> environment = environment(workload);
            for (String variable : environment.keySet()) {
                assertThat(variable).as("a variable of %s", id(workload)).startsWith("IMLAB_");
                assertThat(ServerProperties.get().propertyOf(variable))
                        .as("the imlab.* property that %s of %s sets", variable, id(workload)).isPresent();
            }
            Map<String, Object> bound = ServerProperties.get().bind(environment);
            for (String address : List.of("imlab.kafka.bootstrap-servers", "imlab.redis.uri", "imlab.mongodb.uri")) {
                assertThat((String) bound.get(address)).as("%s of %s", address, id(workload)).isNotBlank();
            }
        }
    }

    @Test
    void everyConfigMapAndSecretAWorkloadReads_isThereOrDocumented() {
        String readme = DeployFiles.read(DeployFiles.KUBERNETES.resolve("README.md"));
        for (Map<String, Object> workload : workloads()) {
            for (Object from : Yaml.listAt(container(workload), "envFrom")) {
                String name = Yaml.stringAt(Yaml.map(from, "envFrom"), "configMapRef.name");
                assertThat(object("ConfigMap", name)).as("ConfigMap %s read by %s", name, id(workload)).isNotNull();
            }
            for (Object entry : Yaml.listAt(container(workload), "env")) {
                Map<String, Object> secret = Yaml.mapAt(Yaml.map(entry, "env"), "valueFrom.secretKeyRef");
                if (!secret.isEmpty()) {
                    // Secrets are created by hand, never kept in the repository: the README says how.
                    assertThat(readme).contains("create secret generic " + secret.get("name"))
                            .contains("--from-literal=" + secret.get("key") + "=");
                }
            }
        }
    }

    @Test
    void probes_askWhatTheServerServes_onThePortItServesIt() {
        for (Map<String, Object> workload : workloads()) {
            Map<String, Object> container = container(workload);
            Map<String, Object> bound = ServerProperties.get().bind(environment(workload));
            int served = roles(workload).contains("gateway") ? (Integer) bound.get("imlab.gateway.port")
                    : ServerProperties.metricsPort(bound);
            if (!roles(workload).contains("gateway")) {
                // Probes and scrapes come from other hosts: the listener must not be bound to loopback.
                assertThat(bound.get("imlab.metrics.host")).as("imlab.metrics.host of %s", id(workload))
                        .isEqualTo("0.0.0.0");
            } else {
                assertThat(bound.get("imlab.gateway.host")).isEqualTo("0.0.0.0");
            }
            for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                Map<String, Object> get = Yaml.mapAt(container, probe + ".httpGet");
                assertThat(get).as("%s of %s is an HTTP GET", probe, id(workload)).isNotEmpty();
                assertThat(ServerEndpoints.served()).as("path of %s of %s", probe, id(workload))
                        .contains(String.valueOf(get.get("path")));
                assertThat(containerPort(container, get.get("port"))).as("port of %s of %s", probe, id(workload))
                        .isEqualTo(served);
            }
            assertThat(Yaml.stringAt(container, "readinessProbe.httpGet.path")).isEqualTo(ServerEndpoints.HEALTH);
            assertThat(Yaml.stringAt(container, "startupProbe.httpGet.path")).isEqualTo(ServerEndpoints.HEALTH);
            assertThat(Yaml.mapAt(workload, "spec.template.metadata.annotations").get("prometheus.io/port"))
                    .as("the port Prometheus scrapes on %s", id(workload)).isEqualTo(String.valueOf(served));
        }
    }

    @Test
    void selectors_budgets_spreadAndTheAutoscaler_findTheirOwnRolesPods() {
        for (Map<String, Object> workload : workloads()) {
            Map<String, Object> labels = Yaml.mapAt(workload, "spec.template.metadata.labels");
            Map<String, Object> selector = Yaml.mapAt(workload, "spec.selector.matchLabels");
            assertThat(labels).as("pod labels of %s", id(workload)).containsAllEntriesOf(selector);
            // No other workload's pods match: each role is selected alone.
            for (Map<String, Object> other : workloads()) {
                if (other != workload) {
                    assertThat(Yaml.mapAt(other, "spec.template.metadata.labels").entrySet().containsAll(selector.entrySet()))
                            .as("pods of %s match the selector of %s", id(other), id(workload)).isFalse();
                }
            }
            List<Map<String, Object>> budgets = objects.stream().filter(o -> "PodDisruptionBudget".equals(o.get("kind")))
                    .filter(o -> Yaml.mapAt(o, "spec.selector.matchLabels").equals(selector)).toList();
            assertThat(budgets).as("PodDisruptionBudgets of %s", id(workload)).hasSize(1);
            assertThat(Yaml.at(budgets.get(0), "spec.maxUnavailable")).isEqualTo(1);
            for (Object spread : Yaml.listAt(workload, "spec.template.spec.topologySpreadConstraints")) {
                assertThat(Yaml.mapAt(Yaml.map(spread, "spread"), "labelSelector.matchLabels")).isEqualTo(selector);
            }
        }
        assertThat(objects.stream().filter(o -> "PodDisruptionBudget".equals(o.get("kind")))).hasSize(ROLES.size());

        Map<String, Object> gateway = workload("gateway");
        Map<String, Object> gatewayPods = Yaml.mapAt(gateway, "spec.template.metadata.labels");
        for (Map<String, Object> service : objects) {
            if ("Service".equals(service.get("kind")) && Yaml.at(service, "spec.selector") != null) {
                assertThat(gatewayPods).as("pods selected by %s", id(service))
                        .containsAllEntriesOf(Yaml.mapAt(service, "spec.selector"));
                for (Object port : Yaml.listAt(service, "spec.ports")) {
                    assertThat(containerPort(container(gateway), Yaml.map(port, "port").get("targetPort")))
                            .as("target port of %s", id(service)).isEqualTo(8080);
                }
            }
        }
        Map<String, Object> governing = object("Service", Yaml.stringAt(gateway, "spec.serviceName"));
        assertThat(governing).as("the StatefulSet's serviceName").isNotNull();
        assertThat(Yaml.stringAt(governing, "spec.clusterIP")).isEqualTo("None");

        Map<String, Object> autoscaler = objects.stream().filter(o -> "HorizontalPodAutoscaler".equals(o.get("kind")))
                .findFirst().orElseThrow();
        assertThat(Yaml.stringAt(autoscaler, "spec.scaleTargetRef.kind")).isEqualTo(gateway.get("kind"));
        assertThat(Yaml.stringAt(autoscaler, "spec.scaleTargetRef.name")).isEqualTo(name(gateway));
        assertThat(Yaml.stringAt(autoscaler, "spec.scaleTargetRef.apiVersion")).isEqualTo(gateway.get("apiVersion"));
    }

    @Test
    void gatewaysScaleOnTheirConnections_asTheGatewayCountsThem_andPrometheusAdapterServesThem() {
        Map<String, Object> autoscaler = objects.stream().filter(o -> "HorizontalPodAutoscaler".equals(o.get("kind")))
                .findFirst().orElseThrow();
        List<Object> metrics = Yaml.listAt(autoscaler, "spec.metrics");
        assertThat(metrics).as("the autoscaler's metrics: connections only, no CPU").hasSize(1);
        Map<String, Object> metric = Yaml.map(metrics.get(0), "metric");
        assertThat(metric.get("type")).isEqualTo("Pods");
        String name = Yaml.stringAt(metric, "pods.metric.name");

        // The gateway's own gauge, under the name it has on /metrics.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new GatewayStats(new SessionRegistry(), System::currentTimeMillis, meters, () -> 0, Map::of,
                new LoadShedder(ShedSettings.off(), new PendingSends(System::nanoTime), () -> 0));
        assertThat(meters.scrape()).as("/metrics of a gateway").containsPattern("(?m)^# TYPE " + name + " gauge$");

        Map<String, Object> adapter = Yaml.document(DeployFiles.KUBERNETES.resolve("prometheus-adapter-values.yaml"));
        List<Object> rules = Yaml.listAt(adapter, "rules.custom");
        assertThat(rules).anySatisfy(rule -> {
            Map<String, Object> r = Yaml.map(rule, "rule");
            assertThat(Yaml.stringAt(r, "name.as")).isEqualTo(name);
            assertThat(Yaml.stringAt(r, "seriesQuery")).startsWith(name + "{");
            assertThat(Yaml.mapAt(r, "resources.overrides").keySet()).contains("pod", "namespace");
        });

        // The target leaves a gateway room for a drained peer's devices within its hard limit.
        long target = Long.parseLong(Yaml.stringAt(metric, "pods.target.averageValue"));
        int maxConnections = (Integer) ServerProperties.get().bind(environment(workload("gateway")))
                .get("imlab.limits.max-connections");
        assertThat(target).isLessThanOrEqualTo(maxConnections / 2);
    }

    @Test
    void aGatewaysMemoryLimit_holdsItsMostConnections_atTheMeasuredCostOfOne() {
        Map<String, Object> container = container(workload("gateway"));
        int maxConnections = (Integer) ServerProperties.get().bind(environment(workload("gateway")))
                .get("imlab.limits.max-connections");
        double kibPerConnection = MeasuredFigures.kib("m-conn-rss-per");
        long needMib = Math.round(maxConnections * kibPerConnection / 1024) + JVM_BASE_MIB;

        assertThat(mebibytes(Yaml.stringAt(container, "resources.limits.memory")))
                .as("%d connections at %.2f KiB of RSS each, plus %d MiB of JVM", maxConnections, kibPerConnection,
                        JVM_BASE_MIB)
                .isGreaterThanOrEqualTo(needMib);
        for (Map<String, Object> workload : workloads()) {
            Map<String, Object> c = container(workload);
            assertThat(mebibytes(Yaml.stringAt(c, "resources.limits.memory")))
                    .isGreaterThanOrEqualTo(mebibytes(Yaml.stringAt(c, "resources.requests.memory")));
        }
    }

    @Test
    void aGatewaysGracePeriod_coversThePause_theDrain_andTheClose() {
        Map<String, Object> gateway = workload("gateway");
        List<Object> preStop = Yaml.listAt(container(gateway), "lifecycle.preStop.exec.command");
        assertThat(preStop).as("the gateway's preStop").hasSize(2).first().isEqualTo("sleep");
        long pause = Long.parseLong(String.valueOf(preStop.get(1)));
        Duration drain = ServerProperties.drainTimeout(ServerProperties.get().bind(environment(gateway)));
        int grace = (Integer) Yaml.at(gateway, "spec.template.spec.terminationGracePeriodSeconds");

        assertThat(grace).as("terminationGracePeriodSeconds: %d s pause + %d s drain + 10 s to close", pause,
                drain.toSeconds()).isGreaterThanOrEqualTo((int) (pause + drain.toSeconds() + 10));
        for (Map<String, Object> workload : workloads()) {
            if (workload != gateway) {
                // A consumer loop waits up to 10 s for the batch in hand before it leaves its group.
                assertThat((Integer) Yaml.at(workload, "spec.template.spec.terminationGracePeriodSeconds"))
                        .isGreaterThanOrEqualTo(15);
            }
        }
    }

    // --- the objects ---

    private List<Map<String, Object>> workloads() {
        return objects.stream().filter(o -> Set.of("Deployment", "StatefulSet").contains(o.get("kind"))).toList();
    }

    private Map<String, Object> workload(String role) {
        return workloads().stream().filter(w -> roles(w).contains(role)).findFirst()
                .orElseThrow(() -> new AssertionError("no workload runs the " + role + " role"));
    }

    private Map<String, Object> object(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).findFirst().orElse(null);
    }

    private static String name(Map<String, Object> object) {
        return Yaml.stringAt(object, "metadata.name");
    }

    private static String id(Map<String, Object> object) {
        return object.get("kind") + "/" + name(object);
    }

    private static Map<String, Object> container(Map<String, Object> workload) {
        List<Object> containers = Yaml.listAt(workload, "spec.template.spec.containers");
        assertThat(containers).as("containers of %s", id(workload)).hasSize(1);
        return Yaml.map(containers.get(0), "container");
    }

    private static Map<String, Object> envEntry(Map<String, Object> workload, String name) {
        return Yaml.listAt(container(workload), "env").stream().map(e -> Yaml.map(e, "env"))
                .filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(id(workload) + " does not set " + name));
    }

    /** What the process sees: the ConfigMaps it reads whole, then its own entries, which take precedence. */
    private Map<String, String> environment(Map<String, Object> workload) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object from : Yaml.listAt(container(workload), "envFrom")) {
            Map<String, Object> configMap = object("ConfigMap", Yaml.stringAt(Yaml.map(from, "envFrom"), "configMapRef.name"));
            Yaml.mapAt(configMap, "data").forEach((k, v) -> environment.put(k, String.valueOf(v)));
        }
        for (Object e : Yaml.listAt(container(workload), "env")) {
            Map<String, Object> entry = Yaml.map(e, "env");
            String name = String.valueOf(entry.get("name"));
            String value = entry.containsKey("value") ? String.valueOf(entry.get("value")) : FROM_THE_CLUSTER.get(name);
            assertThat(value).as("a value for %s of %s", name, id(workload)).isNotNull();
            environment.put(name, value);
        }
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> roles(Map<String, Object> workload) {
        Map<String, String> own = new HashMap<>();
        for (Object e : Yaml.listAt(container(workload), "env")) {
            Map<String, Object> entry = Yaml.map(e, "env");
            if ("IMLAB_ROLES".equals(entry.get("name"))) {
                own.put("IMLAB_ROLES", String.valueOf(entry.get("value")));
            }
        }
        return (Set<String>) ServerProperties.get().bind(own).get("imlab.roles");
    }

    /** The number of a container port given by number or by name. */
    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return Yaml.listAt(container, "ports").stream().map(p -> Yaml.map(p, "port"))
                .filter(p -> String.valueOf(port).equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        throw new AssertionError("a memory quantity in Mi or Gi, not " + quantity);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m)
                : v instanceof List<?> l ? copyList((List<Object>) l) : v));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> copyList(List<Object> list) {
        List<Object> copy = new ArrayList<>();
        for (Object v : list) {
            copy.add(v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v);
        }
        return copy;
    }
}
