package dev.pipeline.ingress.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import dev.pipeline.ingress.account.Caller;
import dev.pipeline.ingress.system.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What a callback URL may be: absolute {@code http} or {@code https}, no user info, at
 * most {@code ingress.webhooks.max-url-length} characters, and, unless
 * {@code ingress.webhooks.allow-private-targets}, a host whose every address is public.
 * Refused: loopback, unspecified ({@code 0.0.0.0/8}, {@code ::}), link-local
 * ({@code 169.254/16}, the cloud metadata address included, {@code fe80::/10}),
 * site-local ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, {@code fec0::/10}),
 * unique-local ({@code fc00::/7}), shared ({@code 100.64/10}), multicast and broadcast,
 * also when written as an IPv4-mapped or IPv4-compatible IPv6 address. Checked at
 * submission and again in every delivery attempt, since a name may resolve elsewhere
 * later. The delivery's resolution is this check ({@link #checkHost}, the resolver of
 * {@link WebhookSender}'s client), which connects only to the addresses checked: a name
 * that changes its answer between the check and the connection (DNS rebinding) cannot
 * reach an address the check did not see (docs/api.md, "Webhooks").
 */
@Component
public class CallbackUrls {

	/** The body field of {@code POST /v1/models/{model}/jobs}. */
	public static final String FIELD = "callbackUrl";

	private final WebhookProperties properties;

	private final WebhookSecrets secrets;

	private final HostResolver resolver;

	CallbackUrls(WebhookProperties properties, WebhookSecrets secrets, HostResolver resolver) {
		this.properties = properties;
		this.secrets = secrets;
		this.resolver = resolver;
	}

	/**
	 * The callback URL of a job submission's body, checked; the caller's account must
	 * have a webhook secret to sign it with.
	 * @return {@code null} when the body has none
	 * @throws ApiProblem 400 {@code invalid-callback-url}, 400
	 * {@code webhook-secret-missing}
	 */
	public @Nullable URI read(JsonNode body, Caller caller) {
		JsonNode field = body.path(FIELD);
		if (field.isMissingNode() || field.isNull()) {
			return null;
		}
		if (!field.isString()) {
			throw invalid("callbackUrl must be a string.");
		}
		URI url = parse(field.asString());
		try {
			check(url);
		}
		catch (RefusedTarget ex) {
			throw invalid(ex.getMessage());
		}
		if (caller.accountId() == null || !this.secrets.exists(caller.accountId())) {
			throw new ApiProblem(HttpStatus.BAD_REQUEST, "webhook-secret-missing", "No webhook secret",
					"A job with a callbackUrl needs an account with a webhook secret to sign it:"
							+ " POST /v1/account/webhook-secret first.");
		}
		return url;
	}

	private URI parse(String text) {
		if (text.length() > this.properties.maxUrlLength()) {
			throw invalid("callbackUrl must be at most " + this.properties.maxUrlLength() + " characters.");
		}
		URI url;
		try {
			url = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw invalid("callbackUrl is not a URL: " + ex.getReason() + ".");
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
			throw invalid("callbackUrl must be an absolute http or https URL.");
		}
		if (url.getRawUserInfo() != null || (url.getRawAuthority() != null && url.getRawAuthority().contains("@"))) {
			throw invalid("callbackUrl must not carry a user name or password.");
		}
		if (url.getHost() == null || url.getHost().isEmpty()) {
			throw invalid("callbackUrl must name a host.");
		}
		return url;
	}

	/**
	 * Resolves the URL's host and checks every address.
	 * @return the addresses the host resolves to now
	 * @throws RefusedTarget when the host does not resolve or an address is not allowed
	 */
	List<InetAddress> check(URI url) throws RefusedTarget {
		return checkHost(url.getHost());
	}

	/**
	 * Resolves a host and checks every address.
	 * @return the addresses the host resolves to now
	 * @throws RefusedTarget when the host does not resolve or an address is not allowed
	 */
	List<InetAddress> checkHost(String host) throws RefusedTarget {
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		List<InetAddress> addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			throw new RefusedTarget("callbackUrl's host '" + host + "' does not resolve.");
		}
		if (!this.properties.allowPrivateTargets()) {
			for (InetAddress address : addresses) {
				if (!isPublic(address)) {
					throw new RefusedTarget("callbackUrl's host '" + host + "' resolves to " + address.getHostAddress()
							+ ", which is not a public address.");
				}
			}
		}
		return addresses;
	}

	static boolean isPublic(InetAddress address) {
		if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = bytes[0] & 0xFF;
			int second = bytes[1] & 0xFF;
			boolean unspecified = first == 0;
			boolean shared = first == 100 && (second & 0xC0) == 64;
			boolean broadcast = first == 255;
			return !(unspecified || shared || broadcast);
		}
		if (address instanceof Inet6Address) {
			if ((bytes[0] & 0xFE) == 0xFC) {
				return false;
			}
			InetAddress embedded = embeddedIpv4(bytes);
			return embedded == null || isPublic(embedded);
		}
		return false;
	}

	/**
	 * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}) or IPv4-compatible
	 * ({@code ::a.b.c.d}) IPv6 address, which reach that IPv4 host.
	 */
	private static @Nullable InetAddress embeddedIpv4(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return null;
			}
		}
		boolean mapped = (bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF;
		boolean compatible = bytes[10] == 0 && bytes[11] == 0;
		if (!mapped && !compatible) {
			return null;
		}
		try {
			return InetAddress.getByAddress(new byte[] { bytes[12], bytes[13], bytes[14], bytes[15] });
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static ApiProblem invalid(String detail) {
		return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-callback-url", "Invalid callback URL", detail);
	}

	/** A callback URL the ingress will not call. */
	static final class RefusedTarget extends Exception {

		RefusedTarget(String message) {
			super(message);
		}

	}

}
