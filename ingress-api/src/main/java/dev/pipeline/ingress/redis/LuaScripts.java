package dev.pipeline.ingress.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads the Redis Lua scripts of {@code classpath:scripts/} once, at bean creation, with
 * this module's class loader: a missing script fails start-up, not a request, and nothing
 * depends on the class loader of whichever request thread happened to run first.
 */
public final class LuaScripts {

	private LuaScripts() {
	}

	public static <T> RedisScript<T> load(String name, Class<T> resultType) {
		return RedisScript.of(text(name), resultType);
	}

	/**
	 * Loads {@code name}, a script that calls other scripts as Lua functions: each entry
	 * of {@code functions} (function name to script) is prepended as
	 * {@code local function <name>(KEYS, ARGV) <script> end}, so the script runs
	 * unchanged on the keys and arguments it is given and its {@code return} is the
	 * function's. Two decisions share one round trip and each keeps one definition.
	 */
	public static <T> RedisScript<T> withFunctions(String name, Class<T> resultType, Map<String, String> functions) {
		StringBuilder script = new StringBuilder();
		functions.forEach((function, file) -> script.append("local function ")
			.append(function)
			.append("(KEYS, ARGV)\n")
			.append(text(file))
			.append("\nend\n"));
		return RedisScript.of(script.append(text(name)).toString(), resultType);
	}

	private static String text(String name) {
		try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream("scripts/" + name)) {
			if (in == null) {
				throw new IllegalStateException("missing Lua script scripts/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
