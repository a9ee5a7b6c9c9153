package io.hyperperp.aptos.client;

/**
 * An account's resource summary ({@code GET /accounts/{addr}}).
 *
 * @param sequenceNumber next sequence number the account will consume
 * @param authenticationKey authentication key as {@code 0x}-prefixed hex
 */
public record AccountInfo(long sequenceNumber, String authenticationKey) {
}
