-- The single-column CHECK constraints of orders become constraints of domains, under the same names.
--
-- PostgreSQL reads a table's CHECK constraints from their stored node trees and compiles them again for every
-- statement that writes the table: the group commit's COPY of new orders and its UPDATE of existing ones, twice per
-- group. For orders' ten checks that set-up was about two thirds of ExecConstraints, itself ~9% of the group commit's
-- backend CPU (perf of the writer, session 17), and the set-up does not depend on how many rows the statement writes.
-- A domain's constraint is parsed once per backend and kept in the type cache; a statement only prepares it, and
-- an UPDATE checks only the domains of the columns it assigns. What is accepted is unchanged: the same values, NULL
-- passing as before (price), and a violation still names orders_side_check, orders_status_check, ...
--
-- The domains are created without their constraints, the columns changed to them (binary-compatible: no rewrite of
-- the table or its indexes), and the constraints then added to the domains, which checks the existing rows once.
-- The two checks that compare columns stay on the table (orders_limit_price_check, orders_open_size_check).

CREATE DOMAIN orders_side AS text;
CREATE DOMAIN orders_order_type AS text;
CREATE DOMAIN orders_time_in_force AS text;
CREATE DOMAIN orders_stp AS text;
CREATE DOMAIN orders_status AS text;
CREATE DOMAIN orders_size AS numeric;
CREATE DOMAIN orders_price AS numeric;
CREATE DOMAIN orders_filled_size AS numeric;

ALTER TABLE orders
    DROP CONSTRAINT orders_side_check,
    DROP CONSTRAINT orders_order_type_check,
    DROP CONSTRAINT orders_time_in_force_check,
    DROP CONSTRAINT orders_stp_check,
    DROP CONSTRAINT orders_status_check,
    DROP CONSTRAINT orders_size_check,
    DROP CONSTRAINT orders_price_check,
    DROP CONSTRAINT orders_filled_size_check,
    ALTER COLUMN side TYPE orders_side,
    ALTER COLUMN order_type TYPE orders_order_type,
    ALTER COLUMN time_in_force TYPE orders_time_in_force,
    ALTER COLUMN stp TYPE orders_stp,
    ALTER COLUMN status TYPE orders_status,
    ALTER COLUMN size TYPE orders_size,
    ALTER COLUMN price TYPE orders_price,
    ALTER COLUMN filled_size TYPE orders_filled_size;

ALTER DOMAIN orders_side ADD CONSTRAINT orders_side_check CHECK (VALUE IN ('buy', 'sell'));
ALTER DOMAIN orders_order_type ADD CONSTRAINT orders_order_type_check CHECK (VALUE IN ('market', 'limit'));
ALTER DOMAIN orders_time_in_force ADD CONSTRAINT orders_time_in_force_check
    CHECK (VALUE IN ('gtc', 'ioc', 'fok', 'post_only'));
ALTER DOMAIN orders_stp ADD CONSTRAINT orders_stp_check
    CHECK (VALUE IN ('none', 'cancel_taker', 'cancel_maker', 'cancel_both'));
ALTER DOMAIN orders_status ADD CONSTRAINT orders_status_check
    CHECK (VALUE IN ('pending', 'partially_filled', 'filled', 'cancelled', 'expired', 'rejected'));
ALTER DOMAIN orders_size ADD CONSTRAINT orders_size_check CHECK (VALUE > 0);
ALTER DOMAIN orders_price ADD CONSTRAINT orders_price_check CHECK (VALUE > 0);
ALTER DOMAIN orders_filled_size ADD CONSTRAINT orders_filled_size_check CHECK (VALUE >= 0);
