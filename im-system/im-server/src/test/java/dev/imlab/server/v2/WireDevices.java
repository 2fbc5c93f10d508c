package dev.imlab.server.v2;

import dev.imlab.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The devices a test connected, all closed after it (a field marked {@code @AutoClose}). */
final class WireDevices implements AutoCloseable {
    private final Supplier<TestServer> server;
    private final List<WireClient> devices = new ArrayList<>();

    /** @param server the test's server, asked at each connect (it may be started after this is made) */
    WireDevices(Supplier<TestServer> server) {
        this.server = server;
    }

    WireClient connect(String userId, String deviceId) {
        WireClient device = WireClient.connect(server.get(), userId, deviceId);
        devices.add(device);
        return device;
    }

    @Override
    public void close() {
        devices.forEach(WireClient::close);
        devices.clear();
    }
}
