package dev.pipeline.ingress.webhook;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Webhooks over HTTPS. The sender connects to the addresses it checked, not by name
 * ({@link WebhookSenderTests}), so these hold the other half: TLS still verifies the
 * receiver's certificate against the trust store and against the URL's host name, never
 * against the address it connected to. Each receiver has a certificate made for the test
 * by the JDK's keytool; the name {@code receiver.example} resolves to loopback through
 * the test's resolver.
 */
class WebhookTlsTests {

	private static final char[] PASSWORD = "changeit".toCharArray();

	private static final String NAME = "receiver.example";

	private static final byte[] BODY = "{\"status\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8);

	@TempDir
	static Path keys;

	static KeyStore forName;

	static KeyStore forOtherName;

	static WebhookReceiver receiver;

	static WebhookReceiver otherNameReceiver;

	@BeforeAll
	static void startReceivers() throws Exception {
		forName = issue(NAME);
		forOtherName = issue("other.example");
		receiver = WebhookReceiver.https(serverContext(forName));
		otherNameReceiver = WebhookReceiver.https(serverContext(forOtherName));
	}

	@AfterAll
	static void stopReceivers() {
		receiver.close();
		otherNameReceiver.close();
	}

	@Test
	void shouldDeliverToACertificateForTheUrlsHostName() throws Exception {
		String path = "/hooks/tls";

		int status = sender(trusting(forName)).send(url(receiver, path), "job-1", 0, "v1,x", BODY);

		assertThat(status).isEqualTo(200);
		assertThat(receiver.received(path)).singleElement()
			.satisfies((webhook) -> assertThat(webhook.body()).isEqualTo(BODY));
	}

	@Test
	void shouldRefuseATrustedCertificateMadeForAnotherName() throws Exception {
		String path = "/hooks/other-name";

		// JSSE checks the name in the handshake (endpoint identification "HTTPS").
		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(
					() -> sender(trusting(forOtherName)).send(url(otherNameReceiver, path), "job-2", 0, "v1,x", BODY))
			.withMessageContaining(NAME);

		assertThat(otherNameReceiver.received(path)).isEmpty();
	}

	/** The JVM's own trust store does not know the test's certificate. */
	@Test
	void shouldRefuseACertificateNobodyTrusts() {
		String path = "/hooks/untrusted";
		WebhookProperties properties = properties();
		WebhookSender sender = new WebhookSender(properties, new CallbackUrls(properties, null, loopback()));

		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(() -> sender.send(url(receiver, path), "job-3", 0, "v1,x", BODY))
			.withMessageContaining("PKIX");

		assertThat(receiver.received(path)).isEmpty();
	}

	private static WebhookSender sender(SSLContext trust) {
		WebhookProperties properties = properties();
		return new WebhookSender(properties, new CallbackUrls(properties, null, loopback()), trust);
	}

	/** Private targets allowed: the receivers are on loopback. */
	private static WebhookProperties properties() {
		return new WebhookProperties(true, 2048, Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1),
				Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofHours(6));
	}

	private static HostResolver loopback() {
		return (host) -> List.of(InetAddress.getLoopbackAddress());
	}

	private static URI url(WebhookReceiver target, String path) {
		return URI.create("https://" + NAME + ":" + target.port() + path);
	}

	/** A key pair and a self-signed certificate for one DNS name, made by keytool. */
	private static KeyStore issue(String dnsName) throws Exception {
		Path store = keys.resolve(dnsName + ".p12");
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "receiver", "-keyalg", "EC",
				"-groupname", "secp256r1", "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName, "-validity", "2",
				"-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
		assertThat(process.exitValue()).as("keytool: %s", output).isZero();
		KeyStore keyStore = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(store)) {
			keyStore.load(in, PASSWORD);
		}
		return keyStore;
	}

	private static SSLContext serverContext(KeyStore keyStore) throws Exception {
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keyStore, PASSWORD);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

	/** Trusts exactly the certificate of this key store. */
	private static SSLContext trusting(KeyStore keyStore) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("receiver", keyStore.getCertificate("receiver"));
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		return context;
	}

}
