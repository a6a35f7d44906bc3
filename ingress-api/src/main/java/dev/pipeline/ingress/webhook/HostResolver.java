package dev.pipeline.ingress.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The resolution of a callback URL's host, the one step of a delivery that asks DNS: a
 * bean of its own so a test can make a name answer differently each time it is asked.
 */
@FunctionalInterface
interface HostResolver {

	/**
	 * @return every address the host resolves to now
	 * @throws UnknownHostException when it resolves to none
	 */
	List<InetAddress> resolve(String host) throws UnknownHostException;

}
