package dev.sluice.jaxrs.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a comma-separated header value (RFC 9110 section 5.6.1) and keeps only its last elements, so that a
 * header with thousands of elements costs one pass over its text and a bounded list.
 */
final class HeaderList {

    private HeaderList() {
    }

    /**
     * Returns the last non-empty elements of a list, left to right, each stripped of surrounding whitespace.
     *
     * @param value the header value; several header lines arrive joined by commas, which is the same list
     * @param max how many elements to keep at most
     * @param quotedStrings whether a comma inside a quoted string (with backslash escapes) belongs to its element
     * @return at most {@code max} elements, the rightmost ones
     */
    static List<String> lastElements(String value, int max, boolean quotedStrings) {
        int[] starts = new int[max];
        int[] ends = new int[max];
        int count = 0;

        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : ',';
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"' && quotedStrings) {
                quoted = true;
            } else if (c == ',') {
                if (!isBlank(value, start, i)) {
                    starts[count % max] = start;
                    ends[count % max] = i;
                    count++;
                }
                start = i + 1;
            }
        }
        if (quoted && !isBlank(value, start, value.length())) {
            starts[count % max] = start;
            ends[count % max] = value.length();
            count++;
        }

        int kept = Math.min(count, max);
        List<String> elements = new ArrayList<>(kept);
        for (int k = count - kept; k < count; k++) {
            elements.add(value.substring(starts[k % max], ends[k % max]).strip());
        }
        return elements;
    }

    private static boolean isBlank(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
