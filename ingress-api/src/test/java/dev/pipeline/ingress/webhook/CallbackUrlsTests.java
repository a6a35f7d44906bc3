package dev.pipeline.ingress.webhook;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses a callback may reach when private targets are not allowed. */
class CallbackUrlsTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "0.1.2.3", "::", "10.0.0.1", "172.16.0.1",
			"172.31.255.255", "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "fec0::1",
			"100.64.0.1", "224.0.0.1", "ff02::1", "255.255.255.255", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
			"::127.0.0.1" })
	void shouldRefuseAPrivateAddress(String address) throws Exception {
		assertThat(CallbackUrls.isPublic(InetAddress.getByName(address))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8" })
	void shouldAllowAPublicAddress(String address) throws Exception {
		assertThat(CallbackUrls.isPublic(InetAddress.getByName(address))).isTrue();
	}

}
