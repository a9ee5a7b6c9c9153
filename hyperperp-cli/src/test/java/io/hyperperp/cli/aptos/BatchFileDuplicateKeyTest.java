package io.hyperperp.cli.aptos;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.cli.CliException;
import org.junit.jupiter.api.Test;

/** A batch file naming a field twice was encoded and signed with whichever value came last. */
class BatchFileDuplicateKeyTest {

    private static final String TAIL = "\"oracle_ts\":1,\"min_px\":1,\"max_px\":1000,\"expiry\":2000000000,"
            + "\"events_addr\":\"0x1\"}";

    @Test
    void aRepeatedKeyIsRefusedNamingIt() {
        assertThatThrownBy(() -> BatchFile.parse("{\"fills\":[{\"taker\":\"0x1\",\"maker\":\"0x2\",\"market_id\":1,"
                + "\"price_x\":100,\"fee_bps\":5,\"ts\":1,\"size\":1,\"size\":2}]," + TAIL, "b.json"))
                .isInstanceOf(CliException.class).hasMessageContaining("b.json: not valid JSON")
                .hasMessageContaining("Duplicate field 'size'");
        assertThatThrownBy(() -> BatchFile.parse("{\"fills\":[],\"fills\":[]," + TAIL, "b.json"))
                .isInstanceOf(CliException.class).hasMessageContaining("Duplicate field 'fills'");
    }
}
