package dev.pipeline.ingress.account;

import dev.pipeline.ingress.IngressApiApplication;
import dev.pipeline.servers.SharedTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokenRequirementTests {

	@Test
	void shouldRefuseToStartInProductionWithoutAnAdminToken() {
		SharedTestServers servers = SharedTestServers.get();
		String[] args = servers.springProperties()
			.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		String[] withoutToken = java.util.stream.Stream
			.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--accounts.admin-token=", "--server.port=0"))
			.toArray(String[]::new);

		assertThatThrownBy(() -> new SpringApplicationBuilder(IngressApiApplication.class).profiles("prod")
			.run(withoutToken)
			.close()).hasStackTraceContaining("accounts.admin-token");
	}

}
