package dev.pipeline.aggregator.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Periodic work (retention purge, threshold reload) and the clock it reads. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
