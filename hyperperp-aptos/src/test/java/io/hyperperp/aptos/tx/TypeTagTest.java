package io.hyperperp.aptos.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.aptos.bcs.BcsReader;
import io.hyperperp.aptos.bcs.BcsWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TypeTagTest {
    @ParameterizedTest
    @ValueSource(strings = {"u8", "u64", "u128", "bool", "address", "signer", "u16", "u32", "u256", "vector<u8>",
        "0x1::aptos_coin::AptosCoin", "0x1::coin::CoinStore<0x1::aptos_coin::AptosCoin>",
        "vector<0x1::string::String>", "0x1::pair::Pair<u64, vector<address>>"})
    void parsesPrintsAndRoundTrips(String text) {
        TypeTag tag = TypeTag.parse(text);
        assertThat(tag.toString()).isEqualTo(text);
        BcsWriter w = new BcsWriter();
        tag.serialize(w);
        BcsReader r = new BcsReader(w.toByteArray());
        assertThat(TypeTag.deserialize(r)).isEqualTo(tag);
        r.finish();
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> TypeTag.parse("u63")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TypeTag.parse("vector<u8")).hasMessageContaining("expected '>'");
        assertThatThrownBy(() -> TypeTag.parse("0x1::coin")).isInstanceOf(IllegalArgumentException.class);
    }
}
