package dev.pipeline.benchmark.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.pipeline.benchmark.report.GitCommit;
import dev.pipeline.benchmark.report.Machine;
import dev.pipeline.benchmark.stack.BenchmarkAccount;
import dev.pipeline.benchmark.stack.ConsumerLagSampler;
import dev.pipeline.benchmark.target.IngressClient;
import dev.pipeline.benchmark.target.KafkaDirect;
import dev.pipeline.benchmark.target.Workload;
import dev.pipeline.contracts.PipelineJson;
import dev.pipeline.contracts.Topics;
import dev.pipeline.local.LocalStack;
import dev.pipeline.local.LocalStackSettings;
import dev.pipeline.local.Service;
import dev.pipeline.servers.Ports;
import dev.pipeline.servers.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the fault harness: a local stack of its own (its own data directory, free
 * loopback ports), then each fault in turn under a fresh account and a fresh ledger —
 * load, fault, repair, more load, reconciliation — and the report. The stack is stopped
 * at the end, on failure, and on Ctrl-C (a shutdown hook), so nothing is left running.
 */
public final class ChaosRun {

	private static final Logger logger = LoggerFactory.getLogger(ChaosRun.class);

	private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneOffset.UTC);

	/**
	 * Every request comes from one address: the per-client-IP limit (docs/accounts.md) is
	 * raised out of reach, as the benchmark does, so it still runs but never refuses.
	 */
	private static final Map<String, String> INGRESS_PROPERTIES = Map.of("ingress.rate-limit.per-ip-per-minute",
			"100000000");

	/** Each service JVM's heap: five or six of them share the machine. */
	static final String SERVICE_JAVA_OPTIONS = "-Xmx512m";

	private final ChaosOptions options;

	public ChaosRun(ChaosOptions options) {
		this.options = options;
	}

	/** Starts the stack, runs every fault, writes the results; returns them. */
	public List<FaultReport> run() throws Exception {
		Instant started = Instant.now();
		Machine machine = Machine.current();
		Path folder = this.options.out().resolve("chaos-" + FOLDER.format(started));
		Files.createDirectories(folder);
		GeminiStandIn gemini = new GeminiStandIn(Ports.free());
		// The analyst calls the stand-in, with a made-up key: never Google's endpoint.
		LocalStack stack = new LocalStack(settings(), Map.of(Service.INGRESS_API, INGRESS_PROPERTIES,
				Service.ANALYST_WORKER,
				Map.of("analyst.gemini.base-url", gemini.baseUrl(), "analyst.gemini.api-key", "chaos-not-a-key")));
		Thread stopper = new Thread(stack::close, "chaos-stack-stop");
		Runtime.getRuntime().addShutdownHook(stopper);
		List<FaultReport> reports = new ArrayList<>();
		try {
			logger.info("Starting the harness's own stack in {}", this.options.dataDir());
			stack.start();
			reports = runFaults(stack, gemini);
		}
		finally {
			stack.close();
			gemini.close();
			Runtime.getRuntime().removeShutdownHook(stopper);
			write(folder, machine, stack.logs(), reports);
		}
		return reports;
	}

	private LocalStackSettings settings() {
		List<Integer> ports = Ports.free(9);
		byte[] token = new byte[24];
		new SecureRandom().nextBytes(token);
		return new LocalStackSettings(this.options.home(), this.options.dataDir(), true, ports.get(0), ports.get(1),
				ports.get(2), ports.get(3), ports.get(4), ports.get(5), ports.get(6), ports.get(7), ports.get(8), 3,
				"adm_" + HexFormat.of().formatHex(token), true, SERVICE_JAVA_OPTIONS,
				this.options.faults().contains(Faults.BROKER_LOST) ? 3 : 1,
				LocalStackSettings.serviceStartTimeout(System.getenv()),
				LocalStackSettings.classDataSharing(System.getenv()), LocalStackSettings.topics(System.getenv()));
	}

	private List<FaultReport> runFaults(LocalStack stack, GeminiStandIn gemini) throws Exception {
		List<FaultReport> reports = new ArrayList<>();
		Workload workload = Workload.load(null);
		ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
			Thread thread = new Thread(runnable, "chaos-fault");
			thread.setDaemon(true);
			return thread;
		});
		try (KafkaDirect kafka = KafkaDirect.connect(stack.kafkaBootstrapServers(), stack.settings().topics())) {
			for (int number : this.options.faults()) {
				Fault fault = Faults.byNumber(number, gemini);
				logger.info("Fault {}: {}", number, fault.name());
				Future<FaultReport> run = runner.submit(() -> runFault(stack, fault, kafka, workload));
				FaultReport report;
				try {
					report = run.get(this.options.timing().deadline().toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					run.cancel(true);
					reports.add(new FaultReport(number, fault.name(), null, Map.of(), List.of(), null, -1,
							"not done within " + this.options.timing().deadline(), Map.of()));
					logger.error("Fault {} passed its deadline; the stack may be broken, the run stops", number);
					break;
				}
				reports.add(report);
				System.out.print(ChaosTable.render(List.of(report)));
				if (report.error() != null) {
					break;
				}
			}
		}
		finally {
			runner.shutdownNow();
		}
		return reports;
	}

	private FaultReport runFault(LocalStack stack, Fault fault, KafkaDirect kafka, Workload workload) throws Exception {
		String ingressUrl = stack.ingressUrl();
		BenchmarkAccount.Created account = BenchmarkAccount
			.create(ingressUrl, stack.settings().adminToken(), "chaos-" + fault.number() + "-" + System.nanoTime())
			.orElseThrow(() -> new IllegalStateException("the stack has no accounts API"));
		List<String> urls = new ArrayList<>(List.of(ingressUrl));
		urls.addAll(fault.prepare(stack));
		Ledger ledger = new Ledger();
		MixedLoad load = new MixedLoad(new IngressPool(urls, account.apiKey()), kafka, workload, ledger, account.id());
		ChaosTiming timing = this.options.timing();
		String error = null;
		long lagPeak;
		try (ConsumerLagSampler lag = new ConsumerLagSampler(stack.kafkaBootstrapServers(),
				stack.settings().topics().of(Topics.INFERENCE_REQUESTS))) {
			lag.start();
			load.start();
			try {
				ChaosTiming.pause(timing.before());
				ledger.faultInjected();
				fault.inject(stack, timing);
				ChaosTiming.pause(timing.after());
			}
			catch (RuntimeException ex) {
				error = ex.getMessage();
				logger.error("Fault {} failed", fault.number(), ex);
			}
			finally {
				load.stop();
			}
			lagPeak = ((Number) lag.stop().get("maxLag")).longValue();
		}
		Reconciliation reconciliation = new Reconciliation(stack.kafkaBootstrapServers(), stack.settings().topics(),
				stack.jdbcUrl() + "?user=" + PostgresServer.USER, new IngressClient(ingressUrl, account.apiKey()),
				account.id());
		Reconciliation.Outcome outcome = reconciliation.reconcile(ledger, timing.drain());
		return new FaultReport(fault.number(), fault.name(), outcome, ledger.refusals(), ledger.lostConnections(),
				ledger.secondsToRecover(), lagPeak, error, fault.findings());
	}

	private void write(Path folder, Machine machine, Path logs, List<FaultReport> reports) throws Exception {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("commit", GitCommit.describe(this.options.home()));
		all.put("machine", machine);
		all.put("loadAverageAtEnd", Machine.currentLoadAverage());
		all.put("timing", this.options.timing());
		all.put("serviceJavaOptions", SERVICE_JAVA_OPTIONS);
		all.put("serviceLogs", logs.toString());
		all.put("faults", reports);
		Files.writeString(folder.resolve("results.json"),
				PipelineJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(all));
		Files.writeString(folder.resolve("faults.csv"), ChaosTable.csv(reports));
		String table = ChaosTable.header(all.get("commit").toString(), machine) + ChaosTable.render(reports);
		Files.writeString(folder.resolve("table.txt"), table);
		System.out.println();
		System.out.print(table);
		System.out.println("Results in " + folder);
	}

}
