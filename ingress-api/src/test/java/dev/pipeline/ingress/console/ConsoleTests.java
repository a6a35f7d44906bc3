package dev.pipeline.ingress.console;

import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pipeline.ingress.Http;
import dev.pipeline.ingress.IngressIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console is served to anyone, from the jar, with headers that keep a page holding a
 * key in session storage from running anything but its own files: every page and asset it
 * references, followed from the page through its module imports, answers 200 without a
 * credential, so a WebJar version in an import that the pom no longer ships fails here
 * rather than in a browser.
 */
class ConsoleTests extends IngressIntegrationTest {

	private static final Pattern REFERENCE = Pattern
		.compile("(?:src|href)=\"(/[^\"]+)\"|(?:from|import)\\s*\\(?\\s*'(/[^']+)'");

	@Test
	void shouldServeThePageWithoutACredentialUnderAStrictContentSecurityPolicy() {
		HttpResponse<String> page = new Http(this.serverPort).get("/console");

		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
				"frame-ancestors 'none'");
		assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(page.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("no-cache"));
		// Nothing inline for the policy to allow: no script body, no handler attribute,
		// no style attribute.
		assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
			.doesNotContainPattern("\\son[a-z]+=")
			.doesNotContainPattern("\\sstyle=");
	}

	@Test
	void shouldServeEveryAssetThePageLoadsPubliclyAndHoldNoSecret() {
		Http anonymous = new Http(this.serverPort);
		Set<String> seen = new LinkedHashSet<>();
		List<String> pending = new java.util.ArrayList<>(references(anonymous.get("/console").body()));
		while (!pending.isEmpty()) {
			String path = pending.remove(0);
			if (!seen.add(path)) {
				continue;
			}
			HttpResponse<String> asset = anonymous.get(path);
			assertThat(asset.statusCode()).as(path).isEqualTo(200);
			assertThat(asset.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
			assertThat(asset.headers().firstValue("Cache-Control")).as(path).isPresent();
			assertThat(asset.body()).as(path).doesNotContain(ADMIN_TOKEN);
			if (path.endsWith(".js")) {
				// A module script with nosniff runs only under a JavaScript type.
				assertThat(asset.headers().firstValue("Content-Type")).as(path)
					.hasValueSatisfying((type) -> assertThat(type).startsWith("text/javascript"));
				pending.addAll(references(asset.body()));
			}
		}
		assertThat(seen).anyMatch((path) -> path.startsWith("/webjars/uplot/"))
			.anyMatch((path) -> path.startsWith("/console/"));
	}

	@Test
	void shouldLetBrowsersKeepTheVersionedChartLibraryAndRevalidateTheConsole() {
		Http anonymous = new Http(this.serverPort);
		String library = references(anonymous.get("/console/charts.js").body()).stream()
			.filter((path) -> path.startsWith("/webjars/uplot/"))
			.findFirst()
			.orElseThrow();

		assertThat(anonymous.get(library).headers().firstValue("Cache-Control"))
			.hasValueSatisfying((cache) -> assertThat(cache).contains("max-age=31536000", "immutable"));
		HttpResponse<String> script = anonymous.get("/console/app.js");
		String lastModified = script.headers().firstValue("Last-Modified").orElseThrow();
		assertThat(anonymous.get("/console/app.js", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
	}

	@Test
	void shouldKeepEveryOtherPathProtected() {
		Http anonymous = new Http(this.serverPort);

		assertThat(anonymous.get("/v1/models").statusCode()).isEqualTo(401);
		// Only the console's own library is public, not every WebJar on the class path.
		assertThat(anonymous.get("/webjars/swagger-ui/index.html").statusCode()).isEqualTo(401);
		// A console path is public only as written: no spelling reaches another route.
		assertThat(anonymous.get("/console/..%2Fv1%2Fmodels").statusCode()).isEqualTo(400);
	}

	private static List<String> references(String text) {
		List<String> paths = new java.util.ArrayList<>();
		Matcher matcher = REFERENCE.matcher(text);
		while (matcher.find()) {
			paths.add((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2));
		}
		return paths;
	}

}
