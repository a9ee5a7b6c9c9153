package io.hyperperp.core.order;

import java.util.Locale;

/** Parses the lower-case wire names of the order enums, case-insensitively. */
public final class WireNames {

    private WireNames() {
    }

    /**
     * Returns the constant whose name matches {@code text} ignoring case, or {@code null}.
     *
     * @param type the enum class
     * @param text the wire name, e.g. {@code "post_only"}
     * @param <E>  the enum type
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text) {
        if (text == null || text.isEmpty() || text.length() > 32) {
            return null;
        }
        String upper = text.toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(upper)) {
                return constant;
            }
        }
        return null;
    }
}
