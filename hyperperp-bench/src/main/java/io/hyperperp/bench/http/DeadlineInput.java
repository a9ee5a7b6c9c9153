package io.hyperperp.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input that times out at a deadline for the whole answer, not per read: a server sending a byte just
 * within each read's timeout would otherwise hold the reader forever. One per answer; used by the client commands
 * ({@code PlainHttp}) and by {@code bench --http}'s load connections ({@link BenchConnection}).
 */
public final class DeadlineInput extends InputStream {

    private final Socket socket;
    private final InputStream in;
    private final long deadlineNanos;

    /**
     * The input of {@code socket}, whose reads fail with {@link SocketTimeoutException} once {@code deadlineNanos}
     * (a {@link System#nanoTime()} value) has passed.
     */
    public DeadlineInput(Socket socket, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("answer not complete in time");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000L)));
        return in.read(into, offset, length);
    }
}
