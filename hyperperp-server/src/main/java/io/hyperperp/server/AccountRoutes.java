package io.hyperperp.server;

import static io.hyperperp.server.BodyErrors.throwIfRejectedAbout;
import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RequestParams.fieldName;
import static io.hyperperp.server.RequestParams.noQuery;
import static io.hyperperp.server.RouteSupport.requireSigner;
import static io.hyperperp.server.RouteSupport.throwIfRejected;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.AccountView;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.backend.AccountLedger;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.collateral.ChainWithdrawals;
import io.hyperperp.server.collateral.CollateralStore;
import io.hyperperp.server.collateral.DepositIdReuse;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.json.UserAddresses;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The account routes (docs/risk.md): an account's margin state and ledger, deposits (admin),
 * withdrawals and leverage (signed by the user in signature mode), and the admin's funding.
 * Amounts are decimal strings with the markets file's {@code collateral_decimals} (6 by default);
 * sizes and prices with their market's decimals.
 */
final class AccountRoutes {

    private final RouteSupport web;
    private final ExchangeBackend backend;
    private final AdminAuth admin;
    private final int collateral;
    private final boolean chainCollateral;
    private final ChainWithdrawals withdrawals;
    /** Where the deposits booked here are noted, and asked who booked an id the engine had seen. */
    private final CollateralStore store;
    /** Funding rates are in units of 10^-8 ({@code RiskSpec.FUNDING_RATE_SCALE}). */
    private static final int FUNDING_RATE_DECIMALS = 8;

    /**
     * With {@code chainCollateral}, collateral comes from verified deposits on chain only and
     * withdrawals are paid on chain through {@code withdrawals} (null: none can be, so they are refused);
     * {@code store} says who booked a deposit id the engine had seen.
     */
    AccountRoutes(RouteSupport web, ExchangeBackend backend, AdminAuth admin, boolean chainCollateral,
                  ChainWithdrawals withdrawals, CollateralStore store) {
        this.web = web;
        this.collateral = backend.markets().collateralDecimals();
        this.backend = backend;
        this.admin = admin;
        this.chainCollateral = chainCollateral;
        this.withdrawals = withdrawals;
        this.store = store;
    }

    /** Registers the account routes. */
    void routes(Router r) {
        r.add("GET", "/accounts/{address}", this::account);
        r.add("GET", "/accounts/{address}/ledger", this::ledger);
        r.add("POST", "/deposits", this::deposit);
        r.add("POST", "/withdrawals", this::withdraw);
        r.add("POST", "/leverage", this::leverage);
        r.add("POST", "/markets/{market_id}/funding", this::funding);
    }

    private static String address(ApiRequest req) {
        String address = req.param("address");
        if (address == null || !UserAddresses.isAccount(address)) {
            throw ApiException.badRequest("INVALID_FIELD",
                    "must be lower-case 0x + 1-64 hex digits without leading zeros, insurance_fund or fee_account",
                    "address");
        }
        return address;
    }

    private ApiResponse account(ApiRequest req) {
        noQuery(req);
        String address = address(req);
        Optional<AccountView> view = web.query(e -> e.account(address));
        return ApiResponse.ok(web.json(g -> writeAccount(address, view.orElse(null), g)));
    }

    /** Writes an account; {@code view} null is an address that never held collateral. */
    void writeAccount(String address, AccountView view, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("address", address);
        amount(g, "collateral", view == null ? 0 : view.collateral());
        amount(g, "equity", view == null ? 0 : view.equity());
        amount(g, "margin_used", view == null ? 0 : view.marginUsed());
        amount(g, "maintenance_margin", view == null ? 0 : view.maintenanceMargin());
        amount(g, "free_collateral", view == null ? 0 : view.freeCollateral());
        g.writeArrayFieldStart("markets");
        for (AccountView.PositionView p : view == null ? List.<AccountView.PositionView>of() : view.positions()) {
            MarketSpec spec = web.spec(p.marketId());
            g.writeStartObject();
            g.writeNumberField("market_id", p.marketId());
            g.writeNumberField("leverage", p.leverage());
            g.writeStringField("size", Decimals.format(p.size(), spec.sizeDecimals()));
            g.writeStringField("side", p.size() > 0 ? "long" : p.size() < 0 ? "short" : "flat");
            price(g, "entry_price", p.entryPrice(), spec);
            price(g, "mark_price", p.markPrice(), spec);
            amount(g, "unrealised_pnl", p.unrealisedPnl());
            price(g, "liquidation_price", p.liquidationPrice(), spec);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void amount(JsonGenerator g, String field, long value) throws IOException {
        g.writeStringField(field, Decimals.format(value, collateral));
    }

    private static void price(JsonGenerator g, String field, long value, MarketSpec spec) throws IOException {
        if (value <= 0) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, Decimals.format(value, spec.priceDecimals()));
        }
    }

