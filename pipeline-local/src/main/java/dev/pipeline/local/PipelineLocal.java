package dev.pipeline.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./pipeline-local.sh}: starts the whole pipeline on real servers, prints where it
 * is, and runs until Ctrl-C or SIGTERM, then stops every process it started.
 */
public final class PipelineLocal {

	private static final Logger log = LoggerFactory.getLogger(PipelineLocal.class);

	private PipelineLocal() {
	}

	public static void main(String[] args) {
		boolean wipe = Arrays.asList(args).contains("--wipe");
		Path home = Path.of(System.getProperty("pipeline.home", ".")).toAbsolutePath().normalize();
		long started = System.nanoTime();
		LocalStack stack;
		try {
			LocalStackSettings settings = LocalStackSettings.fromEnvironment(System.getenv(), home, wipe);
			stack = new LocalStack(settings);
			Thread starter = Thread.currentThread();
			CountDownLatch startEnded = new CountDownLatch(1);
			CountDownLatch stopped = new CountDownLatch(1);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				System.out.println("Stopping the local stack...");
				if (startEnded.getCount() > 0) {
					// Ctrl-C while the services come up: the start gives up at its next
					// step and stops the services it started, which the stack does not
					// know yet.
					starter.interrupt();
					awaitQuietly(startEnded);
				}
				stack.close();
				stopStragglers();
				stopped.countDown();
				System.out.println("Stopped.");
			}, "local-stack-stop"));
			try {
				stack.start();
			}
			finally {
				startEnded.countDown();
			}
			printBanner(stack, settings, (System.nanoTime() - started) / 1_000_000_000.0);
			awaitQuietly(stopped);
		}
		catch (LocalStackException | IllegalStateException ex) {
			// Both carry a message written for the user (ports, directories, servers).
			System.err.println();
			System.err.println("The local stack did not start: " + ex.getMessage());
			log.debug("Start-up failure", ex);
			// The shutdown hook stops whatever had started.
			System.exit(1);
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A stop during start-up (Ctrl-C while the services come up) reaches the shutdown
	 * hook before the stack knows every service it started; those JVMs would outlive the
	 * launcher and keep its ports. In this JVM every child is the stack's, so whatever is
	 * still alive after {@link LocalStack#close()} is stopped the same way: SIGTERM, then
	 * a forced kill after the grace period.
	 */
	private static void stopStragglers() {
		List<ProcessHandle> stragglers = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
		stragglers.forEach(ProcessHandle::destroy);
		for (ProcessHandle straggler : stragglers) {
			try {
				straggler.onExit().get(20, TimeUnit.SECONDS);
			}
			catch (TimeoutException | ExecutionException ex) {
				straggler.destroyForcibly();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				straggler.destroyForcibly();
			}
		}
	}

	private static void printBanner(LocalStack stack, LocalStackSettings settings, double seconds) {
		String url = stack.ingressUrl();
		System.out.printf("""

				All healthy in %.1f s. The prediction pipeline is running.

				  Ingress API        %s   (OpenAPI: %s/v3/api-docs)
				  Health             %s/health
				  Management         %s   (health details, Prometheus; this machine only)
				  Kafka              %s
				  PostgreSQL         %s  (user postgres)
				  Redis              %s
				  Admin token        %s%s
				  Service logs       %s
				  Stack file         %s

				Try it:
				  KEY=$(curl -s -X POST %s/v1/admin/accounts -H 'X-Admin-Token: %s' \\
				        -H 'Content-Type: application/json' -d '{"name":"demo","quotaLimit":500,"ratePerMinute":60}' \\
				        | sed -E 's/.*"apiKey":"([^"]+)".*/\\1/')
				  curl -s -X POST %s/v1/models/sentiment/predict -H "Authorization: Bearer $KEY" \\
				       -H 'Content-Type: application/json' -d '{"inputs":["I love this product"]}'

				Press Ctrl-C to stop everything.
				""", seconds, url, url, url, stack.ingressManagementUrl(), stack.kafkaBootstrapServers(),
				stack.jdbcUrl(), stack.redisUrl(), settings.adminToken(),
				settings.adminTokenGenerated() ? "  (generated; set PIPELINE_ADMIN_TOKEN to fix it)" : "",
				stack.data().logs(), stack.data().stackFile(), url, settings.adminToken(), url);
	}

}
