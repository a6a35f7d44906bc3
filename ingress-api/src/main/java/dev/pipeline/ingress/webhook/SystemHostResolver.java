package dev.pipeline.ingress.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.stereotype.Component;

/** The JVM's resolver (and its cache, {@code networkaddress.cache.ttl}). */
@Component
class SystemHostResolver implements HostResolver {

	@Override
	public List<InetAddress> resolve(String host) throws UnknownHostException {
		return List.of(InetAddress.getAllByName(host));
	}

}
