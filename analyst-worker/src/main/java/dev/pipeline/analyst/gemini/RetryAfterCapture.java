package dev.pipeline.analyst.gemini;

import java.io.IOException;

import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@code Retry-After} header of the last failed response for the calling
 * thread: the SDK's exceptions carry the body's message but not the headers. The SDK
 * calls OkHttp synchronously on the caller's thread, so the value is read back by the
 * same thread right after the exception.
 */
final class RetryAfterCapture implements Interceptor {

	private final ThreadLocal<@Nullable String> lastRetryAfter = new ThreadLocal<>();

	@Override
	public Response intercept(Chain chain) throws IOException {
		this.lastRetryAfter.remove();
		Response response = chain.proceed(chain.request());
		if (!response.isSuccessful()) {
			this.lastRetryAfter.set(response.header("Retry-After"));
		}
		return response;
	}

	/** The header of this thread's last failed response, forgotten once read. */
	@Nullable String take() {
		String value = this.lastRetryAfter.get();
		this.lastRetryAfter.remove();
		return value;
	}

}
