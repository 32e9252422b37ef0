package dev.parley.server.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** How generated inputs are written onto the wire: JSON strings, UTF-8 valid or not, percent-encoding. */
final class Encodings {

    private Encodings() {}

    /** {@code text} as a JSON string, escaped as JSON requires and nothing more. */
    static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(c -> {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", c));
                    } else {
                        json.append((char) c);
                    }
                }
            }
        });
        return json.append('"').toString();
    }

    /** {@code text} as a JSON string in ASCII, every other character \\u-escaped (lone surrogates too). */
    static String quotedAscii(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars()
                .forEach(c -> json.append(
                        c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                                ? String.valueOf((char) c)
                                : String.format("\\u%04x", c)));
        return json.append('"').toString();
    }

    /** {@code text} in UTF-8; a lone surrogate becomes '?' (broken bytes are inserted on purpose elsewhere). */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code text} in UTF-8 with a sequence that is no UTF-8 inserted at {@code position} (modulo the length). */
    static byte[] withInvalidUtf8(String text, int position) {
        byte[] valid = utf8(text);
        List<byte[]> invalid = List.of(
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0x80});
        int at = valid.length == 0 ? 0 : Math.floorMod(position, valid.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.writeBytes(invalid.get(Math.floorMod(position, invalid.size())));
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
    }

    /** Every byte of {@code text}'s UTF-8 as %XX: whatever it holds arrives intact at the server's decoder. */
    static byte[] percentEncoded(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : utf8(text)) {
            encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return encoded.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String formEncoded(String text) {
        return new String(percentEncoded(text), StandardCharsets.US_ASCII);
    }

    /** {@code bytes} with every space made an underscore: one token of a request line stays one. */
    static byte[] withoutSpaces(byte[] bytes) {
        byte[] token = bytes.clone();
        for (int i = 0; i < token.length; i++) {
            if (token[i] == ' ') {
                token[i] = '_';
            }
        }
        return token;
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
