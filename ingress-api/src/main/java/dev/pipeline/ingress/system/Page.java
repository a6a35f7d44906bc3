package dev.pipeline.ingress.system;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * One page of a list.
 *
 * @param items the rows of this page, in list order
 * @param next the cursor of the following page; {@code null} on the last page
 */
public record Page<T>(List<T> items, @Nullable String next) {

	/**
	 * The answer with the page's body and, when another page follows, a
	 * {@code Link: <...>; rel="next"} header (RFC 8288): this request's path and query
	 * with the next cursor, relative, so it holds behind a proxy that rewrites the host.
	 * @param body makes the typed body from the items and the next cursor
	 */
	public <B> ResponseEntity<B> respond(HttpServletRequest request, BiFunction<List<T>, @Nullable String, B> body) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (this.next != null) {
			response.header(HttpHeaders.LINK, "<" + nextUri(request, this.next) + ">; rel=\"next\"");
		}
		return response.body(body.apply(this.items, this.next));
	}

	/**
	 * The query as the client sent it (still encoded), without its cursor, plus the next
	 * one; base64url needs no encoding.
	 */
	private static String nextUri(HttpServletRequest request, String next) {
		List<String> parameters = new ArrayList<>();
		String query = request.getQueryString();
		if (query != null) {
			for (String parameter : query.split("&")) {
				if (!parameter.isEmpty() && !parameter.equals(PageRequest.CURSOR)
						&& !parameter.startsWith(PageRequest.CURSOR + "=")) {
					parameters.add(parameter);
				}
			}
		}
		parameters.add(PageRequest.CURSOR + "=" + next);
		return request.getRequestURI() + "?" + String.join("&", parameters);
	}

}
