package dev.pipeline.contracts;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.springframework.kafka.support.serializer.JacksonJsonSerde;

/**
 * A topic's default name paired with the serdes of its key and value, so producers,
 * topologies and tests all point at one constant. The name is API.md's; a deployment puts
 * its {@link TopicNames#prefix()} before it.
 */
public record Topic<V>(String name, Class<V> valueType) {

	public Serde<String> keySerde() {
		return Serdes.String();
	}

	/**
	 * Plain JSON: no type headers are written or read, so any Kafka client can produce
	 * and consume these records.
	 */
	public Serde<V> valueSerde() {
		return new JacksonJsonSerde<V>(this.valueType, PipelineJson.mapper()).noTypeInfo().ignoreTypeHeaders();
	}

}
