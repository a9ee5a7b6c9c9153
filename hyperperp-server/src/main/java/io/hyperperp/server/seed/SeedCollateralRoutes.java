package io.hyperperp.server.seed;

import static io.hyperperp.server.RequestParams.noQuery;
import static io.hyperperp.server.RouteSupport.requireSigner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosException;
import io.hyperperp.aptos.collateral.ChainDeposits;
import io.hyperperp.aptos.collateral.VaultCoin;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.server.RequestParams;
import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.collateral.ChainCollateral;
import io.hyperperp.server.collateral.CollateralStore;
import io.hyperperp.server.collateral.DepositIdReuse;
import io.hyperperp.server.collateral.DepositLedger;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The seed's collateral routes: {@code POST /orders/freeze} (the deposit payload an order needs),
 * {@code POST /orders/confirm} (verify the deposit on chain, credit it once, place the order under
 * the freeze's id) and {@code POST /deposit} (an admin credit where no chain is configured).
 */
final class SeedCollateralRoutes {

    private static final long U64_MAX_DIGITS = 20;

    private final RouteSupport web;
    private final ExchangeBackend backend;
    private final SeedOrderRoutes orders;
    private final SeedOrderIds ids;
    private final SeedJson json;
    private final DepositLedger ledger;
    private final ChainCollateral chain;
    private final AdminAuth admin;
    private final CollateralNeeds needs;
    private final PendingFreezes freezes;
    /** Asked who booked a deposit id the engine had seen. */
    private final CollateralStore store;

    SeedCollateralRoutes(RouteSupport web, ExchangeBackend backend, SeedOrderRoutes orders, SeedOrderIds ids,
                         SeedJson json, DepositLedger ledger, ChainCollateral chain, AdminAuth admin,
                         CollateralNeeds needs, CollateralStore store) {
        this.web = web;
        this.backend = backend;
        this.orders = orders;
        this.ids = ids;
        this.json = json;
        this.ledger = ledger;
        this.chain = chain;
        this.admin = admin;
        this.needs = needs;
        this.store = store;
        this.freezes = new PendingFreezes(store,
                text -> web.object(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), ids::remember);
    }

    void routes(Router r) {
        r.add("POST", "/orders/freeze", this::freeze);
        r.add("POST", "/orders/confirm", this::confirm);
        r.add("POST", "/deposit", this::deposit);
    }

    private ApiResponse freeze(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        ObjectNode order = SeedOrderRequest.toNative(web.object(body), SeedOrderRequest.ORDER_FIELDS);
        if (order.has("client_order_id")) {
            throw ApiException.badRequest("INVALID_FIELD", "a frozen order is known by the order_id the freeze "
                    + "answers; it takes no client_order_id", "client_order_id");
        }
        // Validated exactly as a placement would be, but not submitted.
        PlaceOrder command = placeCommand(order.deepCopy());
        // The seed checks neither; an order the engine refuses for them must not get an order_id (and, with a chain,
        // a deposit to sign) that its confirm can only refuse.
        if (command.size() <= 0) {
            throw ApiException.badRequest("INVALID_SIZE", "size must be positive", "size");
        }
        if (command.orderType() == io.hyperperp.core.order.OrderType.LIMIT && command.price() <= 0) {
            throw ApiException.badRequest("INVALID_PRICE", "price must be positive", "price");
        }
        requireSigner(signer, command.userAddress());
        BigInteger required = needs.beyondFree(command);
        if (chain == null && required.signum() > 0) {
            throw new ApiException(400, "INSUFFICIENT_COLLATERAL", "this order needs " + required
                    + " more base units of collateral than are free; deposit first (POST /deposit)", "size");
        }
        String orderId = SeedOrderIds.newSeedId();
        freezes.add(PendingFreezes.now(orderId, command.userAddress(), order, required));
        ids.remember(orderId, command.userAddress());
        BigInteger whole = required.divide(CollateralNeeds.WHOLE_COIN);
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeStringField("order_id", orderId);
            if (chain == null) {
                g.writeNullField("freeze_transaction_payload");
            } else {
                VaultCoin.JsonPayload p = chain.vault().depositJson(required);
                g.writeObjectFieldStart("freeze_transaction_payload");
                g.writeStringField("function", p.function());
                g.writeArrayFieldStart("type_arguments");
                for (String t : p.typeArguments()) {
                    g.writeString(t);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("arguments");
                for (String a : p.arguments()) {
                    g.writeString(a);
                }
                g.writeEndArray();
                g.writeNumberField("gas_limit", 100_000);
                g.writeNumberField("gas_unit_price", 100);
                g.writeEndObject();
            }
            g.writeNumberField("required_collateral", whole);
            g.writeStringField("message", chain == null
                    ? "Your deposited collateral covers this order: confirm it with this order_id."
                    : "Sign the deposit of " + whole + " into the exchange's ledger, then confirm with its hash.");
            g.writeEndObject();
        }));
    }

    private ApiResponse confirm(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        ObjectNode node = web.object(body);
        String orderId = SeedOrderRequest.text(node, "order_id", true).toLowerCase(java.util.Locale.ROOT);
        if (!SeedOrderIds.isSeedId(orderId)) {
            throw ApiException.badRequest("INVALID_FIELD", "order_id must be the id POST /orders/freeze answered",
                    "order_id");
        }
        String hash = SeedOrderRequest.text(node, "signed_transaction_hash", chain != null);
        Optional<ObjectNode> repeated = RepeatedOrder.of(node);
        Optional<PendingFreezes.Freeze> pending = freezes.get(orderId);
        if (pending.isEmpty()) {
            return alreadyConfirmed(orderId, repeated, signer);
        }
        PendingFreezes.Freeze freeze = pending.get();
        synchronized (freeze) {
            if (freezes.get(orderId).isEmpty()) {
                return alreadyConfirmed(orderId, repeated, signer);
            }
            // Whose freeze it is comes first: another key learns nothing from which fields differ.
            requireSigner(signer, freeze.user());
            repeated.ifPresent(r -> RepeatedOrder.requireSameAsFrozen(freeze.order(), r));
            if (backend.orders().byClientOrderId(freeze.user(), orderId).isPresent()) {
                // Placed before a restart that came before the freeze was marked confirmed.
                freezes.confirmed(orderId);
                return alreadyConfirmed(orderId, repeated, signer);
            }
            if (chain != null) {
                creditVerified(freeze, hash);
            }
            // The credited deposits must cover the order now: a deposit adds once however often it is
            // offered, so nothing is placed on collateral counted twice.
            if (needs.beyondFree(placeCommand(freeze.order().deepCopy())).signum() > 0) {
                throw new ApiException(400, "INSUFFICIENT_COLLATERAL", "the deposited collateral does not cover "
                        + "this order", "order_id");
            }
            ObjectNode order = freeze.order().deepCopy();
            order.put("client_order_id", orderId);
            CommandResult result = orders.place(order, signer);
            freezes.confirmed(orderId);
            return ApiResponse.ok(web.json(g -> orders.writeOrderResponse(result, "Order confirmed and placed.", g)));
        }
    }

    /** Verifies the deposit and credits it (once), or fails naming why. */
    private void creditVerified(PendingFreezes.Freeze freeze, String hash) {
        String key = hash.toLowerCase(java.util.Locale.ROOT);
        if (!key.matches("0x[0-9a-f]{64}")) {
            throw ApiException.badRequest("INVALID_FIELD", "must be a transaction hash: 0x and 64 hex digits",
                    "signed_transaction_hash");
        }
        Optional<String> usedBy = ledger.usedFor(key);
        if (usedBy.isPresent() && !usedBy.get().equals(freeze.orderId())) {
            throw new ApiException(409, "TRANSACTION_ALREADY_USED", "this deposit already confirmed another order",
                    "signed_transaction_hash");
        }
        ChainDeposits.Verification v;
        try {
            v = chain.verify(key, AccountAddress.parse(freeze.user()), freeze.required());
        } catch (AptosException e) {
            throw new ApiException(503, "CHAIN_UNAVAILABLE", "the node could not be asked; retry", null,
                    Map.of("Retry-After", "2"));
        }
        switch (v) {
            case ChainDeposits.Verification.Verified ok -> {
                ledger.credit(key, freeze.user(), ok.deposit().amount(), freeze.orderId());
                if (!ledger.use(key, freeze.orderId())) {
                    throw new ApiException(409, "TRANSACTION_ALREADY_USED", "this deposit already confirmed another "
                            + "order", "signed_transaction_hash");
                }
            }
            case ChainDeposits.Verification.Pending p -> throw new ApiException(409, "TRANSACTION_PENDING",
                    "the deposit is not committed yet; retry", "signed_transaction_hash", Map.of("Retry-After", "1"));
            case ChainDeposits.Verification.NotFound n -> throw new ApiException(400, "TRANSACTION_NOT_FOUND",
                    "the node does not know this transaction", "signed_transaction_hash");
            case ChainDeposits.Verification.Refused r -> throw new ApiException(400, switch (r.problem()) {
                case FAILED -> "DEPOSIT_FAILED";
                case NOT_A_DEPOSIT -> "NOT_A_DEPOSIT";
                case WRONG_SENDER -> "DEPOSIT_WRONG_SENDER";
                case TOO_SMALL -> "DEPOSIT_TOO_SMALL";
            }, switch (r.problem()) {
                case FAILED -> "the deposit transaction failed on chain";
                case NOT_A_DEPOSIT -> "the transaction is not a deposit of the collateral coin into the exchange's ledger";
                case WRONG_SENDER -> "the deposit was sent by another account than the order's user";
                case TOO_SMALL -> "the deposit pays less than the freeze asked (" + freeze.required() + " base units)";
            }, "signed_transaction_hash");
        }
    }

    /**
     * A confirm after its freeze succeeded (a retry): the order as it is now, or 404. Fields it repeats
     * must be the placed order's (400 {@code ORDER_MISMATCH} naming the first that differs).
     */
    private ApiResponse alreadyConfirmed(String orderId, Optional<ObjectNode> repeated, String signer) {
        // The id's owner, not the user the body names: a body naming another user is a mismatch, not a 404.
        Optional<String> owner = ids.owner(orderId).or(() -> repeated.map(r -> r.path("user_address").asText()));
        Optional<OrderSnapshot> order = owner.flatMap(u -> backend.orders().byClientOrderId(u, orderId));
        if (order.isEmpty()) {
            throw ApiException.notFound("FREEZE_NOT_FOUND", "no pending freeze with this order_id (unknown or expired)");
        }
        requireSigner(signer, order.get().userAddress());
        if (repeated.isPresent()) {
            RepeatedOrder.requireSameAsPlaced(order.get(), placeCommand(repeated.get().deepCopy()));
        }
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeFieldName("order");
            json.order(order.get(), g);
            g.writeArrayFieldStart("trades");
            g.writeEndArray();
            g.writeStringField("message", "Order already confirmed.");
            g.writeEndObject();
        }));
    }

    private PlaceOrder placeCommand(ObjectNode order) {
        Command c = web.command(order, "place");
        if (!(c instanceof PlaceOrder p)) {
            throw ApiException.badRequest("INVALID_FIELD", "must be Limit or Market", "order_type");
        }
        return p;
    }

    private ApiResponse deposit(ApiRequest req) throws IOException {
        noQuery(req);
        admin.check(req.header("Authorization"));
        byte[] body = req.jsonBody();
        ObjectNode node = web.object(body);
        for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("user_address", "amount", "deposit_id").contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field", f.length() <= 64 ? f : null);
            }
        }
        if (chain != null) {
            throw new ApiException(409, "DEPOSITS_COME_FROM_CHAIN", "with a chain configured, collateral is credited "
                    + "only from verified deposits on chain (vault_coin::deposit)", null);
        }
        AccountAddress user = SeedAddresses.parse(SeedOrderRequest.text(node, "user_address", true), "user_address");
        JsonNode amountNode = node.get("amount");
        if (amountNode == null || amountNode.isNull()) {
            throw ApiException.badRequest("MISSING_FIELD", "amount is required", "amount");
        }
        if (!amountNode.isIntegralNumber() || amountNode.bigIntegerValue().signum() <= 0
                || amountNode.bigIntegerValue().bitLength() > 64 || amountNode.asText().length() > U64_MAX_DIGITS) {
            throw ApiException.badRequest("INVALID_FIELD", "amount must be a positive whole number of base units "
                    + "(a u64; 6 decimals for USDC)", "amount");
        }
        BigInteger amount = amountNode.bigIntegerValue();
        if (amount.bitLength() > 63) {
            throw ApiException.badRequest("AMOUNT_TOO_LARGE", "amount is more than the engine can hold ("
                    + Deposit.MAX_NET_DEPOSITS + " base units in all)", "amount");
        }
        String depositId = node.hasNonNull("deposit_id")
                ? "admin:" + SeedOrderRequest.text(node, "deposit_id", false) : "admin:" + SeedOrderIds.newSeedId();
        if (depositId.length() > 100 || depositId.equals("admin:")) {
            // an empty id would be the one id "admin:" for every caller that sends it
            throw ApiException.badRequest("INVALID_FIELD", "deposit_id must be 1 to 94 characters", "deposit_id");
        }
        if (!Deposit.isValidId(depositId)) {
            // the engine refuses it too (INVALID_DEPOSIT_ID); the seed's API names it with its own code and field
            throw ApiException.badRequest("INVALID_FIELD", "deposit_id must not contain control or format characters",
                    "deposit_id");
        }
        // The engine decides, then the ledger mirrors what it booked: a check of the room left made before
        // submitting raced other admin deposits (several answered credited, one booked).
        String key = user.toShortString();
        CommandResult result = web.await(backend.runtime().submit(
                new Deposit(web.nextMicros(), key, amount.longValueExact(), depositId)));
        RouteSupport.throwIfRejected(result);
        // no deposit event: the engine had booked this id before (a retry, or /v1/deposits under this id, maybe
        // for another user or amount), so this answer credits nothing, and the ledger takes nothing from it
        boolean credited = result.events().stream().anyMatch(e -> e instanceof EngineEvent.Risk r
                && r.event().kind() == RiskEvent.Kind.DEPOSIT);
        if (credited) {
            ledger.creditBooked(depositId, key, amount);
        } else {
            // a retry is answered credited: false; another user's or amount's id is a 409 naming deposit_id
            DepositIdReuse.refuseIfTaken(store, depositId, "deposit_id", key, amount, units -> units + " base units");
        }
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeStringField("transaction_hash", depositId);
            g.writeNumberField("amount", amount);
            g.writeStringField("user_address", user.toString());
            g.writeBooleanField("credited", credited);
            if (!credited) {
                g.writeStringField("reason", DepositIdReuse.RETRY_REASON);
            }
            g.writeEndObject();
        }));
    }
}
