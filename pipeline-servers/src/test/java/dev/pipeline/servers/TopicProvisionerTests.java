package dev.pipeline.servers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.TopicNames;
import dev.pipeline.contracts.Topic;
import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicProvisionerTests {

	private final SharedTestServers servers = SharedTestServers.get();

	@Test
	void shouldCreateEveryContractTopicBehindThePrefixOnce() throws Exception {
		TopicNames names = new TopicNames("provisioner-test.");
		String bootstrap = this.servers.kafkaBootstrapServers();

		List<String> created = TopicProvisioner.ensureTopics(bootstrap, names, 2, 1);

		assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(names::of).toList())
			.allMatch(name -> name.startsWith("provisioner-test."));
		assertThat(TopicProvisioner.ensureTopics(bootstrap, names, 2, 1)).as("created again").isEmpty();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
			for (Topic<?> topic : List.of(Topics.INFERENCE_MODELS, Topics.INFERENCE_MODEL_TRAFFIC)) {
				ConfigResource compacted = new ConfigResource(ConfigResource.Type.TOPIC, names.of(topic));
				assertThat(admin.describeConfigs(List.of(compacted))
					.all()
					.get(10, TimeUnit.SECONDS)
					.get(compacted)
					.get("cleanup.policy")
					.value()).as(topic.name()).isEqualTo("compact");
			}
		}
	}

}
