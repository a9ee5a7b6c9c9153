package io.hyperperp.server.auth;

import io.hyperperp.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** Checks {@code Authorization: Bearer <admin token>} in constant time. No token configured = refused. */
public final class AdminAuth {

    private final byte[] tokenDigest;

    /** A check against {@code token} (null: admin routes are disabled). */
    public AdminAuth(String token) {
        this.tokenDigest = token == null ? null : digest(token);
    }

    /** Throws 401/403 unless the header carries the token. */
    public void check(String authorization) {
        if (tokenDigest == null) {
            throw new ApiException(403, "ADMIN_DISABLED", "no admin token is configured (auth.admin_token)");
        }
        String prefix = "Bearer ";
        boolean ok = false;
        if (authorization != null && authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            ok = MessageDigest.isEqual(tokenDigest, digest(authorization.substring(prefix.length()).trim()));
        }
        if (!ok) {
            throw new ApiException(401, "UNAUTHORIZED", "admin bearer token required", null,
                    Map.of("WWW-Authenticate", "Bearer"));
        }
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
