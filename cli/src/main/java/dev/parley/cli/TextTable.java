package dev.parley.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;

/**
 * A table for people: each column as wide as its widest cell, measured in terminal columns (a CJK
 * character or an emoji takes two, as the terminal draws it; JLine's wcwidth), two spaces between
 * columns, and a cell wider than its column's limit cut to it with {@code …}. Cells are shown as
 * given: server text is made safe ({@link TerminalText}) before it gets here.
 */
public final class TextTable {

    private static final String GAP = "  ";
    private static final String CUT = "…";

    /** One column: its header, whether it is right-aligned (numbers), and at most how wide it grows. */
    public record Column(String header, boolean right, int maxWidth) {

        public static Column left(String header) {
            return new Column(header, false, Integer.MAX_VALUE);
        }

        public static Column left(String header, int maxWidth) {
            return new Column(header, false, maxWidth);
        }

        public static Column right(String header) {
            return new Column(header, true, Integer.MAX_VALUE);
        }
    }

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(Column... columns) {
        this.columns = List.of(columns);
    }

    public TextTable row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("a row of " + columns.size() + " cells, not " + cells.length);
        }
        List<String> row = new ArrayList<>();
        for (int i = 0; i < cells.length; i++) {
            row.add(fit(String.valueOf(cells[i]), columns.get(i).maxWidth()));
        }
        rows.add(row);
        return this;
    }

    /** The header line, then one line per row; no trailing spaces. */
    public void print(PrintWriter out) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = width(columns.get(i).header());
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        out.println(line(columns.stream().map(Column::header).toList(), widths));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
    }

    private String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - width(cell));
            if (i > 0) {
                line.append(GAP);
            }
            line.append(columns.get(i).right() ? padding + cell : cell + padding);
        }
        return line.toString().stripTrailing();
    }

    /** How many terminal columns {@code text} takes. */
    static int width(String text) {
        return new AttributedString(text).columnLength();
    }

    /** {@code text}, or its first columns and {@code …} when it is wider than {@code maxWidth}. */
    public static String fit(String text, int maxWidth) {
        AttributedString attributed = new AttributedString(text);
        if (attributed.columnLength() <= maxWidth) {
            return text;
        }
        return attributed.columnSubSequence(0, maxWidth - width(CUT)).toString() + CUT;
    }
}
