package dev.pipeline.ingress.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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
		try (InputStream in = LuaScripts.class.getClassLoader().getResourceAsStream("scripts/" + name)) {
			if (in == null) {
				throw new IllegalStateException("missing Lua script scripts/" + name);
			}
			return RedisScript.of(new String(in.readAllBytes(), StandardCharsets.UTF_8), resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
