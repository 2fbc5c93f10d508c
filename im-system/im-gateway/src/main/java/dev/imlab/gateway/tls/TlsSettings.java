package dev.imlab.gateway.tls;

import java.nio.file.Path;
import java.util.Set;

/**
 * TLS on the gateway's port: with a certificate, the port speaks HTTPS and {@code wss://} only;
 * without one, plain HTTP and {@code ws://} (behind a proxy that terminates TLS, or on a laptop).
 *
 * @param certificate PEM file with the certificate chain, the server's own first; null: no TLS
 * @param privateKey  PEM file with the certificate's unencrypted private key in PKCS#8
 *                    ({@code -----BEGIN PRIVATE KEY-----})
 * @param provider    {@code auto} (OpenSSL through netty-tcnative when it loads, else the JDK's),
 *                    {@code openssl} (fail when it does not load) or {@code jdk}
 */
public record TlsSettings(Path certificate, Path privateKey, String provider) {
    static final Set<String> PROVIDERS = Set.of("auto", "openssl", "jdk");

    public TlsSettings {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key, got certificate "
                    + certificate + ", private key " + privateKey);
        }
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("TLS provider '" + provider + "' is none of " + PROVIDERS);
        }
    }

    public static TlsSettings off() {
        return new TlsSettings(null, null, "auto");
    }

    public boolean enabled() {
        return certificate != null;
    }
}
