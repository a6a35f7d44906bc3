package dev.pipeline.ingress.system;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The ids of one HTTP request. A client's {@code X-Request-Id} is a correlation value
 * only: it is echoed and stored, but never names a prediction or job, because ids are
 * shared by every account and a client-chosen one could name another account's rows.
 *
 * @param requestId the response's {@code X-Request-Id}: the client's own when it sent a
 * usable one, else {@code serverId}
 * @param serverId generated here; the id of the prediction or job this request creates
 * @param clientRequestId the client's own {@code X-Request-Id}, when it sent a usable one
 */
public record RequestIds(String requestId, String serverId, @Nullable String clientRequestId) {

	/**
	 * The ids of a request whose client sent {@code clientRequestId} (or none, when
	 * null).
	 */
	public static RequestIds of(@Nullable String clientRequestId) {
		String serverId = UUID.randomUUID().toString();
		return new RequestIds((clientRequestId != null) ? clientRequestId : serverId, serverId, clientRequestId);
	}

}
