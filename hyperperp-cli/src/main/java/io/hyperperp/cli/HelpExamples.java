package io.hyperperp.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The examples at the end of every {@code --help}, by command path. Kept in one place so that the
 * commands picocli provides ({@code help}, {@code generate-completion}) get theirs too, and so a
 * test can check that no command is left without one.
 */
final class HelpExamples {

    private static final Map<String, List<String>> EXAMPLES = Map.ofEntries(
            Map.entry("hyperperp", List.of("hyperperp serve", "hyperperp markets", "hyperperp submit --help")),
            Map.entry("hyperperp serve", List.of("hyperperp serve --port 8080 --data-dir ./hyperperp-data",
                    "hyperperp serve --in-memory --log-format json",
                    "HYPERPERP_DATABASE_URL=postgresql://hyperperp@db:5432/hyperperp hyperperp serve --config config.toml")),
            Map.entry("hyperperp submit", List.of(
                    "hyperperp submit --user 0xa11ce --market 1 --buy --limit 30000 --size 10 --tif post_only",
                    "hyperperp submit --key-file alice.key --market 1 --buy --market-order --size 2")),
            Map.entry("hyperperp cancel", List.of("hyperperp cancel 5f0c8a52-7d1e-4b9a-9c43-2e8b1d6f0a17 --user 0xa11ce",
                    "hyperperp cancel --client-order-id my-order-1 --user 0xa11ce")),
            Map.entry("hyperperp cancel-all", List.of("hyperperp cancel-all --user 0xa11ce --market 1")),
            Map.entry("hyperperp amend", List.of(
                    "hyperperp amend 5f0c8a52-7d1e-4b9a-9c43-2e8b1d6f0a17 --user 0xa11ce --price 30010 --size 5")),
            Map.entry("hyperperp book", List.of("hyperperp book 1 --depth 5", "hyperperp book 1 --watch")),
            Map.entry("hyperperp orders", List.of("hyperperp orders --user 0xa11ce --market 1 --limit 20")),
            Map.entry("hyperperp trades", List.of("hyperperp trades --market 1 --limit 20")),
            Map.entry("hyperperp positions", List.of("hyperperp positions --user 0xa11ce")),
            Map.entry("hyperperp markets", List.of("hyperperp markets", "hyperperp markets --json")),
            Map.entry("hyperperp batches", List.of("hyperperp batches --status failed --limit 10")),
            Map.entry("hyperperp watch", List.of("hyperperp watch trades:1,book:1 --count 10",
                    "hyperperp watch orders:0xa11ce --last-event-id 1200")),
            Map.entry("hyperperp health", List.of("hyperperp health --server http://127.0.0.1:8080")),
            Map.entry("hyperperp keygen", List.of("hyperperp keygen --out alice.key")),
            Map.entry("hyperperp account", List.of("hyperperp account --user 0xa11ce",
                    "hyperperp account --user 0xa11ce --ledger --limit 20")),
            Map.entry("hyperperp deposit", List.of("hyperperp deposit --user 0xa11ce --amount 10000 --id tx-0001")),
            Map.entry("hyperperp withdraw", List.of("hyperperp withdraw --key-file alice.key --amount 250")),
            Map.entry("hyperperp leverage", List.of("hyperperp leverage --user 0xa11ce --market 1 --leverage 5")),
            Map.entry("hyperperp mark-price", List.of("hyperperp mark-price --market 1 --price 30150 --index 30140")),
            Map.entry("hyperperp funding", List.of("hyperperp funding --market 1 --rate 0.0001",
                    "hyperperp funding --market 1 --rate -0.00005")),
            Map.entry("hyperperp replay", List.of("hyperperp replay --commands commands.jsonl > summary.json",
                    "hyperperp replay --commands commands.jsonl --server http://127.0.0.1:8080 --rate 2000")),
            Map.entry("hyperperp bench", List.of("hyperperp bench --generate 1000000",
                    "hyperperp bench --http http://127.0.0.1:8080 --requests 20000 --connections 8",
                    "hyperperp bench --durable --generate 200000")),
            Map.entry("hyperperp aptos", List.of("hyperperp aptos address --key-file admin.key")),
            Map.entry("hyperperp aptos address", List.of("hyperperp aptos address --key-file admin.key")),
            Map.entry("hyperperp aptos check", List.of("HYPERPERP_APTOS__NODE_URL=https://fullnode.testnet.aptoslabs.com/v1 "
                    + "HYPERPERP_APTOS__ADMIN_PRIVATE_KEY_FILE=admin.key HYPERPERP_APTOS__CONTRACT_ADDRESS=0xcafe "
                    + "HYPERPERP_APTOS__CHAIN_ID=2 hyperperp aptos check")),
            Map.entry("hyperperp aptos encode-batch", List.of("hyperperp aptos encode-batch --batch batch.json "
                    + "--sequence 0 --expiration 1800000000 --chain-id 4 --contract 0xcafe --key-file admin.key")),
            Map.entry("hyperperp generate-completion", List.of("source <(hyperperp generate-completion)")),
            Map.entry("hyperperp help", List.of("hyperperp help submit")));

    private HelpExamples() {
    }

    /** Adds the examples of this command and of every subcommand to their usage help. */
    static CommandLine addTo(CommandLine commandLine) {
        List<String> examples = EXAMPLES.get(commandLine.getCommandSpec().qualifiedName());
        if (examples != null) {
            List<String> footer = new ArrayList<>(List.of(commandLine.getCommandSpec().usageMessage().footer()));
            footer.add("");
            footer.add(examples.size() == 1 ? "Example:" : "Examples:");
            examples.forEach(e -> footer.add("  " + e.replace("%", "%%")));
            commandLine.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        }
        commandLine.getSubcommands().values().forEach(HelpExamples::addTo);
        return commandLine;
    }
}
