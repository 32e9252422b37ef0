package dev.parley.server.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.parley.api.Problem;
import dev.parley.api.SearchPage;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@code GET /search} with queries that are no queries, or that are full-text syntax of either
 * database: a malformed one is 422 with a detail that says why, and every other is searched for as
 * text, never read as operators; whatever bytes {@code q} holds, the answer is 200 or 422, never 500.
 * QuickTheories prints the seed of a failing run; {@code -DQT_SEED=<seed>} replays it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SearchQueryFlows extends FlowSuite {

    /** Each database's query syntax, and SQL: what a query must never be read as. */
    private static final List<String> SYNTAX = List.of(
            "*",
            "^",
            ":",
            "(",
            ")",
            "NEAR",
            "NEAR(",
            "NEAR/2",
            "AND",
            "OR",
            "NOT",
            "-",
            "+",
            "\"",
            "'",
            "\\",
            "{",
            "}",
            "text:",
            "messages_fts",
            "rowid",
            "&",
            "|",
            "!",
            "<->",
            "<2>",
            ":*",
            "@@",
            "%",
            "_",
            ",",
            ";",
            "--",
            "/*",
            "'; DROP TABLE messages; --",
            "from:",
            "FROM:",
            "from:a@b",
            "\u00a0",
            "\u3000",
            "é",
            "東京",
            "😀",
            "e\u0301",
            "\u202e",
            "\ufeff",
            "\ufffd",
            "quick",
            "fox");

    private Account owner;

    @BeforeAll
    void postMessagesThatLookLikeSyntax() {
        owner = newAccount();
        long session = createSession(owner, "syntax").id();
        postMessage(owner, session, "the quick brown fox");
        postMessage(owner, session, "NEAR AND OR NOT * ^ : ( ) - + \"quoted\" text:col rowid {a} 'single'");
        postMessage(owner, session, "東京 😀 é e\u0301 fox-trot fox_trot a@b.example");
    }

    @ParameterizedTest(name = "q={0}")
    @ValueSource(
            strings = {
                "",
                "%20%20%20",
                "%22unclosed%20phrase",
                "fox%20%22and%20more",
                "from%3A",
                "fox%20from%3A",
                "fox%20from%3Anobody",
                "fox%20from%3A%40example.com",
                "from%3Aada%40example.com",
                "*%20(%20)%20-%20%2B%20%5E%20%3A",
                "%22%22",
                "%22%20*%20%22",
                "%00",
                "fox%00",
                "fox%01",
                "fox%09trot",
                "fox%0Atrot",
                "%1B%5B31mfox",
                "fox%C2%85",
                "%ED%A0%80",
                "%C3%28%FF"
            })
    void aMalformedQueryIs422WithADetail(String q) {
        Problem problem = assertInvalid(api().get("/search?q=" + q).as(owner).send(), "q");

        assertThat(problem.detail()).startsWith("q: ");
    }

    @Test
    void aQueryIsRequired() {
        assertInvalid(api().get("/search").as(owner).send(), "q");
        assertInvalid(api().get("/search?session_id=1").as(owner).send(), "q");
    }

    @Test
    void aQueryOfMoreThanAThousandCharactersOrThirtyTwoPartsIs422() {
        assertThat(search("fox ".repeat(8)).status()).isEqualTo(200);
        assertThat(search("x".repeat(1000)).status()).isEqualTo(200);

        assertInvalid(search("x".repeat(1001)), "q");
        assertInvalid(search("fox ".repeat(33)), "q");
        // Just under the 8 KiB request line; past it every request is 414, documented once for all.
        assertInvalid(search("é".repeat(1300)), "q");
        assertThat(search("x".repeat(10_000)).status()).isEqualTo(414);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "limit=0",
                "limit=501",
                "limit=x",
                "session_id=-1",
                "session_id=x",
                "cursor=!",
                "cursor=MA",
                "cursor=LTE",
                "cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
                "cursor="
            })
    void badPagingIs422(String parameter) {
        String field = parameter.substring(0, parameter.indexOf('='));
        assertInvalid(api().get("/search?q=fox&" + parameter).as(owner).send(), field);
    }

    @Test
    void syntaxIsSearchedForAsText() {
        // As FTS5 operators these would find the quick brown fox.
        assertThat(found("NEAR(quick fox)")).isZero();
        assertThat(found("quick OR nothing")).isZero();
        assertThat(found("qui*")).isZero();
        // As words: the message that holds them.
        assertThat(found("NEAR AND")).isEqualTo(1);
        assertThat(found("NOT quoted")).isEqualTo(1);
        assertThat(found("text:col")).isEqualTo(1);
        assertThat(found("\"quoted\" rowid")).isEqualTo(1);
        assertThat(found("^quick")).isEqualTo(1);
        assertThat(found("-fox")).isEqualTo(2);
        assertThat(found("'; DROP TABLE messages; --")).isZero();
        assertThat(found("東京")).isEqualTo(1);
        assertThat(found("fox")).isEqualTo(2);
    }

    @Test
    void anyFragmentsOfSyntaxAreSearchedOrRefusedNever500() {
        Gen<String> fragments = Generate.frequency(List.of(
                Pair.of(3, Generate.pick(SYNTAX)),
                Pair.of(1, strings().allPossible().ofLengthBetween(1, 5))));
        Gen<String> queries = lists().of(fragments)
                .ofSizeBetween(1, 12)
                .zip(Generate.pick(List.of("", " ")), (parts, separator) -> String.join(separator, parts));

        qt().forAll(queries).checkAssert(query -> assertSearchedOrRefused(encodeEachByte(utf8(query))));
    }

    @Test
    void anyBytesInTheQueryAreSearchedOrRefusedNever500() {
        Gen<byte[]> bytes = Generate.byteArrays(
                integers().between(0, 40), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        Gen<byte[]> broken = Generate.pick(SYNTAX)
                .zip(
                        integers().between(0, 5),
                        Generate.pick(List.of(
                                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                new byte[] {(byte) 0xC3, 0x28},
                                new byte[] {(byte) 0xFF},
                                new byte[] {(byte) 0xC0, (byte) 0xAF},
                                new byte[] {0},
                                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})),
                        (text, at, invalid) -> insert(utf8("fox " + text + " quick"), at, invalid));

        qt().forAll(Generate.pick(List.of(bytes, broken)).flatMap(gen -> gen))
                .checkAssert(query -> assertSearchedOrRefused(encodeEachByte(query)));
    }

    private void assertSearchedOrRefused(String encodedQuery) {
        Response response = api().get("/search?q=" + encodedQuery).as(owner).send();
        assertThat(response.status())
                .as("q=%s answered %s", encodedQuery, response.body())
                .isIn(200, 422);
        if (response.status() == 200) {
            assertThat(response.as(SearchPage.class).results()).isNotNull();
        } else {
            assertInvalid(response, "q");
        }
    }

    private Response search(String query) {
        return api().get("/search?q=" + SearchFlows.encode(query)).as(owner).send();
    }

    private int found(String query) {
        Response response = search(query);
        assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(200);
        return response.as(SearchPage.class).results().size();
    }

    private static QuickTheory qt() {
        // Each example is a request on a shared server: enough to meet every fragment many times.
        return QuickTheory.qt().withExamples(150).withShrinkCycles(100);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insert(byte[] into, int at, byte[] inserted) {
        int position = Math.min(at, into.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(into, 0, position);
        out.writeBytes(inserted);
        out.write(into, position, into.length - position);
        return out.toByteArray();
    }

    /** Every byte as %XX: whatever the bytes are, they arrive intact at the server's decoder. */
    private static String encodeEachByte(byte[] bytes) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : bytes) {
            encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return encoded.toString();
    }
}
