package dev.pipeline.servers;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.pipeline.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedTestServersTests {

	private final SharedTestServers servers = SharedTestServers.get();

	@Test
	void shouldServeTheContractTopicsAndRoundTripARecord() throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", this.servers.kafkaBootstrapServers()))) {
			Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
			assertThat(names).contains(Topics.INFERENCE_REQUESTS.name(), Topics.METRICS_ALERTS.name(),
					Topics.INFERENCE_REQUESTS_DLQ.name());
		}
		String topic = "servers-smoke";
		try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.servers.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
				new StringSerializer())) {
			producer.send(new ProducerRecord<>(topic, "k", "hello")).get(30, TimeUnit.SECONDS);
		}
		try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				this.servers.kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "servers-smoke",
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			String seen = null;
			long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (seen == null && System.nanoTime() < until) {
				ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
				for (var record : records) {
					seen = record.value();
				}
			}
			assertThat(seen).isEqualTo("hello");
		}
	}

	@Test
	void shouldHaveAppliedTheMigrations() throws Exception {
		try (Connection connection = this.servers.postgres().dataSource().getConnection();
				ResultSet rs = connection.createStatement()
					.executeQuery(
							"SELECT count(*) FROM information_schema.tables WHERE table_name = 'inference_jobs'")) {
			rs.next();
			assertThat(rs.getInt(1)).isEqualTo(1);
		}
	}

	@Test
	void shouldRefuseATakenPortInWords() {
		int taken = this.servers.redisPort();
		assertThatThrownBy(() -> RedisServer.start(null, taken)).isInstanceOf(PortInUseException.class)
			.hasMessageContaining("PIPELINE_REDIS_PORT");
	}

}
