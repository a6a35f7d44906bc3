package dev.pipeline.servers;

/**
 * A configured port is taken by another process; the message says which setting to
 * change.
 */
public class PortInUseException extends IllegalStateException {

	public PortInUseException(String what, int port, String setting) {
		super("%s cannot listen on port %d: it is already in use. Stop what uses it or choose another port with %s."
			.formatted(what, port, setting));
	}

}
