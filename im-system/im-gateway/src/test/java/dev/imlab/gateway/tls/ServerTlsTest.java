package dev.imlab.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {

    @Test
    void noCertificate_meansNoTls() {
        assertThat(ServerTls.context(TlsSettings.off())).isNull();
    }

    @Test
    void auto_picksOpenSsl_whereNettyTcnativeLoads_elseTheJdk() {
        assertThat(ServerTls.provider("auto")).isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
        assertThat(ServerTls.provider("jdk")).isEqualTo(SslProvider.JDK);
    }

    @Test
    void openSsl_loadsOnLinuxX86_64_whereTheGatewayShipsTcnative() {
        boolean shipped = System.getProperty("os.name").toLowerCase().contains("linux")
                && System.getProperty("os.arch").matches("amd64|x86_64");
        if (shipped) {
            assertThat(OpenSsl.isAvailable()).as("netty-tcnative-boringssl-static: %s", OpenSsl.unavailabilityCause())
                    .isTrue();
        }
    }

    @Test
    void aFileThatIsNoPem_failsAtStartUp_namingIt(@TempDir Path dir) throws Exception {
        Path certificate = Files.writeString(dir.resolve("server.crt"), "not a certificate");
        Path key = Files.writeString(dir.resolve("server.key"), "not a key");

        assertThatThrownBy(() -> ServerTls.context(new TlsSettings(certificate, key, "jdk")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(certificate.toString()).hasMessageContaining("PKCS#8");
    }

    @Test
    void settings_needBothFiles_andAKnownProvider() {
        assertThatThrownBy(() -> new TlsSettings(Path.of("server.crt"), null, "auto"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> new TlsSettings(null, null, "boringssl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("boringssl");
    }
}
