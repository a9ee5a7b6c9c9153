package io.hyperperp.aptos.tx;

import io.hyperperp.aptos.account.AccountAddress;
import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for Move type tags in source syntax. */
final class TypeTagParser {
    private final String text;
    private int pos;

    private TypeTagParser(String text) {
        this.text = text;
    }

    static TypeTag parse(String text) {
        TypeTagParser p = new TypeTagParser(text);
        TypeTag tag = p.tag();
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw p.error("unexpected trailing input");
        }
        return tag;
    }

    private TypeTag tag() {
        skipSpaces();
        String word = identifier();
        if (word.equals("vector")) {
            expect('<');
            TypeTag element = tag();
            skipSpaces();
            expect('>');
            return new TypeTag.Vector(element);
        }
        for (TypeTag.PrimitiveKind k : TypeTag.PrimitiveKind.values()) {
            if (k.moveName().equals(word)) {
                return new TypeTag.Primitive(k);
            }
        }
        AccountAddress address;
        try {
            address = AccountAddress.parse(word);
        } catch (IllegalArgumentException e) {
            throw error("expected a primitive type, vector<...> or address::module::Name, got '" + word + "'");
        }
        expect(':');
        expect(':');
        String module = identifier();
        expect(':');
        expect(':');
        String name = identifier();
        List<TypeTag> params = new ArrayList<>();
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == '<') {
            pos++;
            do {
                params.add(tag());
                skipSpaces();
            } while (pos < text.length() && text.charAt(pos) == ',' && ++pos > 0);
            expect('>');
        }
        return new TypeTag.Struct(address, module, name, params);
    }

    private String identifier() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected an identifier");
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad type tag '" + text + "' at position " + pos + ": " + what);
    }
}
