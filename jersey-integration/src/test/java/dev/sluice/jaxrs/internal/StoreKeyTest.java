package dev.sluice.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

final class StoreKeyTest {

    @Test
    void of_shortKey_isPrefixedByTheLimiter() {
        assertThat(StoreKey.of("search", "ip=203.0.113.7")).isEqualTo("search:ip=203.0.113.7");
    }

    @Test
    void of_keyOfExactly128Bytes_staysAsItIs() {
        String key = "k".repeat(128);

        assertThat(StoreKey.of("search", key)).isEqualTo("search:" + key);
    }

    @Test
    void of_keyOver128Bytes_isItsSha256InBase64Url() {
        String key = "header:x-api-key=" + "a".repeat(200);

        assertThat(StoreKey.of("search", key)).isEqualTo("search#vOsiECoPFBMkvnv_PElGBG6_z_HKQ3or7LLAbjn4M_o");
    }

    @Test
    void of_keyOf65CharactersButOver128Bytes_isHashed() {
        String key = "é".repeat(65);

        String storeKey = StoreKey.of("search", key);

        assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(130);
        assertThat(storeKey).isEqualTo("search#yKJmahorzurCBXRPlEo_W9rQ-0aaAVqdy1dmwuottHA");
    }

    @Test
    void of_keyOf64TwoByteCharacters_staysAsItIs() {
        String key = "é".repeat(64);

        assertThat(StoreKey.of("search", key)).isEqualTo("search:" + key);
    }

    @Test
    void of_limiterNameWithSeparators_cannotReachAnotherLimiter() {
        String fromColonName = StoreKey.of("a:b", "c");
        String fromPlainName = StoreKey.of("a", "b:c");

        assertThat(fromColonName).isEqualTo("a%3Ab:c");
        assertThat(fromPlainName).isEqualTo("a:b:c");
    }

    @Test
    void of_hashLookingRawKey_differsFromTheHashedKey() {
        String longKey = "x".repeat(200);
        String hashed = StoreKey.of("search", longKey);
        String digest = hashed.substring(hashed.indexOf('#') + 1);

        assertThat(StoreKey.of("search", digest)).isNotEqualTo(hashed);
    }

    @Test
    void of_nonAsciiLimiterName_isPercentEncodedAsUtf8() {
        assertThat(StoreKey.of("recherche-é #1", "k")).isEqualTo("recherche-%C3%A9%20%231:k");
    }

    @Test
    void anonymous_differsFromEveryResolvedKey() {
        assertThat(StoreKey.anonymous("search")).isEqualTo("search!");
        assertThat(StoreKey.of("search", "")).isEqualTo("search:");
        assertThat(StoreKey.anonymous("search!")).isEqualTo("search%21!");
    }
}