    private ApiResponse ledger(ApiRequest req) {
        allowParams(req, "limit", "before");
        String address = address(req);
        int limit = RequestParams.limitParam(req, 100, 1000);
        String beforeText = req.query("before");
        long before = Long.MAX_VALUE;
        if (beforeText != null) {
            before = RequestParams.nonNegativeLongOrMinusOne(beforeText);
            if (before < 0) {
                throw ApiException.badRequest("INVALID_FIELD", "before must be an entry number from 0 to 2^63 - 1",
                        "before");
            }
        }
        AccountLedger ledger = backend.accountLedger().orElseThrow(() -> new ApiException(501, "LEDGER_UNAVAILABLE",
                "the ledger is kept in PostgreSQL; this server runs without a database", null));
        List<AccountLedger.Entry> entries = ledger.entries(address, before, limit);
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeStringField("address", address);
            g.writeArrayFieldStart("entries");
            for (AccountLedger.Entry e : entries) {
                g.writeStartObject();
                g.writeNumberField("entry_number", e.entryNumber());
                g.writeNumberField("command_number", e.commandNumber());
                if (e.marketId() == null) {
                    g.writeNullField("market_id");
                } else {
                    g.writeNumberField("market_id", e.marketId());
                }
                g.writeStringField("kind", e.kind());
                g.writeStringField("detail", e.detail());
                MarketSpec spec = e.marketId() == null ? null : web.spec(e.marketId());
                g.writeStringField("amount", canonical(e.amount(), collateral));
                g.writeStringField("size", canonical(e.size(), spec == null ? collateral : spec.sizeDecimals()));
                g.writeStringField("price", canonical(e.price(), spec == null ? collateral : spec.priceDecimals()));
                g.writeStringField("counterparty", e.counterparty());
                g.writeStringField("reference", e.reference());
                g.writeNumberField("created_at", e.createdAtMicros());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /**
     * A database decimal in the API's one decimal form (the form {@link Decimals#format} gives a scaled
     * value at the field's scale), so a ledger amount reads like the same amount anywhere else.
     */
    private static String canonical(BigDecimal value, int scale) {
        if (value == null) {
            return null;
        }
        try {
            return Decimals.format(value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact(),
                    scale);
        } catch (ArithmeticException e) {
            // More digits than the field's scale or beyond 64 bits: still exact, trailing zeros dropped.
            String plain = value.stripTrailingZeros().toPlainString();
            return plain.indexOf('.') < 0 ? plain + ".0" : plain;
        }
    }

    private ApiResponse deposit(ApiRequest req) throws IOException {
        noQuery(req);
        admin.check(req.header("Authorization"));
        ObjectNode node = body(req, Set.of("user_address", "amount", "deposit_id"));
        if (chainCollateral) {
            throw new ApiException(409, "DEPOSITS_COME_FROM_CHAIN", "with a chain configured, collateral is credited "
                    + "only from verified deposits on chain (vault_coin::deposit)", null);
        }
        Command command = web.command(node, "deposit");
        CommandResult result = web.await(backend.runtime().submit(command));
        throwIfRejected(result);
        Optional<RiskEvent> credited = risk(result, RiskEvent.Kind.DEPOSIT);
        Deposit deposit = (Deposit) command;
        BigInteger amount = BigInteger.valueOf(deposit.amount());
        if (credited.isPresent()) {
            store.noteBooked(new CollateralStore.Credit(deposit.depositId(), deposit.userAddress(), amount, null));
        } else {
            // The id was booked before: a retry is answered as such, another user's or amount's id is a 409.
            DepositIdReuse.refuseIfTaken(store, deposit.depositId(), "deposit_id", deposit.userAddress(), amount,
                    units -> Decimals.format(units.longValueExact(), collateral));
        }
        return accountAnswer(command.userAddress(), g -> {
            g.writeStringField("deposit_id", node.get("deposit_id").asText());
            g.writeBooleanField("credited", credited.isPresent());
            if (credited.isEmpty()) {
                g.writeStringField("reason", DepositIdReuse.RETRY_REASON);
            }
        });
    }

    private ApiResponse withdraw(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        ObjectNode parsed = objectOrNull(body);
        if (parsed != null && UserAddresses.isSystemAccount(parsed.path("user_address").asText(null))) {
            return withdrawFromSystemAccount(req, parsed);
        }
        String signer = web.authenticate(req, body);
        // A body that is no JSON object is refused here, after the signature, as it was before system accounts
        ObjectNode node = checkFields(parsed != null ? parsed : web.object(body), Set.of("user_address", "amount"));
        Command command = web.command(node, "withdraw");
        requireSigner(signer, command.userAddress());
        web.limitUser(command.userAddress(), 1);
        if (chainCollateral) {
            // the amount as parsed, in the one decimal form
            return withdrawOnChain((Withdraw) command,
                    Decimals.format(((Withdraw) command).amount(), collateral));
        }
        return withdrawOffChain((Withdraw) command);
    }

    /** The body as a JSON object, or null when it is none (its error then comes after the signature check). */
    private ObjectNode objectOrNull(byte[] body) {
        try {
            return web.object(body);
        } catch (ApiException e) {
            return null;
        }
    }

    /** Debits a withdrawal paid off chain; answers with the account after it. */
    private ApiResponse withdrawOffChain(Withdraw command) {
        throwIfRejected(web.await(backend.runtime().submit(command)));
        return accountAnswer(command.userAddress(), g -> g.writeStringField("withdrawn",
                Decimals.format(command.amount(), collateral))); // the amount as parsed, in the one decimal form
    }

    /**
     * The operator's withdrawal from the insurance fund or the fee account: with the admin token (no
     * key signs for them), off chain only (the vault pays only accounts' own addresses).
     */
    private ApiResponse withdrawFromSystemAccount(ApiRequest req, ObjectNode body) {
        admin.check(req.header("Authorization"));
        if (chainCollateral) {
            throw new ApiException(409, "CHAIN_WITHDRAWALS_UNAVAILABLE", "with a chain configured, collateral "
                    + "leaves only to an account's own Aptos address; the system accounts have none", "user_address");
        }
        return withdrawOffChain((Withdraw) web.command(checkFields(body, Set.of("user_address", "amount")), "withdraw"));
    }

    /**
     * Records the withdrawal, debits it in the engine, then pays it on chain ({@code withdraw_for});
     * the answer comes once it is debited, with the id that follows it in the ledger and the logs.
     */
    private ApiResponse withdrawOnChain(Withdraw command, String amount) {
        if (withdrawals == null) {
            throw new ApiException(409, "CHAIN_WITHDRAWALS_UNAVAILABLE", "collateral is on chain, and withdrawals "
                    + "are paid on chain only by a server that settles on chain with the persistent backend", null);
        }
        try {
            io.hyperperp.aptos.account.AccountAddress.parse(command.userAddress());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_FIELD", "must be an Aptos account address to be paid on chain",
                    "user_address");
        }
        long id;
        synchronized (withdrawals) {
            // The check and the record together: two withdrawals cannot both pass on the same collateral.
            web.checkPreTrade(command);
            id = withdrawals.record(command);
        }
        // The record follows the engine's answer even if this request stops waiting for it (a timeout).
        CommandResult result = web.await(withdrawals.follow(id, command, backend.runtime().submit(command)));
        throwIfRejected(result);
        return accountAnswer(command.userAddress(), g -> {
            g.writeStringField("withdrawn", amount);
            g.writeNumberField("withdrawal_id", id);
            g.writeStringField("chain_status", "sending");
        });
    }

    private ApiResponse leverage(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        ObjectNode node = checkFields(web.object(body), Set.of("user_address", "market_id", "leverage"));
        if (node.has("market_id")) {
            web.marketId(node.get("market_id").asText());
        }
        Command command = web.command(node, "set_leverage");
        requireSigner(signer, command.userAddress());
        web.limitUser(command.userAddress(), 1);
        CommandResult result = web.await(backend.runtime().submit(command));
        throwIfRejectedAbout(result, "leverage");
        return accountAnswer(command.userAddress(), null);
    }

    private ApiResponse funding(ApiRequest req) throws IOException {
        noQuery(req);
        admin.check(req.header("Authorization"));
        ObjectNode node = body(req, Set.of("rate"));
        long market = web.marketId(req.param("market_id"));
        node.put("user_address", "0x0");
        node.put("market_id", market);
        Command command = web.command(node, "apply_funding");
        CommandResult result = web.await(backend.runtime().submit(command));
        throwIfRejectedAbout(result, "rate");
        long payments = result.events().stream().filter(e -> e instanceof EngineEvent.Risk r
                && r.event().kind() == RiskEvent.Kind.FUNDING).count();
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeNumberField("market_id", market);
            g.writeStringField("rate", Decimals.format(((ApplyFunding) command).rate(), FUNDING_RATE_DECIMALS));
            g.writeNumberField("payments", payments);
            g.writeEndObject();
        }));
    }

    private ObjectNode body(ApiRequest req, Set<String> allowed) throws IOException {
        return checkFields(web.object(req.jsonBody()), allowed);
    }

    private static ObjectNode checkFields(ObjectNode node, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field", fieldName(f));
            }
        }
        return node;
    }

    private static Optional<RiskEvent> risk(CommandResult result, RiskEvent.Kind kind) {
        return result.events().stream().filter(EngineEvent.Risk.class::isInstance)
                .map(e -> ((EngineEvent.Risk) e).event()).filter(r -> r.kind() == kind).findFirst();
    }

    /** The account after a command, with the command's own fields first. */
    private ApiResponse accountAnswer(String address, RouteSupport.JsonWriter extra) {
        Optional<AccountView> view = web.query(e -> e.account(address));
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            if (extra != null) {
                extra.write(g);
            }
            g.writeFieldName("account");
            writeAccount(address, view.orElse(null), g);
            g.writeEndObject();
        }));
    }
}
