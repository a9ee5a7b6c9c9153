package io.hyperperp.cli.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer body of the JDK {@code HttpClient} read as UTF-8 text up to {@link PlainHttp#MAX_BODY} bytes, the bound
 * of the client commands' own reader: past it the download is cancelled (the connection closes) and the answer fails
 * with {@link PlainHttp}'s "answer longer than" error. The JDK's {@code ofString} keeps a body of any length, so a
 * server that never ended its answer ran {@code replay --server} out of memory.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

    private final CompletableFuture<String> text = new CompletableFuture<>();
    private final List<ByteBuffer> received = new ArrayList<>();
    private final long limit;
    private long size;
    private Flow.Subscription subscription;

    private BoundedBody(long limit) {
        this.limit = limit;
    }

    /** A handler whose bodies are kept up to {@link PlainHttp#MAX_BODY} bytes. */
    static HttpResponse.BodyHandler<String> handler() {
        return info -> new BoundedBody(PlainHttp.MAX_BODY);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (text.isDone()) {
            return; // refused already: what is still in flight is dropped
        }
        for (ByteBuffer b : items) {
            size += b.remaining();
        }
        if (size > limit) {
            received.clear();
            subscription.cancel();
            text.completeExceptionally(PlainHttp.tooLong());
            return;
        }
        received.addAll(items);
    }

    @Override
    public void onError(Throwable error) {
        received.clear();
        text.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        byte[] bytes = new byte[(int) size];
        int at = 0;
        for (ByteBuffer b : received) {
            int n = b.remaining();
            b.get(bytes, at, n);
            at += n;
        }
        received.clear();
        text.complete(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
        return text;
    }
}
