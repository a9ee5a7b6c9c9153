-- Collateral on chain (docs/onchain.md, docs/seed-compatibility.md): what a restart must not lose
-- or repeat. Deposits credited (by transaction hash or admin deposit id) with the order a deposit
-- confirmed; the seed's frozen orders waiting for their deposit (and, once confirmed, who owns
-- their order id); withdrawals sent as vault_coin::withdraw_for, with the transaction recorded
-- before it is posted, like a settlement batch's. Amounts are the coin's base units.

CREATE TABLE collateral_credits (
    deposit_id   text        PRIMARY KEY,
    user_address text        NOT NULL,
    amount       numeric     NOT NULL CHECK (amount >= 0),
    used_for     text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE collateral_credits IS 'deposits credited once each: a chain transaction hash, or admin:<id>';
COMMENT ON COLUMN collateral_credits.used_for IS 'the seed order id whose POST /orders/confirm this deposit paid, if any';

CREATE TABLE seed_freezes (
    order_id     text        PRIMARY KEY,
    user_address text        NOT NULL,
    order_json   text        NOT NULL,
    required     numeric     NOT NULL,
    expires_at   timestamptz NOT NULL,
    confirmed    boolean     NOT NULL DEFAULT false
);

COMMENT ON TABLE seed_freezes IS 'POST /orders/freeze: the order waiting for its deposit until expires_at; a confirmed row names the owner of its order id';

CREATE TABLE chain_withdrawals (
    withdrawal_id      bigserial   PRIMARY KEY,
    user_address       text        NOT NULL,
    amount             numeric     NOT NULL CHECK (amount > 0),
    command_timestamp  bigint      NOT NULL,
    status             text        NOT NULL,
    tx_hash            text,
    sequence_number    bigint,
    expiration_secs    bigint,
    signed_transaction bytea,
    message            text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT chain_withdrawals_status_check CHECK (status IN
        ('requested', 'debited', 'confirmed', 'failed', 'refunded', 'refused'))
);

CREATE INDEX chain_withdrawals_open_idx ON chain_withdrawals (withdrawal_id)
    WHERE status IN ('requested', 'debited', 'failed');

COMMENT ON TABLE chain_withdrawals IS 'POST /v1/withdrawals with a chain: requested (engine debit not yet known), debited (sending), confirmed, failed (committed as an abort or refused by the node: to credit back), refunded, refused (the engine refused the debit)';
COMMENT ON COLUMN chain_withdrawals.command_timestamp IS 'timestamp of the engine''s withdraw command: finds its debit in the command log after a crash';
COMMENT ON COLUMN chain_withdrawals.signed_transaction IS 'BCS of the signed transaction, recorded before it is posted';
