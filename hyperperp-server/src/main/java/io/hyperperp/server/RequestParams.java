package io.hyperperp.server;

import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.json.UserAddresses;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of query parameters shared by the routes: each refusal is a 400 naming the parameter.
 */
public final class RequestParams {

    /** A UUID in its canonical text form (any case). */
    static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A non-negative integer that fits a long. */
    static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private RequestParams() {
    }

    /** The optional or required {@code market_id} query parameter; -1 when absent and optional. */
    static long marketParam(ApiRequest req, boolean required) {
        String text = req.query("market_id");
        if (text == null) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", "market_id is required", "market_id");
            }
            return -1;
        }
        long id = marketIdOrMinusOne(text);
        if (id < 0) {
            throw ApiException.badRequest("INVALID_FIELD", "market_id must be an integer from 0 to 2^63 - 1", "market_id");
        }
        return id;
    }

    /**
     * A market id as text (path or query): 0 to 2^63 − 1, the range a body accepts, so that every market an
     * order can open can be named; -1 when the text is not such an integer.
     */
    static long marketIdOrMinusOne(String text) {
        return nonNegativeLongOrMinusOne(text);
    }

    /** 0 to 2^63 − 1 written in ASCII digits (no sign, no exponent); -1 for any other text. */
    static long nonNegativeLongOrMinusOne(String text) {
        if (text == null || text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1; // 19 digits past 2^63 - 1
        }
    }

    /** The {@code user_address} query parameter, canonical; null when absent and optional. */
    static String userParam(ApiRequest req, boolean required) {
        String user = req.query("user_address");
        if (user == null) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", "user_address is required", "user_address");
            }
            return null;
        }
        if (!UserAddresses.isCanonical(user)) {
            throw ApiException.badRequest("INVALID_FIELD",
                    "must be lower-case 0x + 1-64 hex digits without leading zeros", "user_address");
        }
        return user;
    }

    /** The {@code limit} query parameter in [1, max]. */
    static int limitParam(ApiRequest req, int def, int max) {
        return intParam(req, "limit", def, 1, max);
    }

    /** An integer query parameter in [min, max], or {@code def} when absent. */
    public static int intParam(ApiRequest req, String name, int def, int min, int max) {
        String text = req.query(name);
        if (text == null) {
            return def;
        }
        if (!DIGITS.matcher(text).matches() || Long.parseLong(text) < min || Long.parseLong(text) > max) {
            throw ApiException.badRequest("INVALID_FIELD", name + " must be an integer in [" + min + ", " + max + "]",
                    name);
        }
        return Integer.parseInt(text);
    }

    /** Refuses any query parameter. */
    public static void noQuery(ApiRequest req) {
        // Most requests have no query: no name set and iterator made to find nothing.
        if (!req.queryNames().isEmpty()) {
            allowParams(req);
        }
    }

    /** Refuses query parameters other than {@code names}. */
    public static void allowParams(ApiRequest req, String... names) {
        Set<String> allowed = Set.of(names);
        for (String q : req.queryNames()) {
            if (!allowed.contains(q)) {
                throw ApiException.badRequest("UNKNOWN_PARAMETER", "unknown query parameter", fieldName(q));
            }
        }
    }

    /** A client's field name fit to echo in an error (printable ASCII, at most 64), else null. */
    static String fieldName(String f) {
        return f.length() <= 64 && f.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? f : null;
    }
}
