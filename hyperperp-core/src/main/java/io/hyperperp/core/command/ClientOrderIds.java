package io.hyperperp.core.command;

/**
 * The form of a client order id (and of an OCO group name): 1 to 36 characters of
 * {@code a-z A-Z 0-9 . _ : / -}. Decided from the string alone, so {@link CommandIntake} decides it
 * before the engine thread and the engine reads the answer instead of the string.
 */
public final class ClientOrderIds {

    /** The longest id accepted. */
    public static final int MAX_LENGTH = 36;

    private ClientOrderIds() {
    }

    /** Whether {@code id} (non-null) has the accepted form. */
    public static boolean wellFormed(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
