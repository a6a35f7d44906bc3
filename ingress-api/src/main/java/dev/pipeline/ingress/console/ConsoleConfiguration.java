package dev.pipeline.ingress.console;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the console's files from the jar ({@code classpath:/console/}) at
 * {@code /console/...}, the page itself at {@code /console} (the canonical-path rule
 * refuses {@code /console/}), and the one WebJar it loads, uPlot, at
 * {@code /webjars/uplot/...}. {@code ProtectedRoutes} lists exactly these paths as
 * public; every other WebJar on the class path stays behind a credential.
 *
 * <p>
 * The console's own files are not versioned in their names, so browsers keep them but
 * revalidate each time ({@code no-cache}: a 304 from their {@code Last-Modified} when
 * unchanged); the WebJar's path carries its version, so it is kept for a year unasked.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {

	static final String PAGE = "/console";

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController(PAGE).setViewName("forward:/console/index.html");
	}

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/console/**")
			.addResourceLocations("classpath:/console/")
			.setCacheControl(CacheControl.noCache().cachePublic());
		registry.addResourceHandler("/webjars/uplot/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/uplot/")
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
	}

}
