package dev.pipeline.ingress.account;

import java.util.ArrayList;
import java.util.List;

import dev.pipeline.ingress.IngressApiApplication;
import dev.pipeline.servers.SharedTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokenRequirementTests {

	@Test
	void shouldRefuseToStartInProductionWithoutAnAdminToken() {
		List<String> args = new ArrayList<>();
		SharedTestServers.get().springProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
		args.add("--server.port=0");
		// Explicitly blank, so a PIPELINE_ADMIN_TOKEN in the environment cannot hide the
		// failure.
		args.add("--ingress.accounts.admin-token=");
		String[] withoutToken = args.toArray(String[]::new);

		assertThatThrownBy(() -> new SpringApplicationBuilder(IngressApiApplication.class).profiles("prod")
			.run(withoutToken)
			.close()).hasStackTraceContaining("ingress.accounts.admin-token");
	}

}
