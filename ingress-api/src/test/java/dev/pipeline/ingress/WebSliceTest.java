package dev.pipeline.ingress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.pipeline.ingress.account.AuthenticationFilter;
import dev.pipeline.ingress.account.RevokedKeyFilter;
import dev.pipeline.ingress.ratelimit.FailedAuthenticationFilter;
import dev.pipeline.ingress.ratelimit.RateLimitFilter;
import dev.pipeline.ingress.system.HttpEdgeProperties;
import dev.pipeline.ingress.system.ProblemWriter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * A {@link WebMvcTest} slice of the ingress: the named controllers with the problem
 * handler, the {@code Caller} argument resolver and the servlet filters of the HTTP edge
 * that need no dependency (request ids, body size, canonical paths), on MockMvc. The
 * authentication filter and the rate limiters, with the account and Redis beans they
 * need, are left out: a test sets the caller as the request attribute
 * ({@code Caller.ATTRIBUTE}) the authentication filter would set. The services behind the
 * controllers are {@code @MockitoBean}s of the test.
 *
 * <p>
 * Slices test what the web layer alone decides (status, problem+json, validation).
 * Whatever depends on the container (Tomcat's path and header handling, body limits on
 * the wire, error pages) or on Kafka, PostgreSQL or Redis is tested on a real server
 * (IngressIntegrationTest).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
		classes = { AuthenticationFilter.class, RevokedKeyFilter.class, RateLimitFilter.class,
				FailedAuthenticationFilter.class }))
@Import(ProblemWriter.class)
@EnableConfigurationProperties(HttpEdgeProperties.class)
public @interface WebSliceTest {

	/** The controllers to test. */
	@AliasFor(annotation = WebMvcTest.class, attribute = "controllers")
	Class<?>[] value();

}
