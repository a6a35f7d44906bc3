package dev.pipeline.ingress.job;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.pipeline.contracts.PipelineJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Server-Sent Events client for tests, on the JDK's HttpClient: reads the stream line
 * by line on the client's own thread and hands over each event, each comment and the end
 * of the stream, in order, as they arrive.
 */
final class EventStreamClient implements AutoCloseable {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Longest wait for the next item of a stream. */
	private static final Duration WAIT = Duration.ofSeconds(30);

	private final HttpResponse<Stream<String>> response;

	private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();

	/** One thing read from the stream: an event, a comment or its end. */
	sealed interface Item permits Event, Comment, End {

	}

	/** An event; {@code data} parsed as JSON, sent on {@code dataLines} lines. */
	record Event(@Nullable String name, @Nullable String id, JsonNode data, int dataLines) implements Item {
	}

	record Comment(String text) implements Item {
	}

	record End() implements Item {
	}

	private EventStreamClient(HttpResponse<Stream<String>> response) {
		this.response = response;
		if (response.statusCode() == 200) {
			CompletableFuture.runAsync(this::read);
		}
		else {
			this.items.add(new End());
		}
	}

	/**
	 * Opens {@code GET path} on the port with the given headers (name/value pairs) and
	 * waits for the response's head.
	 */
	static EventStreamClient open(int port, String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Accept", "text/event-stream")
			.GET();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return new EventStreamClient(CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
			.get(WAIT.toSeconds(), TimeUnit.SECONDS));
	}

	HttpResponse<Stream<String>> response() {
		return this.response;
	}

	/** The body of a response that is no stream (a problem), read whole. */
	JsonNode problem() {
		return PipelineJson.mapper().readTree(String.join("\n", this.response.body().toList()));
	}

	/** The next event, skipping comments; fails when the stream ends first. */
	Event nextEvent() throws InterruptedException {
		while (true) {
			Item item = next();
			if (item instanceof Event event) {
				return event;
			}
			assertThat(item).as("the stream ended before the next event").isNotInstanceOf(End.class);
		}
	}

	/** The next comment, skipping nothing: an event first fails. */
	Comment nextComment() throws InterruptedException {
		Item item = next();
		assertThat(item).isInstanceOf(Comment.class);
		return (Comment) item;
	}

	/** Waits for the end of the stream; fails on an event before it. */
	void awaitEnd() throws InterruptedException {
		while (true) {
			Item item = next();
			if (item instanceof End) {
				return;
			}
			assertThat(item).as("no more events before the end").isInstanceOf(Comment.class);
		}
	}

	/** The next item, within {@link #WAIT}. */
	Item next() throws InterruptedException {
		Item item = this.items.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(item).as("something on the stream within " + WAIT).isNotNull();
		return item;
	}

	@Override
	public void close() {
		this.response.body().close();
	}

	private void read() {
		String name = null;
		String id = null;
		List<String> data = new ArrayList<>();
		try (Stream<String> lines = this.response.body()) {
			for (String line : (Iterable<String>) lines::iterator) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						this.items.add(new Event(name, id, PipelineJson.mapper().readTree(String.join("\n", data)),
								data.size()));
					}
					name = null;
					id = null;
					data.clear();
				}
				else if (line.startsWith(":")) {
					this.items.add(new Comment(line.substring(1).trim()));
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).trim();
				}
				else if (line.startsWith("data:")) {
					data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
				}
			}
		}
		catch (RuntimeException ex) {
			// Closed by the test, or the server went away: either way the stream ended.
		}
		this.items.add(new End());
	}

}
