/**
 * High availability ({@code ha.enabled}): instances sharing one PostgreSQL, one leader holding the lease, the
 * others following the command log and redirecting order-changing requests to it. {@link
 * io.hyperperp.server.ha.HaServe} runs an instance; see docs/operations.md.
 */
package io.hyperperp.server.ha;
