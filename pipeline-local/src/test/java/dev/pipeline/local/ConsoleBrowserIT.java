package dev.pipeline.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console (docs/console.md) in a real browser against the whole stack: Debian's
 * headless Chromium driven through its own chromedriver (named explicitly, so Selenium
 * Manager never downloads one). A machine without {@code chromium} (or
 * {@code chromium-browser}, {@code google-chrome}) and {@code chromedriver} on its PATH
 * skips these tests, saying so ({@code .ci/run} installs them). Every test ends with the
 * browser's console free of errors: a script error, a refused request, a blocked resource
 * or a Content-Security-Policy violation all log one.
 *
 * <p>
 * With {@code -Dpipeline.console.screenshots=docs/console} (a directory under the
 * project), the alert test also saves the sections of the console under load as PNGs for
 * docs/console.md.
 */
class ConsoleBrowserIT {

	private static final Duration WAIT = Duration.ofSeconds(30);

	/**
	 * An alert is raised once stream time passes a one-minute window's end plus 10 s
	 * (docs/metrics.md), so up to about 80 s of traffic.
	 */
	private static final Duration ALERT_WAIT = Duration.ofMinutes(4);

	/** Callers and duration of the load behind the screenshots. */
	private static final int SCREENSHOT_CALLERS = 8;

	private static final Duration SCREENSHOT_LOAD = Duration.ofMinutes(3);

	private static ChromeDriver browser;

	private final RunningPipeline pipeline = RunningPipeline.get();

	private final PipelineClient client = PipelineClient.forNewAccount(this.pipeline);

	private final List<String> consoleErrors = new ArrayList<>();

