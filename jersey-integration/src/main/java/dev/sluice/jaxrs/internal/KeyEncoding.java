package dev.sluice.jaxrs.internal;

/**
 * Percent-encodes text (UTF-8, upper-case hex) so that separators cannot appear in it: key values inside a
 * composite key, limiter names inside a store key.
 */
final class KeyEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final int REPLACEMENT_CHARACTER = 0xFFFD;

    private KeyEncoding() {
    }

    /**
     * Appends a key value: visible ASCII stays as it is except {@code % = | { }}; everything else is encoded.
     * So a value can never contain a composite's separators, and a Redis hash tag around a key stays whole.
     */
    static void appendValue(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > ' ' && c < 0x7f && "%=|{}".indexOf(c) < 0) {
                out.append(c);
            } else {
                int codePoint = value.codePointAt(i);
                i += Character.charCount(codePoint) - 1;
                appendEncoded(out, codePoint);
            }
        }
    }

    /** Returns a limiter name with all but the unreserved characters of RFC 3986 ({@code A-Za-z0-9-._~}) encoded. */
    static String limiterName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                int codePoint = name.codePointAt(i);
                i += Character.charCount(codePoint) - 1;
                appendEncoded(out, codePoint);
            }
        }
        return out.toString();
    }

    /** Appends the UTF-8 bytes of a code point as %XX; a lone surrogate, which has none, as U+FFFD's. */
    private static void appendEncoded(StringBuilder out, int codePoint) {
        boolean loneSurrogate = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
        int c = loneSurrogate ? REPLACEMENT_CHARACTER : codePoint;
        if (c < 0x80) {
            appendByte(out, c);
        } else if (c < 0x800) {
            appendByte(out, 0xC0 | c >> 6);
            appendByte(out, 0x80 | c & 0x3F);
        } else if (c < 0x10000) {
            appendByte(out, 0xE0 | c >> 12);
            appendByte(out, 0x80 | c >> 6 & 0x3F);
            appendByte(out, 0x80 | c & 0x3F);
        } else {
            appendByte(out, 0xF0 | c >> 18);
            appendByte(out, 0x80 | c >> 12 & 0x3F);
            appendByte(out, 0x80 | c >> 6 & 0x3F);
            appendByte(out, 0x80 | c & 0x3F);
        }
    }

    private static void appendByte(StringBuilder out, int b) {
        out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
    }
}
