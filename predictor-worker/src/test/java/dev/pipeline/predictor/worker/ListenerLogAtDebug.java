package dev.pipeline.predictor.worker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Turns the request listener's log to DEBUG for each test, where it writes one line per
 * answer with the request's trace and request ids (what the trace tests read), and gives
 * it back its level after, so no other test of the shared context logs every answer.
 */
final class ListenerLogAtDebug implements BeforeEachCallback, AfterEachCallback {

	private final Logger log = (Logger) LoggerFactory.getLogger(InferenceRequestListener.class);

	private @Nullable Level before;

	@Override
	public void beforeEach(ExtensionContext context) {
		this.before = this.log.getLevel();
		this.log.setLevel(Level.DEBUG);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		this.log.setLevel(this.before);
	}

}
