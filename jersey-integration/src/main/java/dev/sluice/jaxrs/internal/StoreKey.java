package dev.sluice.jaxrs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The key a limiter's store holds state under for a request: bounded in length and namespaced by the limiter, so
 * that no request can reach another limiter's state, whatever its key.
 */
public final class StoreKey {

    /*
     * Format (DESIGN.md, "Store keys"):
     *
     *   <limiter>:<key>      the resolved key as it is, when at most MAX_KEY_BYTES bytes of UTF-8
     *   <limiter>#<digest>   otherwise: the SHA-256 of its UTF-8 bytes in base64url without padding (43 chars)
     *   <limiter>!           the key shared by the requests for which the resolver found none
     *
     * <limiter> is the limiter's name with every character but A-Z a-z 0-9 - . _ ~ percent-encoded (UTF-8), so it
     * holds none of ":#!", and the first of them ends it: two different limiters, or a raw and a hashed key,
     * never produce one store key. A raw key is at most 128 bytes, a store key at most its limiter's encoded name
     * plus 129.
     */

    /** Keys longer than this many bytes of UTF-8 are replaced by their digest. */
    public static final int MAX_KEY_BYTES = 128;

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private StoreKey() {
    }

    /**
     * Returns the store key of a resolved key.
     *
     * @param limiter the limiter's name
     * @param key the key the limiter's resolver found
     * @return {@code <limiter>:<key>}, or {@code <limiter>#<SHA-256 of key>} when key is over 128 bytes
     */
    public static String of(String limiter, String key) {
        return ofNamespace(namespace(limiter), key);
    }

    /**
     * Returns the store key of a resolved key under a limiter's {@linkplain #namespace(String) namespace}: the
     * same as {@link #of(String, String)} for that limiter, for callers that encode the name once.
     *
     * @param namespace the limiter's encoded name
     * @param key the key the limiter's resolver found
     * @return {@code <namespace>:<key>}, or {@code <namespace>#<SHA-256 of key>} when key is over 128 bytes
     */
    static String ofNamespace(String namespace, String key) {
        if (key.length() * 3 <= MAX_KEY_BYTES) {
            return namespace + ':' + key;
        }

        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_KEY_BYTES) {
            return namespace + ':' + key;
        }
        return namespace + '#' + BASE64URL.encodeToString(sha256(bytes));
    }

    /**
     * Returns the one store key of a limiter's requests without a key, under {@code on-missing-key: anonymous}.
     *
     * @param limiter the limiter's name
     * @return {@code <limiter>!}
     */
    public static String anonymous(String limiter) {
        return anonymousOfNamespace(namespace(limiter));
    }

    /**
     * Returns the store key of a limiter's requests without a key, under the limiter's
     * {@linkplain #namespace(String) namespace}.
     *
     * @param namespace the limiter's encoded name
     * @return {@code <namespace>!}
     */
    static String anonymousOfNamespace(String namespace) {
        return namespace + '!';
    }

    /**
     * Returns a limiter's name as it begins its store keys: every character but {@code A-Z a-z 0-9 - . _ ~}
     * percent-encoded.
     *
     * @param limiter the limiter's name
     * @return the encoded name
     */
    static String namespace(String limiter) {
        return KeyEncoding.limiterName(limiter);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must implement SHA-256", e);
        }
    }
}
