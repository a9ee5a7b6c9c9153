/**
 * Aptos settlement adapter for HyperPerp, built on the JDK (Ed25519, SHA3-256), OkHttp and
 * Jackson, without the Aptos SDK.
 *
 * <ul>
 *   <li>{@code bcs}: Binary Canonical Serialization.</li>
 *   <li>{@code account}: 32-byte addresses with AIP-40 formatting.</li>
 *   <li>{@code crypto}: Ed25519 keys (private keys are never printed).</li>
 *   <li>{@code tx}: entry-function payloads, raw and signed transactions, hashes, decoding.</li>
 *   <li>{@code hyperperp}: settlement call layouts, abort codes, {@code vm_status} parsing.</li>
 *   <li>{@code client}: fullnode REST client with typed errors.</li>
 *   <li>{@code settlement}: the settlement sink, its settings and start-up checks.</li>
 *   <li>{@code internal}: helpers, not API.</li>
 * </ul>
 *
 * <p>Tests carry {@code io.hyperperp.aptos.sim.NodeSimulator}, a loopback fullnode with fault
 * injection.
 */
package io.hyperperp.aptos;
