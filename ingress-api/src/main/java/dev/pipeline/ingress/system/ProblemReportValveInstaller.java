package dev.pipeline.ingress.system;

import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Replaces Tomcat's HTML error report valve on the host with {@link ProblemReportValve}.
 * Boot adds its own {@link ErrorReportValve} to the host from a context customizer, so
 * this one runs last and removes whatever report valve is there; naming our class as the
 * host's report valve keeps Tomcat from adding its default one when the host starts.
 */
@Component
class ProblemReportValveInstaller implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ProblemWriter problems;

	ProblemReportValveInstaller(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> install(context.getParent()));
	}

	private void install(Container host) {
		Pipeline pipeline = host.getPipeline();
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve) {
				pipeline.removeValve(valve);
			}
		}
		pipeline.addValve(new ProblemReportValve(this.problems));
		if (host instanceof StandardHost standardHost) {
			standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
		}
	}

}
