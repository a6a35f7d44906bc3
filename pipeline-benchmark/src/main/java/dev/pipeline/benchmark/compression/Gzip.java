package dev.pipeline.benchmark.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The client's side of gzip: it compresses a request body and decodes a response body as
 * its {@code Content-Encoding} says, as a client of the API would, so both costs are in
 * the benchmark process's CPU.
 */
final class Gzip {

	private Gzip() {
	}

	static byte[] compress(byte[] plain) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, plain.length / 4));
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(plain);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	/**
	 * The body as the server meant it: inflated when it came as {@code gzip}, as it is
	 * without a coding.
	 * @throws IllegalStateException for another coding, which the client never asked for
	 */
	static byte[] decode(byte[] body, Optional<String> contentEncoding) {
		String coding = contentEncoding.map(String::trim).orElse("identity");
		if (coding.equalsIgnoreCase("identity")) {
			return body;
		}
		if (!coding.equalsIgnoreCase("gzip")) {
			throw new IllegalStateException("Content-Encoding " + coding + " was never asked for");
		}
		try (GZIPInputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
			return gzip.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("a body marked gzip did not inflate", ex);
		}
	}

}
