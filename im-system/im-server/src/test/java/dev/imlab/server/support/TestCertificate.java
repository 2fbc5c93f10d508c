package dev.imlab.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made at test time with
 * the JDK's {@code keytool} and written as the PEM files the gateway reads, with an
 * {@link SSLContext} that trusts it and nothing else. Netty's {@code SelfSignedCertificate} is
 * deprecated in 4.2 and wants BouncyCastle for this; keytool ships with every JDK, and a key made
 * per run is never a secret checked into the repository.
 *
 * @param certificate PEM certificate, for {@code imlab.gateway.tls.certificate}
 * @param privateKey  PEM private key in PKCS#8, for {@code imlab.gateway.tls.private-key}
 * @param trust       a TLS context whose only trusted certificate is this one
 */
public record TestCertificate(Path certificate, Path privateKey, SSLContext trust) {
    private static final char[] PASSWORD = "imlab-test".toCharArray();
    private static final String ALIAS = "imlab";

    public static TestCertificate generate() {
        try {
            Path dir = Files.createTempDirectory("imlab-tls");
            Path keyStore = dir.resolve("server.p12");
            keytool(keyStore);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, PASSWORD);
            }
            X509Certificate cert = (X509Certificate) store.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, PASSWORD);
            Path certificate = Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", cert.getEncoded()));
            Path privateKey = Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded())); // PKCS#8
            return new TestCertificate(certificate, privateKey, trusting(cert));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the certificate keytool made", e);
        }
    }

    /** An HTTP (and WebSocket) client that trusts this certificate. */
    public HttpClient httpClient() {
        return HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static void keytool(Path keyStore) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool ran", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static SSLContext trusting(X509Certificate cert) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, cert);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
