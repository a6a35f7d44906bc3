package dev.pipeline.servers;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTests {

	@Test
	void shouldHandOutDistinctFreePortsAtOnce() {
		List<Integer> ports = Ports.free(20);

		assertThat(ports).hasSize(20).doesNotHaveDuplicates().allMatch(Ports::isFree);
	}

}
