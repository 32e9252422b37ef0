package dev.parley.server.fuzz;

import static dev.parley.server.fuzz.Encodings.concat;
import static dev.parley.server.fuzz.Encodings.formEncoded;
import static dev.parley.server.fuzz.Encodings.percentEncoded;
import static dev.parley.server.fuzz.Encodings.quoted;
import static dev.parley.server.fuzz.Encodings.quotedAscii;
import static dev.parley.server.fuzz.Encodings.utf8;
import static dev.parley.server.fuzz.Encodings.withInvalidUtf8;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of what a hostile or broken client sends: text with control characters, lone surrogates
 * and bidi overrides, strings at and past every length limit, JSON of every shape and type, JSON that
 * is not JSON (truncated, invalid UTF-8, other encodings, nested past any parser's depth), bytes that
 * are no text at all, and ids and query values that are no ids.
 */
final class HostileInputs {

    /** The JSON field names the API reads, so that random objects hit the real fields with wrong values. */
    private static final List<String> FIELD_NAMES = List.of(
            "text",
            "title",
            "email",
            "password",
            "grant_type",
            "username",
            "refresh_token",
            "last_read_id",
            "id",
            "user_id",
            "session_id");

    private HostileInputs() {}

    /** One of {@code choices}, each as likely as the others. */
    static <T> Gen<T> oneOf(List<Gen<T>> choices) {
        return Generate.pick(choices).flatMap(choice -> choice);
    }

    /** {@code usual} four times out of five, else {@code rare}. */
    static <T> Gen<T> mostly(Gen<T> usual, Gen<T> rare) {
        return Generate.frequency(List.of(Pair.of(4, usual), Pair.of(1, rare)));
    }

    /** Text of every kind of character, including those no valid input may hold, at any length. */
    static Gen<String> text() {
        return mostly(shortText(), longText());
    }

    /** As {@link #text()}, short enough for a request line or a header. */
    static Gen<String> shortText() {
        return oneOf(List.of(
                strings().ascii().ofLengthBetween(0, 30),
                // Every code point, surrogates included: Java strings with lone surrogates are no valid Unicode.
                strings().allPossible().ofLengthBetween(0, 20),
                strings().betweenCodePoints(0, 0x20).ofLengthBetween(1, 10),
                Generate.pick(List.of(
                        "",
                        " ",
                        "   ",
                        "\t\n",
                        "\u00a0",
                        "\u3000",
                        "\u200b",
                        "\u202e",
                        "\ufeff",
                        "\u2028",
                        "\u001b[31mred",
                        "\u0000",
                        "\u007f\u0085\u009b",
                        "null",
                        "true",
                        "0",
                        "-1",
                        "alice@example.com",
                        "ALICE@EXAMPLE.COM",
                        "a@b",
                        "a@b.c\u0000",
                        "@",
                        "\"",
                        "\\",
                        "%00",
                        "\ud800",
                        "\udfff\ud800",
                        "e\u0301",
                        "\uD83D\uDE00"))));
    }

    /** Strings of one repeated character at and around every limit: 72/73 bytes, 200, 254, 4,000, 64 KiB. */
    static Gen<String> longText() {
        Gen<Integer> lengths = oneOf(List.of(
                Generate.pick(List.of(36, 37, 71, 72, 73, 199, 200, 201, 254, 255, 256, 3_999, 4_000, 4_001, 4_096)),
                integers().between(60_000, 70_000)));
        Gen<String> characters = Generate.pick(List.of("x", " ", "é", "\u00a0", "\uD83D\uDE00", "\u0000", "\n"));
        return lengths.zip(characters, (length, character) -> character.repeat(length));
    }

    /** Any JSON value nested up to {@code depth} levels, as text; strings escaped as JSON requires or not. */
    static Gen<String> json(int depth) {
        Gen<String> scalar = oneOf(List.of(
                text().map(s -> quoted(s)),
                text().map(s -> quotedAscii(s)),
                Generate.pick(List.of(
                        "0",
                        "-0",
                        "1",
                        "-1",
                        "0.5",
                        "1e400",
                        "-1e400",
                        "1E-400",
                        "2147483648",
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "123456789012345678901234567890123456789012345678901234567890",
                        "1.0e+9999999999",
                        "true",
                        "false",
                        "null",
                        "NaN",
                        "Infinity",
                        "0x10",
                        "01",
                        "+1",
                        ".5",
                        "1.",
                        "\"\"")),
                integers().all().map(n -> String.valueOf(n))));
        if (depth == 0) {
            return scalar;
        }
        Gen<String> inner = json(depth - 1);
        Gen<String> array = lists().of(inner).ofSizeBetween(0, 4).map(items -> "[" + String.join(",", items) + "]");
        Gen<String> member = oneOf(List.of(Generate.pick(FIELD_NAMES), text()))
                .zip(inner, (name, value) -> quoted(name) + ":" + value);
        Gen<String> object =
                lists().of(member).ofSizeBetween(0, 5).map(members -> "{" + String.join(",", members) + "}");
        return oneOf(List.of(scalar, array, object, object));
    }

    /** A JSON object with the API's field names, each holding a value of any type. */
    static Gen<String> jsonObjectOfApiFields() {
        Gen<String> member = Generate.pick(FIELD_NAMES).zip(json(1), (name, value) -> quoted(name) + ":" + value);
        return lists().of(member).ofSizeBetween(1, 4).map(members -> "{" + String.join(",", members) + "}");
    }

    /** A JSON object of the API's field names holding text: what passes parsing and meets validation. */
    static Gen<String> jsonObjectOfApiTexts() {
        Gen<String> member =
                Generate.pick(FIELD_NAMES).zip(text(), (name, value) -> quoted(name) + ":" + quoted(value));
        return lists().of(member).ofSizeBetween(1, 3).map(members -> "{" + String.join(",", members) + "}");
    }

    /** A request body that claims to be JSON: sometimes valid, mostly not. */
    static Gen<byte[]> jsonBody() {
        Gen<String> valid =
                oneOf(List.of(json(3), jsonObjectOfApiFields(), jsonObjectOfApiTexts(), jsonObjectOfApiTexts()));
        return oneOf(List.of(
                valid.map(s -> utf8(s)),
                valid.map(json -> utf8(json.substring(0, json.length() / 2))),
                valid.zip(integers().between(0, 1_000), Encodings::withInvalidUtf8),
                valid.map(json -> json.getBytes(StandardCharsets.UTF_16BE)),
                valid.map(json -> json.getBytes(StandardCharsets.UTF_16LE)),
                valid.map(json -> utf8("\ufeff" + json)),
                valid.map(json -> utf8(json + " trailing")),
                valid.map(json -> utf8(json + json)),
                integers().between(1, 20_000).map(depth -> utf8("[".repeat(depth) + "]".repeat(depth))),
                integers().between(1, 10_000).map(depth -> utf8("{\"text\":".repeat(depth) + "1" + "}".repeat(depth))),
                bytes(0, 200),
                bytes(0, 8).map(tail -> concat(new byte[] {0, 0, 0}, tail)),
                bytes(0, 8).map(tail -> concat(new byte[] {0, '{'}, tail))));
    }

    /** An OAuth2 form body: the real field names and others, values encoded validly, wrongly, or not at all. */
    static Gen<byte[]> formBody() {
        Gen<String> name = mostly(
                Generate.pick(List.of("grant_type", "username", "password", "refresh_token", "client_id", "scope")),
                shortText().map(s -> formEncoded(s)));
        Gen<String> value = oneOf(List.of(
                Generate.pick(List.of(
                        "password",
                        "refresh_token",
                        "client_credentials",
                        "",
                        "%",
                        "%zz",
                        "%C3%28",
                        "%ED%A0%80",
                        "%00",
                        "a+b",
                        "%2B",
                        "%FF%FE")),
                text().map(s -> formEncoded(s)),
                shortText()));
        Gen<String> pair = name.zip(value, (n, v) -> n + "=" + v);
        return lists().of(oneOf(List.of(pair, pair, name)))
                .ofSizeBetween(0, 6)
                .map(pairs -> String.join("&", pairs))
                // One form in four carries a byte sequence that is no UTF-8.
                .zip(
                        integers().between(0, 3),
                        (form, variant) -> variant == 0 ? withInvalidUtf8(form, form.length() / 2) : utf8(form));
    }

    /** What follows "Bearer " in an Authorization header: bytes, JWT look-alikes, nothing. */
    static Gen<byte[]> bearerToken() {
        Gen<String> base64url = strings()
                .betweenCodePoints('-', 'z')
                .ofLengthBetween(0, 60)
                .map(s -> s.replaceAll("[^A-Za-z0-9_-]", "A"));
        return oneOf(List.of(
                headerBytes(0, 300),
                base64url.zip(base64url, base64url, (a, b, c) -> utf8("eyJ" + a + "." + b + "." + c)),
                base64url.map(payload -> utf8("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".")),
                base64url.map(payload -> utf8("eyJhbGciOiJIUzI1NiJ9." + payload + ".c2lnbmF0dXJl")),
                Generate.pick(List.of("", " ", ".", "..", "a.b.c", "null", "Bearer x"))
                        .map(s -> utf8(s)),
                // Long, but within the 16 KiB of headers the server reads before refusing the request.
                integers().between(4_000, 12_000).map(length -> utf8("A".repeat(length)))));
    }

    /** Text where a path or query expects a positive 64-bit id, as it would be written into a URL. */
    static Gen<byte[]> idText() {
        return oneOf(List.of(
                Generate.pick(List.of(
                                "0",
                                "-1",
                                "+1",
                                "1e3",
                                "1.0",
                                "0x1",
                                "01",
                                " 1",
                                "1 ",
                                "9223372036854775807",
                                "9223372036854775808",
                                "18446744073709551616",
                                "-9223372036854775808",
                                "99999999999999999999999999999999999999",
                                "%31",
                                "%2B1",
                                "%00",
                                "%",
                                "%zz",
                                "%C3%28",
                                "%D9%A1%D9%A2",
                                "\u0661\u0662",
                                "\uff11",
                                "..",
                                "%2e%2e",
                                "1%2F2",
                                "1;a=b",
                                "1/",
                                ""))
                        .map(s -> utf8(s)),
                integers().between(19, 60).map(digits -> utf8("9".repeat(digits))),
                integers().all().map(n -> utf8(Integer.toString(n))),
                shortText().map(s -> percentEncoded(s)),
                headerBytes(1, 20)));
    }

    /** A query string of the API's parameter names and others, with values of any kind. */
    static Gen<byte[]> query() {
        Gen<String> name = oneOf(List.of(
                Generate.pick(
                        List.of("limit", "cursor", "after_id", "before_id", "limit", "cursor", "q", "session_id")),
                shortText().map(s -> formEncoded(s))));
        Gen<String> value = oneOf(List.of(
                idText().map(bytes -> new String(bytes, StandardCharsets.ISO_8859_1)),
                Generate.pick(List.of(
                        "0",
                        "1",
                        "50",
                        "100",
                        "101",
                        "500",
                        "501",
                        "2147483648",
                        "-2147483649",
                        "eyJ",
                        "AAAA",
                        "%FF",
                        "====",
                        "bnVsbA",
                        "e30",
                        "W10",
                        // Full-text syntax of SQLite and PostgreSQL, for q.
                        "NEAR(owner%20eyes)",
                        "owner*",
                        "%22owner",
                        "%22%22",
                        "owner%20OR%20NOT",
                        "from%3A",
                        "from%3Aa%40b%20owner",
                        "owner%3A*%20%26%20!eyes",
                        "%5Eowner%20-eyes%20%2Bonly"))));
        Gen<String> pair = name.zip(value, (n, v) -> n + "=" + v);
        return lists().of(oneOf(List.of(pair, pair, name)))
                .ofSizeBetween(0, 6)
                .map(pairs -> String.join("&", pairs))
                .map(q -> q.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A header value: mostly visible characters (and obs-text, bytes 0x80 to 0xFF), else any bytes. */
    static Gen<byte[]> headerValue() {
        Gen<byte[]> visible = lists().of(integers().between(0x20, 0xFF).map(b -> b == 0x7F ? 0x20 : b))
                .ofSizeBetween(0, 200)
                .map(values -> {
                    byte[] bytes = new byte[values.size()];
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] = (byte) (int) values.get(i);
                    }
                    return bytes;
                });
        return mostly(visible, headerBytes(0, 200));
    }

    /** Bytes that may stand in a header value: anything but CR and LF, which would end the header. */
    static Gen<byte[]> headerBytes(int min, int max) {
        return bytes(min, max).map(bytes -> {
            byte[] safe = bytes.clone();
            for (int i = 0; i < safe.length; i++) {
                if (safe[i] == '\r' || safe[i] == '\n') {
                    safe[i] = (byte) 0x85;
                }
            }
            return safe;
        });
    }

    /**
     * A token as RFC 9110 defines it (a method, say): letters, digits and {@code !#$%&'*+-.^_`|~}.
     * Helidon 4.5.0 itself answers a method with any other character with a 500 (Method.create throws
     * while it reads the request line, which it counts as its own internal error) before Parley sees
     * the request, so the fuzzing keeps to tokens there.
     */
    static Gen<byte[]> tokens(int min, int max) {
        String tchar = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return lists().of(integers().between(0, tchar.length() - 1))
                .ofSizeBetween(min, max)
                .map(indexes -> {
                    StringBuilder token = new StringBuilder();
                    indexes.forEach(i -> token.append(tchar.charAt(i)));
                    return utf8(token.toString());
                });
    }

    /** Any bytes at all. */
    static Gen<byte[]> bytes(int min, int max) {
        return Generate.byteArrays(
                integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
    }
}
