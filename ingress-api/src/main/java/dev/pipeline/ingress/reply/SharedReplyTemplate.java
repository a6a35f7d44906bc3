package dev.pipeline.ingress.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.GenericMessageListenerContainer;
import org.springframework.kafka.requestreply.ReplyingKafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * A {@link ReplyingKafkaTemplate} for a reply topic anyone with write access to Kafka can
 * write to. spring-kafka logs one ERROR line, with the record, for every reply without a
 * correlation id; on a shared reply topic such a record is not a fault of this instance
 * but someone else's writing, so a producer looping over the topic could flood the log at
 * ERROR. Those records are counted and dropped here before the template sees them, each
 * logged at DEBUG. Where they are not part of the topic's normal traffic, the first is
 * also logged at WARN (so an operator learns that something writes there), then one WARN
 * line with the running count per {@value #WARN_EVERY}. Replies with a correlation id
 * that matches no call are already logged at DEBUG by the template when the topic is
 * shared.
 *
 * @param <V> the request type
 */
class SharedReplyTemplate<V> extends ReplyingKafkaTemplate<String, V, byte[]> {

	private static final Logger log = LoggerFactory.getLogger(SharedReplyTemplate.class);

	static final long WARN_EVERY = 10_000;

	private final AtomicLong uncorrelated = new AtomicLong();

	private final boolean uncorrelatedExpected;

	/**
	 * @param uncorrelatedExpected whether records without a correlation id are normal on
	 * the reply topic (then they are logged at DEBUG only)
	 */
	SharedReplyTemplate(ProducerFactory<String, V> producers,
			GenericMessageListenerContainer<String, byte[]> replyContainer, boolean uncorrelatedExpected) {
		super(producers, replyContainer);
		this.uncorrelatedExpected = uncorrelatedExpected;
		setSharedReplyTopic(true);
	}

	@Override
	public void onMessage(List<ConsumerRecord<String, byte[]>> data) {
		if (data.stream().allMatch(SharedReplyTemplate::correlated)) {
			// The usual poll: only the workers' replies, handed over as they came.
			super.onMessage(data);
			return;
		}
		List<ConsumerRecord<String, byte[]>> correlated = new ArrayList<>(data.size());
		for (ConsumerRecord<String, byte[]> record : data) {
			if (correlated(record)) {
				correlated.add(record);
			}
			else {
				dropped(record);
			}
		}
		if (!correlated.isEmpty()) {
			super.onMessage(correlated);
		}
	}

	private static boolean correlated(ConsumerRecord<String, byte[]> record) {
		return record.headers().lastHeader(KafkaHeaders.CORRELATION_ID) != null;
	}

	private void dropped(ConsumerRecord<String, byte[]> record) {
		long count = this.uncorrelated.incrementAndGet();
		if (!this.uncorrelatedExpected && (count == 1 || count % WARN_EVERY == 0)) {
			log.warn(
					"Ignored {} record(s) without a correlation id on {} so far, the latest at partition {} "
							+ "offset {}: not an answer to a call of this ingress (a direct producer asked for replies "
							+ "there, or something else writes to the topic)",
					count, record.topic(), record.partition(), record.offset());
		}
		else {
			log.debug("Ignored a record without a correlation id at {}-{}@{}", record.topic(), record.partition(),
					record.offset());
		}
	}

	/** How many records without a correlation id this template has ignored. */
	long uncorrelatedRecords() {
		return this.uncorrelated.get();
	}

}
