package dev.imlab.ops;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * The server's {@code imlab.*} settings as an environment sets them, read with Spring Boot's own binder
 * and its rules for environment variables ({@code IMLAB_KAFKA_BOOTSTRAP_SERVERS} sets
 * {@code imlab.kafka.bootstrap-servers}), from every {@code @ConfigurationProperties} record of the
 * server ({@code ImlabProperties} and any other under {@code dev.imlab}). A variable a manifest sets
 * that binds to nothing would be ignored by a running server without a word; here it is an error.
 */
final class ServerProperties {
    private static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final ServerProperties INSTANCE = scan();

    /** Prefix (e.g. {@code imlab}, {@code imlab.metrics}) to its record. */
    private final Map<String, Class<?>> roots;
    /** Every settable property, e.g. {@code imlab.kafka.bootstrap-servers}. */
    private final List<String> leaves;

    private ServerProperties(Map<String, Class<?>> roots, List<String> leaves) {
        this.roots = roots;
        this.leaves = leaves;
    }

    static ServerProperties get() {
        return INSTANCE;
    }

    /**
     * How long a stopping gateway drains ({@code imlab.gateway.drain.timeout}). Where the server has no
     * such setting yet, the drain's documented default, 30 s, which the grace periods are sized for.
     */
    static Duration drainTimeout(Map<String, Object> bound) {
        Object timeout = bound.get("imlab.gateway.drain.timeout");
        return timeout == null ? DEFAULT_DRAIN_TIMEOUT : (Duration) timeout;
    }

    /** The port of the listener for /metrics and /api/v1/health of a process without a gateway. */
    static int metricsPort(Map<String, Object> bound) {
        Object port = bound.get("imlab.metrics.port");
        if (port == null) {
            throw new AssertionError("imlab.metrics.port is not a server property: without it a process that runs no "
                    + "gateway serves no HTTP, and its probes would ask a port nothing listens on");
        }
        return (Integer) port;
    }

    private static ServerProperties scan() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, Class<?>> roots = new TreeMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.imlab")) {
            Class<?> type = load(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            if (prefix.equals("imlab") || prefix.startsWith("imlab.")) {
                roots.put(prefix, type);
            }
        }
        if (!roots.containsKey("imlab")) {
            throw new IllegalStateException("ImlabProperties is not on the test classpath (im-server's classes): "
                    + roots);
        }
        List<String> leaves = new ArrayList<>();
        roots.forEach((prefix, type) -> collectLeaves(prefix, type, type, leaves));
        return new ServerProperties(roots, leaves);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    /**
     * The records declared inside a settings record are groups of properties (imlab.gateway.shed.*);
     * anything else is one property, records of other modules too (a {@code Rate} is written "60/1m").
     */
    private static boolean isGroup(Class<?> type, Class<?> root) {
        return type.isRecord() && type.getEnclosingClass() != null
                && (type.getEnclosingClass() == root || isGroup(type.getEnclosingClass(), root));
    }

    private static void collectLeaves(String prefix, Class<?> type, Class<?> root, List<String> leaves) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
            if (isGroup(component.getType(), root)) {
                collectLeaves(name, component.getType(), root, leaves);
            } else {
                leaves.add(name);
            }
        }
    }

    /** Every settable property. */
    List<String> properties() {
        return List.copyOf(leaves);
    }

    /** The property an environment variable sets, if any, as the server's binder reads it. */
    Optional<String> propertyOf(String variable) {
        ConfigurationPropertySource source = sourceOf(Map.of(variable, "x"));
        List<String> set = leaves.stream()
                .filter(leaf -> source.getConfigurationProperty(ConfigurationPropertyName.of(leaf)) != null).toList();
        if (set.size() > 1) {
            throw new IllegalStateException(variable + " sets several properties: " + set);
        }
        return set.stream().findFirst();
    }

    /**
     * What the server's records hold under this environment, by property name (every property, defaults
     * included): binding fails as the server's start would on a value that does not convert or validate.
     */
    Map<String, Object> bind(Map<String, String> environment) {
        // Named as the real environment's source is: only then does Spring map IMLAB_A_B to imlab.a.b.
        Binder binder = new Binder(List.of(sourceOf(environment)), null, ApplicationConversionService.getSharedInstance());
        Map<String, Object> values = new LinkedHashMap<>();
        roots.forEach((prefix, type) -> collectValues(prefix, binder.bindOrCreate(prefix, Bindable.of(type)), type, values));
        return values;
    }

    private static void collectValues(String prefix, Object record, Class<?> root, Map<String, Object> values) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + name, e);
            }
            if (isGroup(component.getType(), root)) {
                collectValues(name, value, root, values);
            } else {
                values.put(name, value);
            }
        }
    }

    private static ConfigurationPropertySource sourceOf(Map<String, String> environment) {
        Map<String, Object> copy = new LinkedHashMap<>(environment);
        SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, copy);
        return ConfigurationPropertySources.from(source).iterator().next();
    }
}