	@BeforeAll
	static void startBrowser() {
		// Debian's name first; Ubuntu's and Google's builds (as on GitHub's runners) work
		// too.
		Optional<Path> chromium = onPath("chromium").or(() -> onPath("chromium-browser"))
			.or(() -> onPath("google-chrome"));
		Optional<Path> chromedriver = onPath("chromedriver");
		assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
				"chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver);"
						+ " the console's browser tests are skipped");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(chromedriver.get().toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.get().toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,2400");
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void openTheConsoleSignedOut() {
		browser.get(this.pipeline.ingressUrl() + "/console");
		browser.executeScript("sessionStorage.clear()");
		browser.navigate().refresh();
		drainConsole();
		this.consoleErrors.clear();
	}

	@Test
	void shouldShowTheLabelOfAPredictionTypedIntoTheForm() {
		String text = "What a wonderful, friendly and helpful service.";
		signIn("API key", this.client.apiKey());
		new Select(browser.findElement(By.id("try-model"))).selectByValue("sentiment");

		WebElement input = visible(By.id("try-text"));
		input.clear();
		input.sendKeys(text);
		browser.findElement(By.id("predict")).click();

		String expected = this.client.post("/v1/models/sentiment/predict", """
				{"inputs": [%s]}""".formatted(quoted(text))).body().at("/outputs/0/label").asString();
		wait(WAIT).until(ExpectedConditions.textToBe(By.id("prediction-label"), expected));
		assertNoConsoleErrors();
	}

	@Test
	void shouldTurnASubmittedJobsRowSucceededOverServerSentEventsWithoutAReload() {
		signIn("API key", this.client.apiKey());
		new Select(browser.findElement(By.id("try-model"))).selectByValue("sentiment");
		visible(By.id("try-text")).sendKeys(" and a job");
		browser.executeScript("window.notReloaded = true");

		browser.findElement(By.id("submit-job")).click();

		WebElement row = wait(WAIT)
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs tr[data-job-id]")));
		String id = row.getAttribute("data-job-id");
		wait(WAIT).until(ExpectedConditions.attributeToBe(row, "data-status", "SUCCEEDED"));
		assertThat(browser.executeScript("return window.notReloaded === true")).as("the page was not reloaded")
			.isEqualTo(true);
		assertThat(browser.executeScript("""
				return performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(arguments[0]))""",
				"/v1/jobs/" + id + "/events"))
			.as("the row followed the job's event stream")
			.isEqualTo(true);
		assertThat(this.client.get("/v1/jobs/" + id).body().get("status").asString()).isEqualTo("SUCCEEDED");
		assertNoConsoleErrors();
	}

	@Test
	void shouldLetTheAdminSetAThresholdAndShowTheAlertItRaises() throws IOException {
		signIn("Admin token", RunningPipeline.ADMIN_TOKEN);
		WebElement editor = visible(By.id("threshold-editor"));
		new Select(editor.findElement(By.name("model"))).selectByValue("sentiment");
		WebElement latency = editor.findElement(By.name("p95LatencyMs"));
		latency.clear();
		// Every window with a result breaches it.
		latency.sendKeys("0.001");
		editor.findElement(By.cssSelector("button[type=submit]")).click();
		wait(WAIT).until(ExpectedConditions
			.textToBePresentInElementLocated(By.cssSelector("#thresholds tr[data-model=sentiment]"), "0.001"));

		ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
		try {
			load.scheduleAtFixedRate(this::predictOnce, 0, 100, TimeUnit.MILLISECONDS);
			wait(ALERT_WAIT).until(ExpectedConditions.presenceOfElementLocated(
					By.cssSelector("#alerts tr.new[data-model=sentiment][data-metric=p95LatencyMs]")));
			saveScreenshots();
		}
		finally {
			load.shutdownNow();
			// No limit is checked once more, so no other test sees this one's alerts.
			this.client.put("/v1/metrics/thresholds", "{\"model\": \"sentiment\"}", "X-Admin-Token",
					RunningPipeline.ADMIN_TOKEN);
		}
		assertNoConsoleErrors();
	}

	@Test
	void shouldShowWhoWroteAReportAndWhetherItCameFromTheCache() {
		signIn("API key", this.client.apiKey());
		WebElement form = visible(By.id("analysis"));
		new Select(form.findElement(By.name("model"))).selectByValue("sentiment");

		form.findElement(By.cssSelector("button[type=submit]")).click();
		// Without a Gemini key (as in the tests) the analyst writes the rule-based
		// report.
		wait(WAIT)
			.until(ExpectedConditions.or(ExpectedConditions.textToBe(By.id("report-source"), "rule-based fallback"),
					ExpectedConditions.textToBe(By.id("report-source"), "by gemini")));
		// Fresh unless another test of the shared stack asked for the same report first
		// (reports are cached per model and window); the second ask below is cached
		// either
		// way.
		assertThat(browser.findElement(By.id("report-cached")).getText()).isIn("freshly written", "from the cache");
		assertThat(browser.findElement(By.id("report-text")).getText()).isNotBlank();

		// Reports are cached per minute of asking (ReportCacheKey.BUCKET): an ask in the
		// next minute is written afresh. Asks seconds apart cross at most one minute's
		// end, so of three asks in a row one is answered from the cache.
		List<String> answers = new ArrayList<>();
		while (answers.size() < 3 && !answers.contains("from the cache")) {
			((JavascriptExecutor) browser).executeScript("document.getElementById('report-cached').textContent = ''");
			wait(WAIT).until(ExpectedConditions.elementToBeClickable(form.findElement(By.cssSelector("button"))))
				.click();
			wait(WAIT).until((driver) -> !driver.findElement(By.id("report-cached")).getText().isEmpty());
			answers.add(browser.findElement(By.id("report-cached")).getText());
		}
		assertThat(answers).contains("from the cache");
		assertNoConsoleErrors();
	}

	@Test
	void shouldForgetTheCredentialOnSignOutAndNeverPutItInTheUrlOrPage() {
		signIn("API key", this.client.apiKey());
		assertThat(browser.getCurrentUrl()).doesNotContain(this.client.apiKey());
		assertThat(browser.getPageSource()).doesNotContain(this.client.apiKey());
		assertThat(browser.findElement(By.id("threshold-editor")).isDisplayed()).as("the editor is the admin's")
			.isFalse();

		browser.findElement(By.id("sign-out")).click();

		visible(By.id("sign-in"));
		assertThat(browser.executeScript("return sessionStorage.length + localStorage.length")).isEqualTo(0L);
		assertNoConsoleErrors();
	}

	private void signIn(String kind, String secret) {
		new Select(visible(By.id("credential-kind"))).selectByVisibleText(kind);
		browser.findElement(By.id("secret")).sendKeys(secret);
		browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
		visible(By.id("console"));
		// Signed in once the models are loaded into the forms.
		wait(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#try-model option")));
	}

	private void predictOnce() {
		this.client.post("/v1/models/sentiment/predict", "{\"inputs\": [\"steady traffic for the charts\"]}");
	}

	/**
	 * The sections of the console under load, for docs/console.md, when
	 * {@code pipeline.console.screenshots} names a directory.
	 */
	private void saveScreenshots() throws IOException {
		String directory = System.getProperty("pipeline.console.screenshots");
		if (directory == null || directory.isBlank()) {
			return;
		}
		Path target = LocalStackIT.home().resolve(directory);
		Files.createDirectories(target);
		// Real load for the pictures: callers in a loop on both sentiment versions and
		// the
		// Kalman filter, long enough for the per-minute charts to show a few points. Only
		// when screenshots are asked for: the assertions need no more than the trickle
		// above.
		ExecutorService callers = Executors.newFixedThreadPool(SCREENSHOT_CALLERS);
		long until = System.nanoTime() + SCREENSHOT_LOAD.toNanos();
		List<String> bodies = List.of("{\"inputs\": [\"a calm and pleasant afternoon\"]}",
				"{\"inputs\": [\"late, broken and rude\"], \"modelVersion\": \"2\"}");
		for (int i = 0; i < SCREENSHOT_CALLERS; i++) {
			int caller = i;
			callers.execute(() -> {
				while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
					if (caller == 0) {
						this.client.post("/v1/models/kalman/predict", "{\"inputs\": [[1, 2, 3, 2, 5, 4, 6]]}");
					}
					else {
						this.client.post("/v1/models/sentiment/predict", bodies.get(caller % bodies.size()));
					}
				}
			});
		}
		callers.shutdown();
		try {
			if (!callers.awaitTermination(SCREENSHOT_LOAD.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
				callers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			callers.shutdownNow();
			Thread.currentThread().interrupt();
		}
		// The charts show a few minutes once the next refresh has drawn them.
		wait(WAIT).until((driver) -> !driver.findElements(By.cssSelector("#throughput-chart canvas")).isEmpty());
		Select model = new Select(browser.findElement(By.id("try-model")));
		model.selectByValue("kalman");
		browser.findElement(By.id("predict")).click();
		visible(By.id("series-chart"));
		wait(WAIT).until((driver) -> !driver.findElements(By.cssSelector("#series-chart canvas")).isEmpty());
		browser.findElement(By.id("submit-job")).click();
		wait(WAIT).until(ExpectedConditions.attributeToBe(By.cssSelector("#jobs tbody tr:first-child"), "data-status",
				"SUCCEEDED"));
		for (String section : List.of("metrics-section", "alerts-section", "try-section", "jobs-section")) {
			WebElement element = browser.findElement(By.id(section));
			browser.executeScript("arguments[0].scrollIntoView()", element);
			byte[] png = element.getScreenshotAs(OutputType.BYTES);
			Files.write(target.resolve(section.replace("-section", "") + ".png"), png);
		}
	}

	private static WebElement visible(By locator) {
		return wait(WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	private static WebDriverWait wait(Duration timeout) {
		return new WebDriverWait(browser, timeout);
	}

	/** The errors the browser logged since the last look, kept for the assertion. */
	private void drainConsole() {
		for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
			if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
				this.consoleErrors.add(entry.getMessage());
			}
		}
	}

	private void assertNoConsoleErrors() {
		drainConsole();
		assertThat(this.consoleErrors).as("errors in the browser's console").isEmpty();
	}

	private static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static Optional<Path> onPath(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, tool);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
