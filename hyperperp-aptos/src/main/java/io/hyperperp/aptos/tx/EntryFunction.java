package io.hyperperp.aptos.tx;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsException;
import io.hyperperp.aptos.bcs.BcsReader;
import io.hyperperp.aptos.bcs.BcsWriter;
import io.hyperperp.aptos.internal.Hex;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Transaction payload calling a Move {@code entry} function:
 * {@code module_address::module_name::function<type_args>(args)}. Each argument is already
 * BCS-encoded; on the wire every argument is length-prefixed. Immutable (argument arrays are copied).
 *
 * @param moduleAddress address the module is published at
 * @param moduleName module name, e.g. {@code perp_engine}
 * @param function function name
 * @param typeArgs type arguments
 * @param args BCS-encoded arguments
 */
public record EntryFunction(AccountAddress moduleAddress, String moduleName, String function,
                            List<TypeTag> typeArgs, List<byte[]> args) {
    /** BCS variant index of {@code TransactionPayload::EntryFunction}. */
    public static final int PAYLOAD_VARIANT = 2;

    /** Validates and copies. */
    public EntryFunction {
        Objects.requireNonNull(moduleAddress, "moduleAddress");
        Objects.requireNonNull(moduleName, "moduleName");
        Objects.requireNonNull(function, "function");
        typeArgs = List.copyOf(typeArgs);
        args = args.stream().map(byte[]::clone).collect(Collectors.toUnmodifiableList());
    }

    /** Copies of the argument bytes. */
    @Override
    public List<byte[]> args() {
        return args.stream().map(byte[]::clone).collect(Collectors.toUnmodifiableList());
    }

    /** Number of arguments. */
    public int argCount() {
        return args.size();
    }

    /** A reader over argument {@code i}. */
    public BcsReader argReader(int i) {
        return new BcsReader(args.get(i).clone());
    }

    /** Writes the payload, including its {@code TransactionPayload} variant index. */
    public void serializePayload(BcsWriter w) {
        w.uleb128(PAYLOAD_VARIANT).address(moduleAddress).string(moduleName).string(function)
                .vector(typeArgs, (ww, t) -> t.serialize(ww))
                .vector(args, BcsWriter::bytes);
    }

    /** Reads a payload written by {@link #serializePayload(BcsWriter)}; other payload kinds are rejected. */
    public static EntryFunction deserializePayload(BcsReader r) {
        int at = r.position();
        long variant = r.uleb128();
        if (variant != PAYLOAD_VARIANT) {
            throw new BcsException("unsupported transaction payload variant " + variant + " at offset " + at
                    + " (only EntryFunction = 2 is supported)");
        }
        AccountAddress address = r.address();
        String module = r.string();
        String function = r.string();
        List<TypeTag> typeArgs = r.vector(TypeTag::deserialize);
        List<byte[]> args = r.vector(BcsReader::bytes);
        return new EntryFunction(address, module, function, typeArgs, args);
    }

    /** {@code address::module::function}. */
    public String qualifiedName() {
        return moduleAddress + "::" + moduleName + "::" + function;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EntryFunction other)) {
            return false;
        }
        if (!moduleAddress.equals(other.moduleAddress) || !moduleName.equals(other.moduleName)
                || !function.equals(other.function) || !typeArgs.equals(other.typeArgs)
                || args.size() != other.args.size()) {
            return false;
        }
        for (int i = 0; i < args.size(); i++) {
            if (!java.util.Arrays.equals(args.get(i), other.args.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(moduleAddress, moduleName, function, typeArgs);
        for (byte[] a : args) {
            h = 31 * h + java.util.Arrays.hashCode(a);
        }
        return h;
    }

    @Override
    public String toString() {
        String targs = typeArgs.isEmpty() ? ""
                : typeArgs.stream().map(TypeTag::toString).collect(Collectors.joining(", ", "<", ">"));
        return qualifiedName() + targs
                + args.stream().map(Hex::encodePrefixed).collect(Collectors.joining(", ", "(", ")"));
    }
}
