package io.celerymon.output;

import io.celerymon.findings.Finding;
import io.celerymon.secrets.SecretText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Findings for people: one heading line per finding ({@code CRITICAL  subject  id}), then the
 * summary, the evidence as {@code key=value} and the remedy, indented.
 */
public final class FindingsText {

    /** The block of text, each line ending in a newline; "No findings." when there are none. */
    public String render(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "No findings.\n";
        }
        StringBuilder out = new StringBuilder();
        for (Finding finding : findings) {
            out.append(String.format(Locale.ROOT, "%-8s  %s  %s%n", finding.severity().label().toUpperCase(Locale.ROOT),
                    clean(finding.subject()), finding.id()));
            out.append("  ").append(clean(finding.summary())).append('\n');
            if (!finding.evidence().isEmpty()) {
                out.append("  evidence: ").append(evidence(finding.evidence())).append('\n');
            }
            if (!finding.remedy().isEmpty()) {
                out.append("  remedy: ").append(clean(finding.remedy())).append('\n');
            }
        }
        return out.toString();
    }

    private static String evidence(Map<String, Object> evidence) {
        return evidence.entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String value(Object value) {
        if (value instanceof List<?> list) {
            return "[" + list.stream().map(FindingsText::value).collect(Collectors.joining(", ")) + "]";
        }
        return clean(String.valueOf(value));
    }

    private static String clean(String text) {
        return TerminalText.clean(SecretText.mask(text));
    }
}
