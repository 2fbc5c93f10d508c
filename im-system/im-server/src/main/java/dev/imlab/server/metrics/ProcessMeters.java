package dev.imlab.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The meters every imlab process publishes, whatever its roles:
 * <ol>
 *   <li>the JVM's and the operating system's, from Micrometer's binders: memory pools and GC pauses,
 *       threads, classes, CPU, open files, uptime ({@code jvm_*}, {@code process_*}, {@code system_*});</li>
 *   <li>{@code imlab_role_info{role, instance_id}}, one series per role this process runs, always 1 (an
 *       info metric: Micrometer's Prometheus registry writes any {@code *.info} gauge as one): Prometheus
 *       joins it on {@code instance} to tell a transfer from a gateway, and counts each role's live
 *       instances with it, since a process that stops answering has its series marked stale (the alert
 *       "a role with no live instance").</li>
 * </ol>
 * An info series rather than a {@code role} tag on every meter: a process may run several roles, and
 * a tag has one value.
 */
public final class ProcessMeters implements AutoCloseable {
    /** One series per role of this process, tagged {@code role} and {@code instance_id}. */
    public static final String ROLE_INFO = "imlab.role.info";

    /** The two binders that hold JMX listeners and a thread, released on close. */
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final JvmHeapPressureMetrics heapPressure = new JvmHeapPressureMetrics();

    /**
     * @param roles the roles this process runs
     * @param instanceId this process's name ({@code imlab.instance-id} or the kept one)
     */
    public ProcessMeters(MeterRegistry registry, Set<String> roles, String instanceId) {
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, heapPressure, new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new JvmInfoMetrics(), new ProcessorMetrics(), new FileDescriptorMetrics(),
                new UptimeMetrics())) {
            binder.bindTo(registry);
        }
        for (String role : new TreeSet<>(roles)) {
            Gauge.builder(ROLE_INFO, () -> 1)
                    .description("a role this process runs; join on instance to tell the roles apart")
                    .tag("role", role).tag("instance_id", instanceId).register(registry);
        }
    }

    @Override
    public void close() {
        gc.close();
        heapPressure.close();
    }
}
