package dev.pipeline.ingress.ratelimit;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTests {

	private final ClientAddressResolver resolver = new ClientAddressResolver(
			new RateLimitProperties(true, 100, List.of("10.0.0.0/8", "192.168.1.1", "::1")));

	@Test
	void shouldIgnoreForwardedForFromUntrustedPeers() {
		assertThat(this.resolver.resolve(request("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
	}

	@Test
	void shouldTakeTheFirstUntrustedHopFromTheRight() {
		assertThat(this.resolver.resolve(request("10.1.2.3", "6.6.6.6, 198.51.100.1, 192.168.1.1")))
			.isEqualTo("198.51.100.1");
		assertThat(this.resolver.resolve(request("::1", "198.51.100.2"))).isEqualTo("198.51.100.2");
	}

	@Test
	void shouldStopAtHopsThatAreNoAddresses() {
		assertThat(this.resolver.resolve(request("10.1.2.3", "evil.example, 10.9.9.9"))).isEqualTo("10.9.9.9");
		assertThat(this.resolver.resolve(request("10.1.2.3", "999.1.1.1"))).isEqualTo("10.1.2.3");
	}

	@Test
	void shouldUseThePeerWithoutForwardedFor() {
		assertThat(this.resolver.resolve(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
	}

	private static MockHttpServletRequest request(String peer, String forwardedFor) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		if (forwardedFor != null) {
			request.addHeader("X-Forwarded-For", forwardedFor);
		}
		return request;
	}

}
