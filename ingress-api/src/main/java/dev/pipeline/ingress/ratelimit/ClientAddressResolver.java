package dev.pipeline.ingress.ratelimit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * The client address a request is rate limited by. {@code X-Forwarded-For} is believed
 * only when the connection comes from a configured trusted proxy, and then only up to the
 * first hop (from the right) that is not itself a trusted proxy: anything left of it
 * could be forged by the client.
 */
@Component
class ClientAddressResolver {

	private final List<AddressBlock> trusted;

	ClientAddressResolver(RateLimitProperties properties) {
		this.trusted = properties.trustedProxies().stream().map(AddressBlock::parse).toList();
	}

	String resolve(HttpServletRequest request) {
		String remote = request.getRemoteAddr();
		String forwarded = request.getHeader("X-Forwarded-For");
		if (forwarded == null || !isTrusted(remote)) {
			return remote;
		}
		String[] hops = forwarded.split(",");
		String client = remote;
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].trim();
			if (!AddressBlock.isLiteral(hop)) {
				return client;
			}
			client = hop;
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return client;
	}

	private boolean isTrusted(String address) {
		if (this.trusted.isEmpty() || !AddressBlock.isLiteral(address)) {
			return false;
		}
		try {
			byte[] bytes = AddressBlock.bytes(address);
			return this.trusted.stream().anyMatch(block -> block.contains(bytes));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * An address or CIDR block of literal IPv4/IPv6 addresses (never resolved through
	 * DNS).
	 */
	record AddressBlock(byte[] network, int prefixLength) {

		static AddressBlock parse(String text) {
			String[] parts = text.trim().split("/", 2);
			if (!isLiteral(parts[0])) {
				throw new IllegalArgumentException(
						"ingress.rate-limit.trusted-proxies takes IP addresses or CIDR blocks: " + text);
			}
			byte[] network = bytes(parts[0]);
			int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
			return new AddressBlock(network, prefix);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			for (int bit = 0; bit < this.prefixLength; bit++) {
				int mask = 0x80 >>> (bit % 8);
				if ((address[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

		/**
		 * Dotted-quad IPv4 or colon-separated IPv6: nothing that could be taken for a
		 * host name.
		 */
		static boolean isLiteral(String text) {
			if (text.isEmpty() || text.length() > 45) {
				return false;
			}
			if (text.indexOf(':') >= 0) {
				for (int i = 0; i < text.length(); i++) {
					char c = text.charAt(i);
					if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
						return false;
					}
				}
				return true;
			}
			String[] octets = text.split("\\.", -1);
			if (octets.length != 4) {
				return false;
			}
			for (String octet : octets) {
				if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
						|| Integer.parseInt(octet) > 255) {
					return false;
				}
			}
			return true;
		}

		static byte[] bytes(String literal) {
			try {
				// A literal is parsed, not looked up (isLiteral admits no host names).
				return InetAddress.getByName(literal).getAddress();
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("not an IP address: " + literal, ex);
			}
		}

	}

}
