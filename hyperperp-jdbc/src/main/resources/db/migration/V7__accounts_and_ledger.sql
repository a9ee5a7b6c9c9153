-- Accounts of margined markets (docs/risk.md): collateral, positions with entry cost and leverage,
-- and an append-only ledger of what moved collateral. Written by the group commit in the same
-- transaction as the orders; recovery rebuilds the engine's accounts from accounts and
-- account_positions, its deposit ids and net deposits from ledger_entries.
-- Amounts are collateral units (numeric, exact); sizes and prices use the market's decimals.

CREATE TABLE accounts (
    user_address   text        PRIMARY KEY,
    account_number bigint      NOT NULL,
    collateral     numeric     NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_number_unique UNIQUE (account_number)
);

COMMENT ON TABLE accounts IS 'one row per engine account (users, insurance fund, fee account), its state after the last committed group';
COMMENT ON COLUMN accounts.account_number IS 'order of first use; ranks ties in liquidation and ADL';

CREATE TABLE account_positions (
    user_address   text    NOT NULL,
    market_id      bigint  NOT NULL,
    position_index integer NOT NULL,
    leverage       integer NOT NULL,
    size           numeric NOT NULL,
    entry_cost     numeric NOT NULL,
    entry_price    numeric,
    PRIMARY KEY (user_address, market_id)
);

COMMENT ON TABLE account_positions IS 'an account''s state in one margined market: leverage, signed size, entry cost (collateral units)';
COMMENT ON COLUMN account_positions.position_index IS 'the order in which the account first used the market';
COMMENT ON COLUMN account_positions.entry_price IS 'entry cost / size at the market''s price decimals, rounded down; NULL without a position';

CREATE TABLE ledger_entries (
    entry_number   bigserial PRIMARY KEY,
    command_number bigint    NOT NULL,
    user_address   text      NOT NULL,
    market_id      bigint,
    kind           text      NOT NULL,
    detail         text,
    amount         numeric   NOT NULL,
    size           numeric,
    price          numeric,
    counterparty   text,
    reference      text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ledger_entries_kind_check CHECK (kind IN
        ('deposit', 'withdrawal', 'fee', 'funding', 'realised_pnl', 'liquidation', 'insurance'))
);

CREATE INDEX ledger_entries_user_idx ON ledger_entries (user_address, entry_number);
CREATE UNIQUE INDEX ledger_entries_deposit_idx ON ledger_entries (reference) WHERE kind = 'deposit';

COMMENT ON TABLE ledger_entries IS 'append-only: every change of an account''s collateral; per account the amounts sum to its collateral';
COMMENT ON COLUMN ledger_entries.amount IS 'signed change of the account''s collateral; 0 for liquidation steps whose effect is booked as realised_pnl';
