package io.hyperperp.aptos.client;

import java.util.List;
import java.util.Optional;

/**
 * The ABI of a published Move module ({@code GET /accounts/{addr}/module/{name}}), reduced to what
 * a deployment check needs.
 *
 * @param address module address as the node printed it
 * @param name module name
 * @param exposedFunctions the exposed functions
 */
public record ModuleAbi(String address, String name, List<Function> exposedFunctions) {
    /** Copies the list. */
    public ModuleAbi {
        exposedFunctions = List.copyOf(exposedFunctions);
    }

    /** The function with this name, if exposed. */
    public Optional<Function> function(String functionName) {
        return exposedFunctions.stream().filter(f -> f.name().equals(functionName)).findFirst();
    }

    /**
     * One exposed function.
     *
     * @param name function name
     * @param isEntry true for {@code entry} functions (callable from a transaction)
     * @param params parameter types in Move syntax, e.g. {@code &signer}, {@code vector<u128>}
     */
    public record Function(String name, boolean isEntry, List<String> params) {
        /** Copies the list. */
        public Function {
            params = List.copyOf(params);
        }
    }
}
