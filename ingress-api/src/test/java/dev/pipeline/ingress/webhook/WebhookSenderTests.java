package dev.pipeline.ingress.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.pipeline.ingress.webhook.CallbackUrls.RefusedTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One delivery attempt against a host whose answers a test decides, and a receiver on
 * loopback: the attempt connects only to the addresses it checked, so a name that answers
 * a public address to the check and loopback afterwards (DNS rebinding) never reaches the
 * receiver.
 */
class WebhookSenderTests {

	private static final byte[] BODY = "{\"status\":\"SUCCEEDED\"}".getBytes(StandardCharsets.UTF_8);

	/** TEST-NET-3 (RFC 5737): public to the policy, and nobody answers there. */
	private static final InetAddress PUBLIC = address("203.0.113.7");

	private static final InetAddress LOOPBACK = address("127.0.0.1");

	static WebhookReceiver receiver;

	@BeforeAll
	static void startReceiver() throws Exception {
		receiver = new WebhookReceiver();
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	/**
	 * The name is {@code localhost}, which the JVM itself resolves to loopback: a sender
	 * that connected by name after the check would reach the receiver.
	 */
	@Test
	void shouldNotConnectToAnAddressItDidNotCheck() {
		AtomicInteger resolutions = new AtomicInteger();
		HostResolver rebinding = (host) -> List.of((resolutions.getAndIncrement() == 0) ? PUBLIC : LOOPBACK);
		WebhookSender sender = sender(false, rebinding);
		String path = "/hooks/rebinding";

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> sender.send(url("localhost", path), "job-1", 0, "v1,x", BODY));

		assertThat(receiver.received(path)).isEmpty();
		assertThat(resolutions).hasValue(1);
	}

	@Test
	void shouldRefuseAHostWithAnyPrivateAddress() {
		WebhookSender sender = sender(false, (host) -> List.of(PUBLIC, LOOPBACK));
		String path = "/hooks/one-private";

		assertThatExceptionOfType(RefusedTarget.class)
			.isThrownBy(() -> sender.send(url("mixed.example", path), "job-2", 0, "v1,x", BODY))
			.withMessageContaining("127.0.0.1");

		assertThat(receiver.received(path)).isEmpty();
	}

	@Test
	void shouldConnectToTheCheckedAddressOfTheName() throws Exception {
		WebhookSender sender = sender(true, (host) -> List.of(LOOPBACK));
		String path = "/hooks/by-name";

		int status = sender.send(url("receiver.example", path), "job-3", 0, "v1,x", BODY);

		assertThat(status).isEqualTo(200);
		assertThat(receiver.received(path)).singleElement()
			.satisfies((webhook) -> assertThat(webhook.body()).isEqualTo(BODY));
	}

	/**
	 * A receiver that sends its status line a byte at a time never trips the read
	 * timeout, which is per read; the attempt still ends at its deadline, before the
	 * dispatcher's lease would let another instance send the same webhook.
	 */
	@Test
	void shouldEndAnAttemptAtItsDeadlineHoweverSlowlyTheReceiverAnswers() throws Exception {
		try (TricklingReceiver trickling = new TricklingReceiver()) {
			WebhookSender sender = sender(true, (host) -> List.of(LOOPBACK));
			URI url = URI.create("http://receiver.example:" + trickling.port() + "/hooks/trickle");

			// A guard against a hang, not a timing: the receiver would trickle for a
			// minute.
			assertTimeoutPreemptively(Duration.ofSeconds(30),
					() -> assertThatExceptionOfType(InterruptedIOException.class)
						.isThrownBy(() -> sender.send(url, "job-4", 0, "v1,x", BODY))
						.withMessageContaining("No answer within"));
			assertThat(trickling.bytesSent()).isPositive();
		}
	}

	/**
	 * The client tries a host's addresses one after another, each within the connect
	 * timeout (300 ms here): 100 addresses where nobody answers would take 30 s. All are
	 * checked, the first few tried.
	 */
	@Test
	void shouldTryOnlyTheFirstFewOfAHostsAddresses() {
		List<InetAddress> silent = IntStream.rangeClosed(1, 100).mapToObj((i) -> address("203.0.113." + i)).toList();
		WebhookSender sender = sender(false, (host) -> silent);

		// A guard against a hang, not a timing.
		assertTimeoutPreemptively(Duration.ofSeconds(25), () -> assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> sender.send(url("many.example", "/hooks/many"), "job-5", 0, "v1,x", BODY)));
	}

	private static WebhookSender sender(boolean allowPrivateTargets, HostResolver resolver) {
		// A short connect timeout: connecting to TEST-NET-3 fails by it.
		WebhookProperties properties = new WebhookProperties(allowPrivateTargets, 2048, Duration.ofMillis(300),
				Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(10),
				Duration.ofHours(6));
		// No secrets: the sender does not read the account's.
		return new WebhookSender(properties, new CallbackUrls(properties, null, resolver));
	}

	/** The receiver's URL with another host name in front of its port. */
	private static URI url(String host, String path) {
		return URI.create("http://" + host + ":" + URI.create(receiver.url(path)).getPort() + path);
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
