/**
 * Ed25519 keys for Aptos accounts, on the JDK's own Ed25519 and SHA3-256 providers.
 *
 * <p>{@link io.hyperperp.aptos.crypto.Ed25519PrivateKey} loads a 32-byte seed from text, an
 * environment variable or a file and never reveals it in {@code toString} or exception messages;
 * {@link io.hyperperp.aptos.crypto.Ed25519PublicKey} derives the authentication key
 * {@code SHA3-256(pubkey || 0x00)}, which is also the address of a fresh account.
 */
package io.hyperperp.aptos.crypto;
