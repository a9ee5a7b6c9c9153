package io.hyperperp.aptos.hyperperp;

import io.hyperperp.aptos.account.AccountAddress;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Move abort parsed from a committed transaction's {@code vm_status}, e.g.
 * {@code Move abort in 0x1::perp_engine: E_PRICE_OUT_OF_BOUNDS(0xb): price out of bounds} or
 * {@code Move abort in 0x1::perp_engine: 0xb}.
 *
 * @param moduleAddress address of the aborting module
 * @param module aborting module name
 * @param code abort code
 * @param reasonName constant name the node printed, if any
 * @param description free text after the code, possibly empty
 */
public record MoveAbort(AccountAddress moduleAddress, String module, long code, Optional<String> reasonName,
                        String description) {
    private static final Pattern PATTERN = Pattern.compile(
            "^Move abort in (0x[0-9a-fA-F]+)::([A-Za-z_][A-Za-z0-9_]*):\\s*"
                    + "(?:([A-Za-z_][A-Za-z0-9_]*)\\((0x[0-9a-fA-F]+|\\d+)\\)|(0x[0-9a-fA-F]+|\\d+))"
                    + "(?::\\s*(.*))?$", Pattern.DOTALL);

    /** Parses a vm_status string; empty if it is not a Move abort in that format. */
    public static Optional<MoveAbort> parse(String vmStatus) {
        if (vmStatus == null) {
            return Optional.empty();
        }
        Matcher m = PATTERN.matcher(vmStatus.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String codeText = m.group(4) != null ? m.group(4) : m.group(5);
        long code;
        try {
            code = codeText.startsWith("0x") || codeText.startsWith("0X")
                    ? Long.parseUnsignedLong(codeText.substring(2), 16) : Long.parseUnsignedLong(codeText);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new MoveAbort(AccountAddress.parse(m.group(1)), m.group(2), code,
                Optional.ofNullable(m.group(3)), m.group(6) == null ? "" : m.group(6).strip()));
    }

    /** The HyperPerp error this code stands for, if it is one. */
    public Optional<HyperPerpError> hyperPerpError() {
        return HyperPerpError.fromCode(code);
    }

    /** Formats like the node does: {@code Move abort in 0x1::perp_engine: E_X(0xb): description}. */
    public String toVmStatus() {
        String c = "0x" + Long.toHexString(code);
        String head = "Move abort in " + moduleAddress.toShortString() + "::" + module + ": "
                + reasonName.map(n -> n + "(" + c + ")").orElse(c);
        return description.isEmpty() ? head : head + ": " + description;
    }
}
