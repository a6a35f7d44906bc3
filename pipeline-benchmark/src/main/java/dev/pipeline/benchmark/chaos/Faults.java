package dev.pipeline.benchmark.chaos;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.pipeline.local.LocalStack;
import dev.pipeline.local.PipelineServices;
import dev.pipeline.local.RestartableServer;
import dev.pipeline.local.Service;
import dev.pipeline.local.ServiceProcess;
import dev.pipeline.servers.KafkaBroker;
import dev.pipeline.servers.Ports;

/** The faults the harness can inject, by their number in issue 12. */
final class Faults {

	/** The numbers {@code --faults} accepts, in the order they run by default. */
	static final List<Integer> AVAILABLE = List.of(1, 2, 3, 5, 6, 7, 8, 4);

	/**
	 * The broker fault: a run that includes it runs on a local cluster of three brokers
	 * ({@code PIPELINE_BROKERS=3}), every other fault of the run too.
	 */
	static final int BROKER_LOST = 4;

	private Faults() {
	}

	/**
	 * @param gemini where the stack's analyst finds Gemini (fault 8 makes it slow, then
	 * unreachable)
	 */
	static Fault byNumber(int number, GeminiStandIn gemini) {
		return switch (number) {
			case 1 -> new KillAndRestart(1, "predictor kill -9 + restart", Service.PREDICTOR_WORKER);
			case 2 -> new SecondWorkerSurvives();
			case 3 -> new IngressKilledUnderSyncCallers();
			case BROKER_LOST -> new BrokerLost();
			case 8 -> new SlowGemini(gemini);
			case 5 -> new KillAndRestart(5, "aggregator kill -9 + restart", Service.METRICS_AGGREGATOR);
			case 6 -> new RedisRestartAndOutage();
			case 7 -> new ServerOutage(7, "PostgreSQL stopped", LocalStack::postgres);
			default ->
				throw new IllegalArgumentException("Fault " + number + " is not implemented; choose from " + AVAILABLE);
		};
	}

	/**
	 * {@code kill -9} of a service mid-work, a pause, a restart with the same settings.
	 */
	record KillAndRestart(int number, String name, Service service) implements Fault {

		@Override
		public void inject(LocalStack stack, ChaosTiming timing) throws Exception {
			ServiceProcess process = stack.services().process(this.service);
			process.kill();
			ChaosTiming.pause(timing.down());
			stack.services().restart(process);
		}

	}

	/**
	 * Two predictor workers share the group; the first is killed for good and the
	 * survivor takes its partitions once the group notices (the session timeout).
	 */
	record SecondWorkerSurvives() implements Fault {

		@Override
		public int number() {
			return 2;
		}

		@Override
		public String name() {
			return "1 of 2 predictors killed for good";
		}

		@Override
		public List<String> prepare(LocalStack stack) {
			stack.services().startInstance(Service.PREDICTOR_WORKER, "2", Ports.free(), Map.of());
			return List.of();
		}

		@Override
		public void inject(LocalStack stack, ChaosTiming timing) {
			PipelineServices services = stack.services();
			services.killForGood(services.process(Service.PREDICTOR_WORKER));
		}

	}

	/**
	 * A second ingress instance beside the first, the load balanced over both; the second
	 * is killed for good while synchronous callers wait on it.
	 */
	static final class IngressKilledUnderSyncCallers implements Fault {

		private ServiceProcess second;

		@Override
		public int number() {
			return 3;
		}

		@Override
		public String name() {
			return "1 of 2 ingresses killed (sync waiting)";
		}

		@Override
		public List<String> prepare(LocalStack stack) {
			List<Integer> ports = Ports.free(2);
			this.second = stack.services()
				.startInstance(Service.INGRESS_API, "2", ports.get(1),
						Map.of("server.port", String.valueOf(ports.get(0))));
			return List.of("http://localhost:" + ports.get(0));
		}

		@Override
		public void inject(LocalStack stack, ChaosTiming timing) {
			stack.services().killForGood(this.second);
		}

	}

	/**
	 * One of three brokers stopped for good (in the harness's JVM, so a shutdown, not a
	 * SIGKILL): its partitions' leadership moves to the others, which still make a
	 * majority for the KRaft quorum and for {@code min.insync.replicas=2}.
	 */
	record BrokerLost() implements Fault {

		@Override
		public int number() {
			return BROKER_LOST;
		}

		@Override
		public String name() {
			return "1 of 3 brokers stopped for good";
		}

		@Override
		public void inject(LocalStack stack, ChaosTiming timing) {
			List<RestartableServer<KafkaBroker>> brokers = stack.brokers();
			if (brokers.size() < 3) {
				throw new IllegalStateException("fault 4 needs the three-broker stack");
			}
			brokers.get(brokers.size() - 1).stop();
		}

	}

	/** Redis restarted at once, then stopped for the outage and started again. */
	record RedisRestartAndOutage() implements Fault {

		@Override
		public int number() {
			return 6;
		}

		@Override
		public String name() {
			return "Redis restart, then down";
		}

		@Override
		public void inject(LocalStack stack, ChaosTiming timing) throws Exception {
			RestartableServer<?> redis = stack.redis();
			redis.stop();
			redis.start();
			ChaosTiming.pause(timing.down());
			redis.stop();
			ChaosTiming.pause(timing.outage());
			redis.start();
		}

	}

	/** A server stopped for the outage and started again on the same data. */
	record ServerOutage(int number, String name, Function<LocalStack, RestartableServer<?>> server) implements Fault {

		@Override
		public void inject(LocalStack stack, ChaosTiming timing) throws Exception {
			RestartableServer<?> stopped = this.server.apply(stack);
			stopped.stop();
			ChaosTiming.pause(timing.outage());
			stopped.start();
		}

	}

}
