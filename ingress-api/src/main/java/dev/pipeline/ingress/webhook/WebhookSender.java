package dev.pipeline.ingress.webhook;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import dev.pipeline.ingress.webhook.CallbackUrls.RefusedTarget;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Sends one signed webhook: {@code POST} with the job's JSON over HTTP/1.1, within
 * {@code ingress.webhooks.connect-timeout} and {@code read-timeout}. The host is resolved
 * once per attempt and every address checked ({@link CallbackUrls}); the connection goes
 * only to those addresses, while TLS still sends and verifies the URL's host name. A
 * client that connected by name would resolve again, and a name that answered a public
 * address to the check could answer loopback to the connection (DNS rebinding). Redirects
 * are not followed (a 3xx is a failed attempt: following one would reach a target nobody
 * checked), connections are not reused (each attempt resolves and checks anew), and the
 * receiver's body is never read, only its status.
 */
@Component
class WebhookSender implements DisposableBean {

	private static final String USER_AGENT = "prediction-pipeline-webhooks/1";

	private static final ContentType JSON = ContentType.create("application/json");

	/**
	 * The client tries a host's addresses one after another, each for up to the connect
	 * timeout, and a cancellation does not stop that loop: a host with a hundred silent
	 * addresses would hold an attempt for minutes. Every address is checked; the first
	 * three are tried (the JDK's own URL connection tries one).
	 */
	static final int ADDRESSES_TRIED = 3;

	private final CloseableHttpClient client;

	private final Duration attemptTimeout;

	/**
	 * Cancels attempts at their deadline. The client's own timeouts are per connection
	 * and per read, so a receiver that trickles its status line a byte at a time, or a
	 * host with many addresses that never answer, could hold an attempt (and one of the
	 * few sender threads) past its lease, and another instance would send the webhook
	 * again.
	 */
	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(daemon());

	@Autowired
	WebhookSender(WebhookProperties properties, CallbackUrls urls) {
		// The JVM's trust store (javax.net.ssl.trustStore when set, else cacerts), and
		// host name verification on: HttpClient's own defaults, spelled out.
		this(properties, urls, SSLContexts.createDefault());
	}

	/**
	 * @param tls the trust material receivers' certificates are verified against (tests
	 * trust a certificate of their own)
	 */
	WebhookSender(WebhookProperties properties, CallbackUrls urls, SSLContext tls) {
		this.attemptTimeout = attemptTimeout(properties);
		Timeout readTimeout = Timeout.of(properties.readTimeout());
		ConnectionConfig connections = ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(properties.connectTimeout()))
			.setSocketTimeout(readTimeout)
			.build();
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new CheckedAddresses(urls))
				.setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
				.setDefaultConnectionConfig(connections)
				.setMaxConnTotal(WebhookDispatcher.PARALLEL)
				.setMaxConnPerRoute(WebhookDispatcher.PARALLEL)
				.build())
			.setConnectionReuseStrategy((request, response, context) -> false)
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(readTimeout).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.disableDefaultUserAgent()
			.build();
	}

	/**
	 * @return the receiver's status
	 * @throws RefusedTarget when the callback URL's host does not resolve or resolves to
	 * an address that may not be called
	 * @throws IOException when the receiver could not be reached or did not answer in
	 * time
	 */
	int send(URI url, String id, long timestamp, String signature, byte[] body) throws RefusedTarget, IOException {
		HttpPost request = new HttpPost(url);
		request.setHeader("User-Agent", USER_AGENT);
		request.setHeader(WebhookSignature.ID, id);
		request.setHeader(WebhookSignature.TIMESTAMP, String.valueOf(timestamp));
		request.setHeader(WebhookSignature.SIGNATURE, signature);
		request.setEntity(new ByteArrayEntity(body, JSON));
		ScheduledFuture<?> deadline = this.deadlines.schedule(request::cancel, this.attemptTimeout.toMillis(),
				TimeUnit.MILLISECONDS);
		// Closed unread: whatever the receiver sends back is not our business.
		try (CloseableHttpResponse response = this.client.execute(HttpHost.create(url), request,
				HttpClientContext.create())) {
			return response.getCode();
		}
		catch (RefusedAddresses ex) {
			throw ex.refusal;
		}
		catch (IOException ex) {
			if (request.isCancelled()) {
				throw new InterruptedIOException("No answer within " + this.attemptTimeout.toMillis() + " ms");
			}
			throw ex;
		}
		finally {
			deadline.cancel(false);
		}
	}

	/**
	 * The most one attempt takes from start to status: a connect timeout for each address
	 * tried, and the read timeout. The dispatcher's lease is longer.
	 */
	static Duration attemptTimeout(WebhookProperties properties) {
		return properties.connectTimeout().multipliedBy(ADDRESSES_TRIED).plus(properties.readTimeout());
	}

	/** A sender that is never destroyed (a test's) must not keep its JVM alive. */
	private static CustomizableThreadFactory daemon() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("webhook-deadlines-");
		threads.setDaemon(true);
		return threads;
	}

	@Override
	public void destroy() {
		this.deadlines.shutdownNow();
		this.client.close(CloseMode.IMMEDIATE);
	}

	/**
	 * The client's resolver: the callback URL policy's own resolution and check, so the
	 * client connects to exactly the addresses that were checked.
	 */
	private record CheckedAddresses(CallbackUrls urls) implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			try {
				return this.urls.checkHost(host).stream().limit(ADDRESSES_TRIED).toArray(InetAddress[]::new);
			}
			catch (RefusedTarget ex) {
				throw new RefusedAddresses(ex);
			}
		}

		/** Asked only for Kerberos and NTLM authentication, which webhooks do not use. */
		@Override
		public String resolveCanonicalHostname(String host) {
			return host;
		}

	}

	/** A refusal carried out of the client, which lets only an IOException through. */
	private static final class RefusedAddresses extends UnknownHostException {

		private final transient RefusedTarget refusal;

		RefusedAddresses(RefusedTarget refusal) {
			super(refusal.getMessage());
			this.refusal = refusal;
		}

	}

}
