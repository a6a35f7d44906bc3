package dev.pipeline.ingress;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a plain socket, for tests that must send a request target exactly as
 * written. {@code java.net.http.HttpClient} and {@code RestClient} normalise or refuse
 * targets such as {@code /v1;x/admin}, {@code /%2e/v1}, {@code //v1} or
 * {@code /v1/../v1}, which is what an attacker sends; here the request line goes out byte
 * for byte.
 */
public final class RawHttp {

	private static final int TIMEOUT_MS = 40_000;

	private final int port;

	public RawHttp(int port) {
		this.port = port;
	}

	/** A response as it came off the wire; header names are lower-cased. */
	public record Response(int status, Map<String, List<String>> headers, String body) {

		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		public String contentType() {
			String type = header("Content-Type");
			return (type != null) ? type : "";
		}

		@Override
		public String toString() {
			return this.status + " " + contentType() + " " + this.body;
		}

	}

	/**
	 * Sends one request and reads the response to the end of the connection.
	 * @param headers name/value pairs
	 * @param body a JSON body, or {@code null} for none
	 */
	public Response send(String method, String target, @Nullable String body, String... headers) {
		return sendBytes(request(method, target, body, headers));
	}

	/**
	 * Sends one request and reads only the response's status line and headers, then
	 * closes the connection: for a stream (Server-Sent Events) that stays open as long as
	 * it is served. The response's body is empty.
	 * @param headers name/value pairs
	 */
	public Response sendForHead(String method, String target, @Nullable String body, String... headers) {
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(TIMEOUT_MS);
			OutputStream out = socket.getOutputStream();
			out.write(request(method, target, body, headers));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int b;
			while (indexOf(head.toByteArray(), end) < 0 && (b = in.read()) >= 0) {
				head.write(b);
			}
			return parseHead(head.toByteArray(), new byte[0]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private byte[] request(String method, String target, @Nullable String body, String... headers) {
		StringBuilder request = new StringBuilder();
		request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		request.append("Host: localhost:").append(this.port).append("\r\n");
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
		}
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		if (body != null) {
			request.append("Content-Type: application/json\r\n");
			request.append("Content-Length: ").append(content.length).append("\r\n");
		}
		request.append("Connection: close\r\n\r\n");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(request.toString().getBytes(StandardCharsets.ISO_8859_1));
		bytes.writeBytes(content);
		return bytes.toByteArray();
	}

	/**
	 * Sends the given bytes as they are (a malformed request, say) and reads the
	 * response.
	 */
	public Response sendBytes(byte[] request) {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(TIMEOUT_MS);
			OutputStream out = socket.getOutputStream();
			out.write(request);
			out.flush();
			return parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Response parse(byte[] raw) throws IOException {
		int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
		if (headEnd < 0) {
			throw new IOException("No complete response head in: " + new String(raw, StandardCharsets.ISO_8859_1));
		}
		byte[] body = Arrays.copyOfRange(raw, headEnd + 4, raw.length);
		return parseHead(Arrays.copyOfRange(raw, 0, headEnd), body);
	}

	private static Response parseHead(byte[] head, byte[] body) throws IOException {
		if (head.length == 0) {
			throw new IOException("No response head");
		}
		String[] lines = new String(head, StandardCharsets.ISO_8859_1).trim().split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
			headers.computeIfAbsent(name, (key) -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
		}
		List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
		if (body.length > 0 && encoding.stream().anyMatch((value) -> value.equalsIgnoreCase("chunked"))) {
			body = dechunk(new ByteArrayInputStream(body));
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in);
			int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
			if (size == 0) {
				return out.toByteArray();
			}
			out.writeBytes(in.readNBytes(size));
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0 && c != '\n') {
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	private static int indexOf(byte[] data, byte[] pattern) {
		outer: for (int i = 0; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
