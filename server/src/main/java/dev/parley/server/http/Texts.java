package dev.parley.server.http;

/** Checks on user-supplied text that several features apply the same way. */
public final class Texts {

    private Texts() {}

    /**
     * The checks every stored text passes, in the order a person fixes them: whole Unicode, at most
     * {@code maxLength} characters, no control characters (but line breaks and tabs where
     * {@code allowLineBreaks}). 422 on {@code field} for the first that fails; otherwise the text.
     */
    public static String requireStorable(String field, String text, int maxLength, boolean allowLineBreaks) {
        requireWellFormed(field, text);
        if (length(text) > maxLength) {
            throw new ApiException.Invalid(field, "must be at most " + maxLength + " characters");
        }
        if (hasControlCharacters(text, allowLineBreaks)) {
            throw new ApiException.Invalid(
                    field,
                    allowLineBreaks
                            ? "must not contain control characters other than line breaks and tabs"
                            : "must not contain control characters");
        }
        return text;
    }

    /** Length as a person counts it: in Unicode code points, not UTF-16 units. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** 422 on {@code field} unless {@link #isWellFormed} holds. */
    public static void requireWellFormed(String field, String text) {
        if (!isWellFormed(text)) {
            throw new ApiException.Invalid(field, "must be valid Unicode (it holds half a surrogate pair)");
        }
    }

    /**
     * Whether every UTF-16 surrogate is half of a pair. JSON can carry a lone surrogate
     * ({@code "\ud83d"}), which no UTF-8 database column can store: it would come back as '?'.
     */
    private static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the text holds a control character (C0, DEL, C1), other than the line breaks and tab
     * that {@code allowLineBreaks} permits. Stored escape sequences would reach other people's
     * terminals through the CLI, so they are refused at the edge.
     */
    static boolean hasControlCharacters(String text, boolean allowLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
            if (Character.isISOControl(c) && !(allowLineBreaks && lineBreak)) {
                return true;
            }
        }
        return false;
    }
}
