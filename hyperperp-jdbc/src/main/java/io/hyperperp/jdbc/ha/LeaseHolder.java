package io.hyperperp.jdbc.ha;

/**
 * The lease row as the database sees it now.
 *
 * @param term          the current term (0 before any instance took the lease)
 * @param holder        the instance holding (or last holding) the lease, null if none ever did
 * @param advertisedUrl the URL clients reach the holder at, null if none
 * @param expired       whether the lease has expired (or was released) by the database's clock
 */
public record LeaseHolder(long term, String holder, String advertisedUrl, boolean expired) {
}
