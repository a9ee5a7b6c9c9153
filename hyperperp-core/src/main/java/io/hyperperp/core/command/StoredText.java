package io.hyperperp.core.command;

/**
 * Text the engine hands to storage (deposit ids, market symbols): PostgreSQL refuses U+0000 and a lone surrogate
 * cannot be encoded as UTF-8, so a value carrying one would fail the commit of its group again and again.
 */
public final class StoredText {

    private StoredText() {
    }

    /** True when {@code text} has 1 to {@code maxLength} UTF-16 units, no control character and no lone surrogate. */
    public static boolean isValid(String text, int maxLength) {
        int n = text.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
