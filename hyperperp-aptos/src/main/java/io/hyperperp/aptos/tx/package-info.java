/**
 * Aptos transactions without the Aptos SDK.
 *
 * <p>Build an {@link io.hyperperp.aptos.tx.EntryFunction} payload, wrap it in a
 * {@link io.hyperperp.aptos.tx.RawTransaction}, sign it with
 * {@link io.hyperperp.aptos.tx.RawTransaction#sign} (Ed25519 over
 * {@code SHA3-256("APTOS::RawTransaction") || BCS(raw)}) and submit
 * {@link io.hyperperp.aptos.tx.SignedTransaction#toBcs()}. Its
 * {@link io.hyperperp.aptos.tx.SignedTransaction#hash()} is the hash the node reports. Both types
 * decode from bytes too ({@code fromBcs}), for simulators and diagnostics.
 */
package io.hyperperp.aptos.tx;
