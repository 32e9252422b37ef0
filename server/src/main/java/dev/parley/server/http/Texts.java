package dev.parley.server.http;

/** Checks on user-supplied text that several features apply the same way. */
public final class Texts {

    private Texts() {
    }

    /** Length as a person counts it: in Unicode code points, not UTF-16 units. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * Whether the text holds a control character (C0, DEL, C1), other than the line breaks and tab
     * that {@code allowLineBreaks} permits. Stored escape sequences would reach other people's
     * terminals through the CLI, so they are refused at the edge.
     */
    public static boolean hasControlCharacters(String text, boolean allowLineBreaks) {
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
