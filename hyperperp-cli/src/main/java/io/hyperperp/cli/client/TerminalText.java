package io.hyperperp.cli.client;

/**
 * Text a server sent, made fit for a terminal: a server can put anything in an error message or an
 * answer that is not HTTP, and a control character printed as it is can move the cursor, clear the
 * screen or set the window title. Control and format characters (C0, DEL, C1, bidirectional
 * overrides) are shown as {@code \\uXXXX}, and the text is cut at a length a message should have.
 */
public final class TerminalText {

    /** Longest text kept from a server, in characters. */
    public static final int MAX_CHARS = 1_000;

    private TerminalText() {
    }

    /** {@code text} with its control and format characters escaped, cut after {@link #MAX_CHARS}. */
    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        String kept = escaped(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        return text.length() > MAX_CHARS ? kept + "... (" + (text.length() - MAX_CHARS) + " more characters)" : kept;
    }

    /** {@code text} with its control and format characters escaped, whole (an event's data). */
    public static String escaped(String text) {
        StringBuilder s = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT) {
                if (s == null) {
                    s = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                s.append(String.format("\\u%04x", (int) c));
            } else if (s != null) {
                s.append(c);
            }
        }
        return s == null ? text : s.toString();
    }
}
