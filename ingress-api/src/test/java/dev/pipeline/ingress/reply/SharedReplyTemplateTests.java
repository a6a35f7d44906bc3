package dev.pipeline.ingress.reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the reply template does with records that are not replies, without a broker:
 * nothing connects until the template starts, and {@code onMessage} is what the reply
 * container calls with each poll.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedReplyTemplateTests {

	private static final String UNEXPECTED_WARNING = "without a correlation id on inference.replies so far";

	@Test
	void shouldCountRecordsWithoutACorrelationIdAndWarnOnTheFirstAndEveryTenThousandth(CapturedOutput output) {
		SharedReplyTemplate<String> template = template(false);

		template.onMessage(List.of(uncorrelated(0)));
		assertThat(template.uncorrelatedRecords()).isEqualTo(1);
		assertThat(output.getOut()).contains("Ignored 1 record(s) " + UNEXPECTED_WARNING)
			.doesNotContain("No correlationId found in reply");

		List<ConsumerRecord<String, byte[]>> poll = new ArrayList<>();
		for (long offset = 1; offset < 2 * SharedReplyTemplate.WARN_EVERY; offset++) {
			poll.add(uncorrelated(offset));
		}
		template.onMessage(poll);

		assertThat(template.uncorrelatedRecords()).isEqualTo(2 * SharedReplyTemplate.WARN_EVERY);
		assertThat(output.getOut()).contains("Ignored 10000 record(s) " + UNEXPECTED_WARNING,
				"Ignored 20000 record(s) " + UNEXPECTED_WARNING);
		assertThat(output.getOut().lines().filter(line -> line.contains(UNEXPECTED_WARNING))).hasSize(3);
		assertThat(output.getOut()).doesNotContain("No correlationId found in reply");
	}

	@Test
	void shouldIgnoreThemQuietlyWhereTheyAreNormalTraffic(CapturedOutput output) {
		SharedReplyTemplate<String> template = template(true);

		template.onMessage(List.of(uncorrelated(0), uncorrelated(1)));

		assertThat(template.uncorrelatedRecords()).isEqualTo(2);
		assertThat(output.getOut()).doesNotContain("Ignored").doesNotContain("No correlationId found in reply");
	}

	@Test
	void shouldHandACorrelatedRecordToTheTemplate(CapturedOutput output) {
		SharedReplyTemplate<String> template = template(false);
		ConsumerRecord<String, byte[]> correlated = uncorrelated(1);
		correlated.headers()
			.add(KafkaHeaders.CORRELATION_ID, "no call waits for this".getBytes(StandardCharsets.UTF_8));

		template.onMessage(List.of(uncorrelated(0), correlated));

		// Only the record without a correlation id is counted; the other went on to the
		// template, which found no call waiting for it (dropped at DEBUG on a shared
		// topic).
		assertThat(template.uncorrelatedRecords()).isEqualTo(1);
		assertThat(output.getOut()).doesNotContain("No correlationId found in reply");
	}

	private static SharedReplyTemplate<String> template(boolean uncorrelatedExpected) {
		Map<String, Object> config = Map.of("bootstrap.servers", "localhost:1");
		KafkaMessageListenerContainer<String, byte[]> container = new KafkaMessageListenerContainer<>(
				new DefaultKafkaConsumerFactory<>(config), new ContainerProperties("inference.replies"));
		return new SharedReplyTemplate<>(
				new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()), container,
				uncorrelatedExpected);
	}

	private static ConsumerRecord<String, byte[]> uncorrelated(long offset) {
		return new ConsumerRecord<>("inference.replies", 0, offset, null,
				"not a reply".getBytes(StandardCharsets.UTF_8));
	}

}
