package dev.sluice.bench;

/** Key sets shared by the benchmarks: made once, so that no measured call builds a string. */
public final class Keys {

    private Keys() {
    }

    /**
     * Returns {@code count} distinct keys, {@code key-0} and on; one key is named {@code hot}.
     *
     * @param count how many keys, at least 1
     * @return the keys
     */
    public static String[] of(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one key, but was " + count);
        }
        if (count == 1) {
            return new String[] {"hot"};
        }
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = "key-" + i;
        }
        return keys;
    }
}
