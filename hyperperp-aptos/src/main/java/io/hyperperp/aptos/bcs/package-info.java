/**
 * Binary Canonical Serialization (BCS), the wire format of Aptos transactions and Move arguments.
 *
 * <p>{@link io.hyperperp.aptos.bcs.BcsWriter} encodes little-endian integers up to u128, bools,
 * ULEB128 lengths, byte strings, UTF-8 strings, addresses and vectors;
 * {@link io.hyperperp.aptos.bcs.BcsReader} decodes them strictly (truncation, non-canonical
 * ULEB128 and trailing bytes are errors).
 */
package io.hyperperp.aptos.bcs;
