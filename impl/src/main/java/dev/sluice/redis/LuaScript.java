package dev.sluice.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script run by its SHA-1 digest ({@code EVALSHA}), sent whole ({@code EVAL}) only when the server does not
 * hold it, which loads it there for the next calls. Keys and arguments go as bytes, and the reply comes back as
 * Jedis reads it (integers as {@code Long}, lists as {@code List}), unconverted.
 */
final class LuaScript {

    private static final System.Logger LOGGER = System.getLogger(LuaScript.class.getName());

    private final String source;
    private final byte[] sourceBytes;
    private final String sha;
    private final byte[] shaBytes;

    private LuaScript(String source) {
        this.source = source;
        this.sourceBytes = source.getBytes(StandardCharsets.UTF_8);
        this.sha = sha1(source);
        this.shaBytes = sha.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a script from this package's resources. */
    static LuaScript fromResource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            Objects.requireNonNull(in, () -> "missing resource " + name);
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    String sha() {
        return sha;
    }

    /**
     * Loads the script ({@code SCRIPT LOAD}), so that the first call finds it. A server that cannot be reached now
     * is no error: a call that finds the script missing sends it whole.
     */
    void load(UnifiedJedis client, String limiterName) {
        try {
            client.scriptLoad(source);
        } catch (JedisException e) {
            LOGGER.log(Level.DEBUG, () -> limiterName + ": could not load the script yet: " + e);
        }
    }

    /**
     * Runs the script in one round trip, or two when the server has lost it since it was loaded. The keys go as
     * their UTF-8 bytes, as Jedis encodes a key given as a string.
     */
    Object run(UnifiedJedis client, List<String> keys, List<byte[]> args) {
        List<byte[]> keyBytes = new ArrayList<>(keys.size());
        for (String key : keys) {
            keyBytes.add(key.getBytes(StandardCharsets.UTF_8));
        }
        try {
            return client.evalsha(shaBytes, keyBytes, args);
        } catch (JedisNoScriptException e) {
            return client.eval(sourceBytes, keyBytes, args);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
