package io.hyperperp.aptos.tx;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.bcs.BcsException;
import io.hyperperp.aptos.bcs.BcsReader;
import io.hyperperp.aptos.bcs.BcsWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Move type argument: a primitive, {@code vector<T>} or a struct tag such as
 * {@code 0x1::aptos_coin::AptosCoin}. BCS-encoded as an enum (variant index in ULEB128).
 */
public sealed interface TypeTag permits TypeTag.Primitive, TypeTag.Vector, TypeTag.Struct {

    /** Encodes this tag. */
    void serialize(BcsWriter w);

    /** Parses Move syntax, e.g. {@code u64}, {@code vector<u8>}, {@code 0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>}. */
    static TypeTag parse(String text) {
        return TypeTagParser.parse(text);
    }

    /** Decodes one tag. */
    static TypeTag deserialize(BcsReader r) {
        int at = r.position();
        long variant = r.uleb128();
        for (PrimitiveKind k : PrimitiveKind.values()) {
            if (k.variant == variant) {
                return new Primitive(k);
            }
        }
        if (variant == VECTOR_VARIANT) {
            return new Vector(deserialize(r));
        }
        if (variant == STRUCT_VARIANT) {
            AccountAddress address = r.address();
            String module = r.string();
            String name = r.string();
            List<TypeTag> params = r.vector(TypeTag::deserialize);
            return new Struct(address, module, name, params);
        }
        throw new BcsException("unknown TypeTag variant " + variant + " at offset " + at);
    }

    /** BCS variant index of {@code vector}. */
    int VECTOR_VARIANT = 6;
    /** BCS variant index of a struct tag. */
    int STRUCT_VARIANT = 7;

    /** Primitive Move types with their BCS variant indices. */
    enum PrimitiveKind {
        /** bool. */ BOOL(0, "bool"),
        /** u8. */ U8(1, "u8"),
        /** u64. */ U64(2, "u64"),
        /** u128. */ U128(3, "u128"),
        /** address. */ ADDRESS(4, "address"),
        /** signer. */ SIGNER(5, "signer"),
        /** u16. */ U16(8, "u16"),
        /** u32. */ U32(9, "u32"),
        /** u256. */ U256(10, "u256");

        final int variant;
        final String moveName;

        PrimitiveKind(int variant, String moveName) {
            this.variant = variant;
            this.moveName = moveName;
        }

        /** The Move spelling. */
        public String moveName() {
            return moveName;
        }
    }

    /** A primitive type tag. */
    record Primitive(PrimitiveKind kind) implements TypeTag {
        @Override
        public void serialize(BcsWriter w) {
            w.uleb128(kind.variant);
        }

        @Override
        public String toString() {
            return kind.moveName;
        }
    }

    /** {@code vector<element>}. */
    record Vector(TypeTag element) implements TypeTag {
        @Override
        public void serialize(BcsWriter w) {
            w.uleb128(VECTOR_VARIANT);
            element.serialize(w);
        }

        @Override
        public String toString() {
            return "vector<" + element + ">";
        }
    }

    /** A struct tag {@code address::module::name<type params>}. */
    record Struct(AccountAddress address, String module, String name, List<TypeTag> typeParams) implements TypeTag {
        /** Copies the parameter list. */
        public Struct {
            typeParams = List.copyOf(typeParams);
        }

        @Override
        public void serialize(BcsWriter w) {
            w.uleb128(STRUCT_VARIANT).address(address).string(module).string(name)
                    .vector(typeParams, (ww, t) -> t.serialize(ww));
        }

        @Override
        public String toString() {
            String base = address + "::" + module + "::" + name;
            return typeParams.isEmpty() ? base
                    : base + typeParams.stream().map(TypeTag::toString).collect(Collectors.joining(", ", "<", ">"));
        }
    }
}
