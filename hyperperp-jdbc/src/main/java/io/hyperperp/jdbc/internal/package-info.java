/**
 * Implementation details of {@code io.hyperperp.jdbc}: URL parsing, the embedded server, pool and migration
 * plumbing. Not API: may change without notice.
 */
package io.hyperperp.jdbc.internal;
