package io.celerymon.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out rows in columns two spaces apart, widths fitted to the content, no trailing spaces.
 * Cells must already be terminal-safe; width is counted in terminal cells ({@link
 * TerminalText#columns}), so a wide East Asian character or an emoji takes two.
 */
public final class TextTable {
    private final List<String> headers;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<String> headers, boolean... rightAligned) {
        this.headers = List.copyOf(headers);
        this.rightAligned = new boolean[headers.size()];
        System.arraycopy(rightAligned, 0, this.rightAligned, 0,
                Math.min(rightAligned.length, headers.size()));
    }

    public void add(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells");
        }
        rows.add(List.of(cells));
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Header and rows, each line ending in a newline. */
    public String render() {
        int[] widths = new int[headers.size()];
        measure(headers, widths);
        rows.forEach(row -> measure(row, widths));
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void measure(List<String> row, int[] widths) {
        for (int i = 0; i < row.size(); i++) {
            widths[i] = Math.max(widths[i], length(row.get(i)));
        }
    }

    private void line(StringBuilder out, List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            String pad = " ".repeat(widths[i] - length(cell));
            if (i > 0) {
                line.append("  ");
            }
            line.append(rightAligned[i] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static int length(String cell) {
        return TerminalText.columns(cell);
    }
}
