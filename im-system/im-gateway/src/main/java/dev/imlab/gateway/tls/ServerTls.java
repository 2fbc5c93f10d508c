package dev.imlab.gateway.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the gateway's server-side TLS context from {@link TlsSettings}: one context for the
 * process, from which each connection gets its own {@code SslHandler}.
 *
 * @implNote OpenSSL (BoringSSL, through netty-tcnative) does the handshake and the encryption in
 * native code, with less garbage and faster AES-GCM than the JDK's engine on many JDKs; the JDK's
 * engine needs nothing native and is the fallback where tcnative has no build for the platform.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private ServerTls() {
    }

    /** The context for {@code settings}, or null when TLS is off; fails at start-up on a bad file. */
    public static SslContext context(TlsSettings settings) {
        if (!settings.enabled()) {
            return null;
        }
        SslProvider provider = provider(settings.provider());
        try {
            SslContext context = SslContextBuilder.forServer(settings.certificate().toFile(), settings.privateKey().toFile())
                    .sslProvider(provider)
                    .build();
            log.info("TLS on, with {} ({}), certificate {}", provider,
                    provider == SslProvider.OPENSSL ? OpenSsl.versionString() : System.getProperty("java.version"),
                    settings.certificate());
            return context;
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use the TLS certificate " + settings.certificate()
                    + " with the private key " + settings.privateKey()
                    + " (PEM files; the key unencrypted, in PKCS#8): " + e.getMessage(), e);
        }
    }

    static SslProvider provider(String name) {
        return switch (name) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("TLS provider 'openssl' asked for, but netty-tcnative does not load: "
                            + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }
}
