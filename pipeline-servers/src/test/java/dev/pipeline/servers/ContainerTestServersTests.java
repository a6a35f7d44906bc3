package dev.pipeline.servers;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The test servers in containers ({@code -Dpipeline.test-servers=testcontainers}) are
 * reached on the loopback interface only, as the embedded ones are.
 */
@EnabledIfSystemProperty(named = SharedTestServers.SELECTION_PROPERTY, matches = "testcontainers")
class ContainerTestServersTests {

	private final SharedTestServers servers = SharedTestServers.get();

	@Test
	void shouldPublishEveryServerOnTheLoopbackInterfaceOnly() throws IOException {
		Optional<InetAddress> external = externalAddress();
		assumeThat(external).as("an address of this machine besides the loopback").isPresent();
		int kafka = Integer.parseInt(this.servers.kafkaBootstrapServers().replaceAll(".*:", ""));
		for (int port : List.of(kafka, this.servers.postgres().port(), this.servers.redisPort())) {
			try (Socket loopback = connect(InetAddress.getLoopbackAddress(), port)) {
				assertThat(loopback.isConnected()).isTrue();
			}
			assertThatThrownBy(() -> connect(external.get(), port).close()).as("port %d on %s", port, external.get())
				.isInstanceOf(IOException.class);
		}
	}

	private static Socket connect(InetAddress address, int port) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(address, port), 2000);
		return socket;
	}

	private static Optional<InetAddress> externalAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(ContainerTestServersTests::isUpAndNotLoopback)
			.flatMap(NetworkInterface::inetAddresses)
			.filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.findFirst();
	}

	private static boolean isUpAndNotLoopback(NetworkInterface network) {
		try {
			return network.isUp() && !network.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
