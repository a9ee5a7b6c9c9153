package io.hyperperp.server.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.decimal.Decimals;
import java.io.IOException;
import java.util.Set;

/**
 * The command-log ops that move collateral: {@code deposit}, {@code withdraw}, {@code set_leverage}
 * and {@code apply_funding} (used by {@link CommandJson}).
 *
 * <pre>{@code
 * {"op":"deposit","timestamp":1,"user_address":"0xa11ce","amount":"1000","deposit_id":"0xtxhash"}
 * {"op":"withdraw","timestamp":2,"user_address":"0xa11ce","amount":"250.5"}
 * {"op":"set_leverage","timestamp":3,"user_address":"0xa11ce","market_id":1,"leverage":20}
 * {"op":"apply_funding","timestamp":4,"user_address":"0x0","market_id":1,"rate":"-0.0001"}
 * }</pre>
 *
 * <p>Amounts are decimal strings in the collateral's decimals; a funding rate is a signed decimal
 * with up to 8 decimals (0.0001 is 0.01% for the interval).
 */
final class AccountCommandJson {

    static final Set<String> OPS = Set.of("deposit", "withdraw", "set_leverage", "apply_funding");
    private static final Set<String> DEPOSIT_FIELDS = Set.of("op", "timestamp", "user_address", "amount",
            "deposit_id");
    private static final Set<String> WITHDRAW_FIELDS = Set.of("op", "timestamp", "user_address", "amount");
    private static final Set<String> LEVERAGE_FIELDS = Set.of("op", "timestamp", "user_address", "market_id",
            "leverage");
    private static final Set<String> FUNDING_FIELDS = Set.of("op", "timestamp", "user_address", "market_id",
            "rate");
    /** Decimals of a funding rate: {@link io.hyperperp.core.risk.RiskSpec#FUNDING_RATE_SCALE} is 10^8. */
    private static final int RATE_DECIMALS = 8;

    private final int collateralDecimals;

    AccountCommandJson(int collateralDecimals) {
        this.collateralDecimals = collateralDecimals;
    }

    Command parse(String op, JsonFields f, long timestamp, String user) {
        switch (op) {
            case "deposit" -> {
                f.onlyAllowed(DEPOSIT_FIELDS);
                return new Deposit(timestamp, user, f.requiredDecimal("amount", collateralDecimals),
                        f.requiredString("deposit_id"));
            }
            case "withdraw" -> {
                f.onlyAllowed(WITHDRAW_FIELDS);
                return new Withdraw(timestamp, user, f.requiredDecimal("amount", collateralDecimals));
            }
            case "set_leverage" -> {
                f.onlyAllowed(LEVERAGE_FIELDS);
                long market = f.requiredLong("market_id", 0);
                long leverage = f.requiredLong("leverage", 0);
                return new SetLeverage(timestamp, user, market, (int) Math.min(leverage, Integer.MAX_VALUE));
            }
            default -> {
                f.onlyAllowed(FUNDING_FIELDS);
                long market = f.requiredLong("market_id", 0);
                return new ApplyFunding(timestamp, user, market, rate(f));
            }
        }
    }

    private static long rate(JsonFields f) {
        JsonNode v = f.value("rate");
        if (v == null) {
            throw JsonFields.missing("rate");
        }
        String text = v.isTextual() ? v.textValue() : v.isNumber() ? v.decimalValue().toPlainString() : null;
        if (text == null) {
            throw new JsonFields.Failure("rate", ParseErrorCode.INVALID_FIELD, "must be a decimal string");
        }
        boolean negative = text.startsWith("-");
        long magnitude = JsonFields.decimalFromText("rate", negative ? text.substring(1) : text, RATE_DECIMALS);
        return negative ? -magnitude : magnitude;
    }

    /** Writes the op-specific fields; false if the command is not one of these ops. */
    boolean write(Command command, JsonGenerator g) throws IOException {
        if (command instanceof Deposit d) {
            g.writeStringField("amount", Decimals.format(d.amount(), collateralDecimals));
            g.writeStringField("deposit_id", d.depositId());
        } else if (command instanceof Withdraw w) {
            g.writeStringField("amount", Decimals.format(w.amount(), collateralDecimals));
        } else if (command instanceof SetLeverage l) {
            g.writeNumberField("market_id", l.marketId());
            g.writeNumberField("leverage", l.leverage());
        } else if (command instanceof ApplyFunding a) {
            g.writeNumberField("market_id", a.marketId());
            String magnitude = Decimals.format(Math.abs(a.rate()), RATE_DECIMALS);
            g.writeStringField("rate", a.rate() < 0 ? "-" + magnitude : magnitude);
        } else {
            return false;
        }
        return true;
    }
}
