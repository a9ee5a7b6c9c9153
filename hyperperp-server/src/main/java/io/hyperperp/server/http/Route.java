package io.hyperperp.server.http;

import java.util.List;

/**
 * A route: method, path template ({@code /orders/{order_id}}) and handler.
 *
 * @param method   HTTP method
 * @param template path template; {@code {name}} matches one whole segment
 * @param name     metric label (the template)
 * @param handler  the handler
 */
public record Route(String method, String template, String name, Handler handler) {

    /** Handles a matched request. */
    @FunctionalInterface
    public interface Handler {
        /** Answers the request (throw {@link ApiException} for errors). */
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    /** The template's segments. */
    public List<String> segments() {
        return Router.split(template);
    }
}
