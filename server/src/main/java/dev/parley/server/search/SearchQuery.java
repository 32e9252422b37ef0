package dev.parley.server.search;

import dev.parley.server.http.ApiException;
import dev.parley.server.http.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parsed search: the {@code terms} every result must match (words, and phrases whose words must
 * follow each other) and the {@code authors} (email keys) one of whom must have written it, none
 * when empty. Nothing a user types reaches a database as query syntax: each term is handed to the
 * database as text to split into words, the way it splits the messages ({@link TextSearch}).
 *
 * <p>The syntax (docs/api.md, "Searching messages"): terms are separated by white space; text
 * between double quotes is one phrase; a word starting with {@code from:} names an author by email,
 * ignoring case. A term without any letter or digit ({@code -}, {@code *}, {@code (}) is left out,
 * as the databases would leave it out of a text.
 */
record SearchQuery(List<String> terms, List<String> authors) {

    /** In code points: enough for any search a person types, short of a URL's length limit. */
    static final int MAX_LENGTH = 1000;
    /** Terms and authors together; each term is one more index look-up. */
    static final int MAX_PARTS = 32;

    private static final String FIELD = "q";
    private static final String FROM = "from:";
    /** What an email key may be at most (users.email_key). */
    private static final int MAX_EMAIL_LENGTH = 254;

    static SearchQuery parse(String raw) {
        if (raw == null) {
            throw invalid("is required: the words to search for");
        }
        if (raw.isBlank()) {
            throw invalid("must not be empty or blank");
        }
        Texts.requireStorable(FIELD, raw, MAX_LENGTH, false);
        List<String> terms = new ArrayList<>();
        List<String> authors = new ArrayList<>();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '"') {
                int close = raw.indexOf('"', i + 1);
                if (close < 0) {
                    throw invalid("has a quote that is not closed");
                }
                addTerm(terms, raw.substring(i + 1, close));
                i = close + 1;
            } else {
                int end = i;
                while (end < raw.length() && !isSpace(raw.charAt(end)) && raw.charAt(end) != '"') {
                    end++;
                }
                String word = raw.substring(i, end);
                if (word.regionMatches(true, 0, FROM, 0, FROM.length())) {
                    authors.add(author(word.substring(FROM.length())));
                } else {
                    addTerm(terms, word);
                }
                i = end;
            }
        }
        if (terms.isEmpty()) {
            throw invalid("has no word to search for (a letter or digit outside a from: filter)");
        }
        if (terms.size() + authors.size() > MAX_PARTS) {
            throw invalid("has more than " + MAX_PARTS + " words, phrases and from: filters");
        }
        return new SearchQuery(List.copyOf(terms), List.copyOf(authors));
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static void addTerm(List<String> terms, String term) {
        if (term.codePoints().anyMatch(Character::isLetterOrDigit)) {
            terms.add(term);
        }
    }

    /** The email key of {@code from:EMAIL}, folded as registration folds it (account.EmailAddress). */
    private static String author(String email) {
        int at = email.indexOf('@');
        if (at <= 0 || at == email.length() - 1 || email.length() > MAX_EMAIL_LENGTH) {
            throw invalid("from: needs an email address, as in from:ada@example.com");
        }
        return email.toLowerCase(Locale.ROOT);
    }

    private static ApiException.Invalid invalid(String message) {
        return new ApiException.Invalid(FIELD, message);
    }
}
