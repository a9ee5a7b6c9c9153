/**
 * Conversions between the engine's scaled {@code long} quantities and the {@code numeric} columns of the schema.
 */
package io.hyperperp.jdbc.numeric;
