package io.hyperperp.aptos.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.util.List;

/** JSON bodies the simulator answers with, shaped like the fullnode's. */
final class SimJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private SimJson() {
    }

    static ObjectNode error(String message, String errorCode, Integer vmErrorCode) {
        ObjectNode n = MAPPER.createObjectNode().put("message", message).put("error_code", errorCode);
        if (vmErrorCode != null) {
            n.put("vm_error_code", vmErrorCode);
        } else {
            n.putNull("vm_error_code");
        }
        return n;
    }

    static ObjectNode pending(SignedTransaction txn, String hash) {
        return base(MAPPER.createObjectNode().put("type", "pending_transaction").put("hash", hash), txn);
    }

    static ObjectNode committed(SimLedger.Committed c) {
        ObjectNode n = MAPPER.createObjectNode().put("type", "user_transaction").put("hash", c.hash())
                .put("version", Long.toString(c.version())).put("success", c.success()).put("vm_status", c.vmStatus())
                .put("gas_used", "12").put("sender", c.sender().toString())
                .put("sequence_number", Long.toString(c.sequenceNumber()));
        n.set("payload", payload(c.payload()));
        return n;
    }

    /**
     * The payload as the node writes it. Arguments are decoded for the {@code vault_coin} calls
     * (address, u128), which is what deposit observers read; other calls list none.
     */
    static ObjectNode payload(io.hyperperp.aptos.tx.EntryFunction f) {
        ObjectNode p = MAPPER.createObjectNode().put("type", "entry_function_payload")
                .put("function", f.moduleAddress() + "::" + f.moduleName() + "::" + f.function());
        ArrayNode types = p.putArray("type_arguments");
        f.typeArgs().forEach(t -> types.add(t.toString()));
        ArrayNode args = p.putArray("arguments");
        if (f.moduleName().equals("vault_coin") && f.argCount() == 2) {
            try {
                args.add(f.argReader(0).address().toString());
                args.add(f.argReader(1).u128().toString());
            } catch (io.hyperperp.aptos.bcs.BcsException e) {
                args.removeAll();
            }
        }
        return p;
    }

    static ArrayNode simulated(SignedTransaction txn, boolean success, String vmStatus) {
        ObjectNode n = base(MAPPER.createObjectNode().put("type", "user_transaction").put("hash", txn.hash())
                .put("version", "0").put("success", success).put("vm_status", vmStatus).put("gas_used", "12"), txn);
        return MAPPER.createArrayNode().add(n);
    }

    static ObjectNode moduleAbi(BatchCall calls, boolean batchDeployed) {
        ObjectNode abi = MAPPER.createObjectNode().put("address", calls.contract().toString()).put("name", calls.module());
        ArrayNode fns = abi.putArray("exposed_functions");
        fns.add(function(calls.simpleFunction(), true, List.of("&signer", "address", "address", "u64", "u128", "u64",
                "u64", "u64", "u64", "u64", "u64", "u64", "address")));
        fns.add(function("apply_batch", false, List.of("&signer", calls.contract() + "::" + calls.module()
                + "::SettlementBatch", "address")));
        if (batchDeployed) {
            fns.add(function(calls.batchFunction(), true, List.of("&signer", "vector<address>", "vector<address>",
                    "vector<u64>", "vector<u128>", "vector<u64>", "vector<u64>", "vector<u64>", "u64", "u64", "u64",
                    "u64", "address")));
        }
        abi.putArray("structs");
        ObjectNode root = MAPPER.createObjectNode().put("bytecode", "0x00");
        root.set("abi", abi);
        return root;
    }

    private static ObjectNode function(String name, boolean entry, List<String> params) {
        ObjectNode f = MAPPER.createObjectNode().put("name", name).put("visibility", "public").put("is_entry", entry)
                .put("is_view", false);
        f.putArray("generic_type_params");
        ArrayNode p = f.putArray("params");
        params.forEach(p::add);
        f.putArray("return");
        return f;
    }

    private static ObjectNode base(ObjectNode n, SignedTransaction txn) {
        return n.put("sender", txn.raw().sender().toString())
                .put("sequence_number", Long.toString(txn.raw().sequenceNumber()))
                .put("max_gas_amount", Long.toString(txn.raw().maxGasAmount()))
                .put("gas_unit_price", Long.toString(txn.raw().gasUnitPrice()))
                .put("expiration_timestamp_secs", Long.toString(txn.raw().expirationTimestampSecs()));
    }
}
