package dev.imlab.server;

import dev.imlab.gateway.GatewayServer;
import dev.imlab.server.config.ImlabProperties;
import dev.imlab.server.roles.ImlabRoles;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Tells the person who started the server where to connect. */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {
    private final ImlabRoles roles;
    private final ImlabProperties properties;

    StartupBanner(ImlabRoles roles, ImlabProperties properties) {
        this.roles = roles;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        GatewayServer gateway = roles.gateway();
        StringBuilder text = new StringBuilder("\n\n  imlab is running roles ").append(properties.roles()).append('\n');
        if (gateway != null) {
            String base = properties.gateway().host() + ":" + gateway.port();
            String http = gateway.tls() ? "https://" : "http://";
            text.append("    chat page      ").append(http).append(base).append("/\n")
                .append("    dashboard      ").append(http).append(base).append("/dashboard\n")
                .append("    HTTP API       ").append(http).append(base).append("/api/v1/health\n")
                .append("    WebSocket      ").append(gateway.tls() ? "wss://" : "ws://").append(base)
                .append("/ws?token=TOKEN\n");
        }
        text.append("    data folder    ").append(properties.dataDir().toAbsolutePath().normalize()).append('\n');
        System.out.println(text);
    }
}
