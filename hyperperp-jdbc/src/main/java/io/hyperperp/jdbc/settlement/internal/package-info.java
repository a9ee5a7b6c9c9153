/** Internals of the settlement store: how it borrows connections and runs transactions. */
package io.hyperperp.jdbc.settlement.internal;
