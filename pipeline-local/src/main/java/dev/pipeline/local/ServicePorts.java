package dev.pipeline.local;

/**
 * Where the services listen. The ingress serves its API on {@code server.port}; every
 * service serves its actuator (health with details, Prometheus) on
 * {@code management.server.port}, bound to loopback. The workers have no API, so their
 * management port is their only one.
 */
public record ServicePorts(int api, int ingressManagement, int predictorManagement, int aggregatorManagement,
		int analystManagement) {

	public int management(Service service) {
		return switch (service) {
			case INGRESS_API -> this.ingressManagement;
			case PREDICTOR_WORKER -> this.predictorManagement;
			case METRICS_AGGREGATOR -> this.aggregatorManagement;
			case ANALYST_WORKER -> this.analystManagement;
		};
	}

}
