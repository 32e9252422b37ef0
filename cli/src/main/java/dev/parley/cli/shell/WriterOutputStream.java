package dev.parley.cli.shell;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a JLine terminal writes, decoded as UTF-8 into the command's output writer, so that a
 * shell without a terminal prints where every command prints. Closing it leaves the writer open.
 */
final class WriterOutputStream extends OutputStream {

    private final Writer writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes = ByteBuffer.allocate(4096);
    private final CharBuffer chars = CharBuffer.allocate(4096);

    WriterOutputStream(Writer writer) {
        this.writer = writer;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int offset, int length) throws IOException {
        int from = offset;
        int left = length;
        while (left > 0) {
            int n = Math.min(left, bytes.remaining());
            bytes.put(b, from, n);
            from += n;
            left -= n;
            decode();
        }
    }

    /** Decodes what is complete; the start of a character split across writes waits for its end. */
    private void decode() throws IOException {
        bytes.flip();
        CoderResult result;
        do {
            result = decoder.decode(bytes, chars, false);
            writer.write(chars.array(), 0, chars.position());
            chars.clear();
        } while (result.isOverflow());
        bytes.compact();
    }

    @Override
    public synchronized void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
