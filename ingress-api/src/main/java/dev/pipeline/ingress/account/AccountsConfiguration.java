package dev.pipeline.ingress.account;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the background jobs of this feature: last-use batching and the quota sync. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AccountsConfiguration {

}
