package dev.pipeline.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 client that sends the request line exactly as given. Java's HttpClient
 * (like most clients) normalises or refuses paths with {@code ;}, {@code %2e},
 * {@code ..}, {@code \} or doubled slashes, which are exactly the paths an attacker
 * sends; only writing the bytes to a socket shows what the server does with them.
 */
final class RawHttp {

	private static final int TIMEOUT_MILLIS = 30_000;

	private final int port;

	RawHttp(int port) {
		this.port = port;
	}

	Reply send(String method, String target, Map<String, String> headers, byte[] body) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
			head.append("Host: localhost:").append(this.port).append("\r\n");
			head.append("Connection: close\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			if (body.length > 0 || !method.equals("GET")) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			head.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			try {
				out.write(body);
				out.flush();
			}
			catch (IOException ex) {
				// The server may answer (413) and close before it has read the whole
				// body.
			}
			return read(socket.getInputStream(), method + " " + target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + target + ": " + ex.getMessage(), ex);
		}
	}

	private static Reply read(InputStream in, String request) throws IOException {
		byte[] all = in.readAllBytes();
		String raw = new String(all, StandardCharsets.ISO_8859_1);
		int end = raw.indexOf("\r\n\r\n");
		if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
			throw new IOException("Not an HTTP response to " + request + ": " + abbreviate(raw));
		}
		String[] lines = raw.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].substring(9, 12));
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = unchunk(body);
		}
		return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] unchunk(byte[] chunked) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = indexOfCrLf(chunked, at);
			if (lineEnd < 0) {
				break;
			}
			String sizeField = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
			int semicolon = sizeField.indexOf(';');
			int size = Integer.parseInt((semicolon < 0 ? sizeField : sizeField.substring(0, semicolon)).trim(), 16);
			if (size == 0) {
				break;
			}
			out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
			at = lineEnd + 2 + size + 2;
		}
		return out.toByteArray();
	}

	private static int indexOfCrLf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private static String abbreviate(String text) {
		return text.length() <= 300 ? text : text.substring(0, 300) + "…";
	}

	record Reply(int status, Map<String, String> headers, String body) {

		String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

		boolean isProblem() {
			return contentType().startsWith("application/problem+json") && this.body.contains("\"status\"");
		}

		@Override
		public String toString() {
			return this.status + " " + contentType() + " " + abbreviate(this.body);
		}

	}

}
