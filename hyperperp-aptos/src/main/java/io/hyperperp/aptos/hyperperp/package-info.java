/**
 * HyperPerp's settlement calls on Aptos.
 *
 * <p>{@link io.hyperperp.aptos.hyperperp.BatchCall} turns {@link io.hyperperp.aptos.hyperperp.SettlementFill}s
 * and {@link io.hyperperp.aptos.hyperperp.BatchParams} into entry-function payloads, either one
 * column-wise {@code apply_batch_v} call (layout {@code batch}) or one {@code apply_batch_simple}
 * call per fill (layout {@code per-fill}, the only entry point of the deployed package); it also
 * decodes them and computes how many fills fit under the 64 KiB raw-transaction limit.
 * {@link io.hyperperp.aptos.hyperperp.MoveAbort} parses committed {@code vm_status} strings and
 * {@link io.hyperperp.aptos.hyperperp.HyperPerpError} names the contract's abort codes.
 */
package io.hyperperp.aptos.hyperperp;
