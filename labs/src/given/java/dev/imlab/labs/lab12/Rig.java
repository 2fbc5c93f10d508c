package dev.imlab.labs.lab12;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.context.support.GenericApplicationContext;

/**
 * What a {@link Fault} changes in the server about to start: default properties (settings that
 * no command line shows), beans the server takes where it has a seam for them, and hooks run on
 * the started gateway. Closes what the fault started when the incident ends.
 */
final class Rig implements AutoCloseable {
    /** Given the started im-gateway {@code GatewayServer}. */
    interface GatewayHook {
        void started(Object gatewayServer) throws Exception;
    }

    private static final Map<Long, RemoteService> SERVICES = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<java.util.function.Consumer<GenericApplicationContext>> beans = new ArrayList<>();
    private final List<GatewayHook> hooks = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    void property(String name, String value) {
        properties.put(name, value);
    }

    <T> void bean(Class<T> type, Supplier<? extends T> supplier) {
        beans.add(context -> context.registerBean(type, supplier::get));
    }

    void afterStart(GatewayHook hook) {
        hooks.add(hook);
    }

    /**
     * The service on the network that answers after {@code delayMs}: one per process, since a
     * service outlives the servers that call it (the id service's numbers go on from where the
     * last server left them).
     */
    RemoteService remoteService(long delayMs) {
        return SERVICES.computeIfAbsent(delayMs, RemoteService::new);
    }

    <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    Map<String, Object> properties() {
        return properties;
    }

    void registerBeans(GenericApplicationContext context) {
        beans.forEach(b -> b.accept(context));
    }

    void started(Object gatewayServer) throws Exception {
        for (GatewayHook hook : hooks) {
            hook.started(gatewayServer);
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // ending anyway
            }
        }
    }
}
