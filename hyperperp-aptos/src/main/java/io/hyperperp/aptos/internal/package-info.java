/**
 * Helpers shared by the Aptos packages (hex, SHA3-256). Not an API: may change without notice.
 */
package io.hyperperp.aptos.internal;
