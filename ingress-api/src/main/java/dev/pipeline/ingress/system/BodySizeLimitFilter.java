package dev.pipeline.ingress.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rejects bodies over {@code ingress.http.max-body-size} with 413 without reading them: a
 * declared {@code Content-Length} over the limit is refused at once, and a body without
 * one (chunked) is read through a counting stream that fails as soon as the limit is
 * passed.
 * <p>
 * A body sent with {@code Content-Encoding: gzip} is decompressed here, and the limit
 * applies twice: to the bytes on the wire and to the bytes decompressed from them, so a
 * small compressed body that inflates to gigabytes (a zip bomb) is cut off after
 * {@code max-body-size} bytes of output, with the same 413, and never held in memory.
 * Other content codings are answered 415; the handlers see a plain body either way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long limit;

	private final ProblemWriter problemWriter;

	BodySizeLimitFilter(HttpEdgeProperties properties, ProblemWriter problemWriter) {
		this.limit = properties.maxBodySize().toBytes();
		this.problemWriter = problemWriter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			this.problemWriter.write(request, response, tooLarge(this.limit));
			return;
		}
		String coding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
		if (coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity")) {
			chain.doFilter(new LimitedRequest(request, this.limit), response);
		}
		else if (coding.trim().equalsIgnoreCase("gzip")) {
			chain.doFilter(new GzipRequest(request, this.limit), response);
		}
		else {
			this.problemWriter.write(request, response, unsupportedCoding(coding));
		}
	}

	static ApiProblem unsupportedCoding(String coding) {
		return new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-content-encoding",
				"Unsupported content encoding",
				"Send the body uncompressed or with Content-Encoding: gzip, not " + coding.strip() + ".");
	}

	static ApiProblem tooLarge(long limit) {
		return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
				"The request body must not exceed " + limit + " bytes.")
			.with("maxBytes", limit);
	}

	private static class LimitedRequest extends HttpServletRequestWrapper {

		protected final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = body(new LimitedStream(super.getInputStream(), this.limit));
			}
			return this.stream;
		}

		/** The body the handlers read, from the bytes on the wire (already limited). */
		ServletInputStream body(ServletInputStream wire) {
			return wire;
		}

	}

	/**
	 * The body decompressed, for the handlers as if it had come plain: no
	 * {@code Content-Encoding}, and no {@code Content-Length} (the declared one counts
	 * compressed bytes).
	 */
	private static final class GzipRequest extends LimitedRequest {

		GzipRequest(HttpServletRequest request, long limit) {
			super(request, limit);
		}

		@Override
		ServletInputStream body(ServletInputStream wire) {
			return new LimitedStream(new InflatingStream(wire), this.limit);
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			return new BufferedReader(new InputStreamReader(getInputStream(),
					(encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return -1;
		}

		@Override
		public long getContentLengthLong() {
			return -1;
		}

		@Override
		public String getHeader(String name) {
			return isHidden(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(
					Collections.list(super.getHeaderNames()).stream().filter(name -> !isHidden(name)).toList());
		}

		private static boolean isHidden(String name) {
			return HttpHeaders.CONTENT_ENCODING.equalsIgnoreCase(name)
					|| HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name);
		}

	}

	/**
	 * {@link GZIPInputStream} as a servlet stream. Reads block: the handlers read bodies
	 * synchronously, and a non-blocking reader gets the plain stream's semantics only
	 * without a content coding.
	 */
	private static final class InflatingStream extends ServletInputStream {

		private final ServletInputStream compressed;

		private GZIPInputStream inflater;

		private boolean finished;

		InflatingStream(ServletInputStream compressed) {
			this.compressed = compressed;
		}

		private GZIPInputStream inflater() throws IOException {
			if (this.inflater == null) {
				this.inflater = new GZIPInputStream(this.compressed, 8192);
			}
			return this.inflater;
		}

		@Override
		public int read() throws IOException {
			int b = inflater().read();
			this.finished = b < 0;
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = inflater().read(buffer, offset, length);
			this.finished = n < 0;
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new IllegalStateException("A gzip request body is read blocking");
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long count;

		LimitedStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.count += n;
			if (this.count > this.limit) {
				throw new BodyTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
