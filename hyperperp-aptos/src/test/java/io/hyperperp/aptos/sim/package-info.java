/**
 * A loopback Aptos fullnode simulator for tests: start one with
 * {@code NodeSimulator.builder().contract(addr).start()}, register accounts with
 * {@code createAccount(publicKey)}, point an {@code AptosClient} at {@code url()}, and switch
 * faults on with {@code faults()} (latency, commit latency, 5xx, 429, 507, lost responses,
 * sequence-number errors, dropped transactions, forced aborts).
 */
package io.hyperperp.aptos.sim;
