package io.hyperperp.core.command;

/**
 * Text the engine hands to storage (deposit ids, market symbols): PostgreSQL refuses U+0000 and a lone surrogate
 * cannot be encoded as UTF-8, so a value carrying one would fail the commit of its group again and again. Format
 * characters (Unicode category Cf: U+202E the right-to-left override, zero-width spaces and joiners, the byte order
 * mark, tag characters) are refused too: stored, they make an id read differently in a log, a terminal or a UI
 * from what it is, and two ids that look the same differ.
 */
public final class StoredText {

    private StoredText() {
    }

    /**
     * True when {@code text} has 1 to {@code maxLength} UTF-16 units, no control character, no format character
     * (category Cf, supplementary ones included) and no lone surrogate.
     */
    public static boolean isValid(String text, int maxLength) {
        int n = text.length();
        if (n == 0 || n > maxLength) {
            return false;
        }
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            int codePoint;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                i += 2;
            } else if (Character.isSurrogate(c)) {
                return false;
            } else {
                codePoint = c;
                i++;
            }
            if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT) {
                return false;
            }
        }
        return true;
    }
}
