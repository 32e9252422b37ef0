package dev.parley.cli.client;

import java.io.IOException;
import java.net.ProtocolException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * An event stream's bytes with a bound on each line: a server that sends one endless line would
 * otherwise grow the client until it runs out of memory, as the event parser keeps a line whole.
 * A line longer than the bound fails the stream, which then counts as a broken connection.
 */
final class LineLimitedSource extends ForwardingSource {

    private final long maxLineBytes;
    private long lineBytes;

    LineLimitedSource(Source delegate, long maxLineBytes) {
        super(delegate);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
        Buffer chunk = new Buffer();
        long read = super.read(chunk, byteCount);
        for (long i = 0; i < read; i++) {
            byte b = chunk.getByte(i);
            lineBytes = b == '\n' || b == '\r' ? 0 : lineBytes + 1;
            if (lineBytes > maxLineBytes) {
                throw new ProtocolException("an event stream line longer than " + maxLineBytes + " bytes");
            }
        }
        if (read > 0) {
            sink.write(chunk, read);
        }
        return read;
    }
}
