package io.celerymon.envcheck;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an installed kombu fits the installed Celery. Celery's own metadata says so when it lists
 * kombu; Debian's packages strip that line, so the requirement each Celery 5 release declares in its
 * {@code requirements/default.txt} is also kept here, and kombu's major version must be Celery's.
 */
public final class CeleryKombuCompatibility {
    private static final Pattern SPEC = Pattern.compile("(>=|<=|==|!=|<|>)\\s*([0-9][0-9A-Za-z.]*)");

    /** From this Celery release on (until the next row), its kombu requirement; read off celery's git tags. */
    private record Row(String fromCelery, String kombu) {
    }

    private static final List<Row> DECLARED = List.of(
            new Row("5.0.0", "kombu>=5.0.0,<6.0"),
            new Row("5.1.0", "kombu>=5.1.0,<6.0"),
            new Row("5.2.0", "kombu>=5.2.1,<6.0"),
            new Row("5.2.1", "kombu>=5.2.2,<6.0"),
            new Row("5.2.3", "kombu>=5.2.3,<6.0"),
            new Row("5.3.0", "kombu>=5.3.0,<6.0"),
            new Row("5.3.1", "kombu>=5.3.1,<6.0"),
            new Row("5.3.4", "kombu>=5.3.2,<6.0"),
            new Row("5.3.5", "kombu>=5.3.3,<6.0"),
            new Row("5.3.6", "kombu>=5.3.4,<6.0"),
            new Row("5.5.0", "kombu>=5.5.2,<5.6"),
            new Row("5.6.0", "kombu>=5.6.0,<6.0"));

    private CeleryKombuCompatibility() {
    }

    /** Why the pair does not fit, or empty when it fits (or a version is unknown). */
    public static Optional<String> problem(String celery, String kombu, List<String> celeryRequires) {
        if (celery == null || kombu == null) {
            return Optional.empty();
        }
        for (String requirement : celeryRequires) {
            String req = requirement.strip();
            if (req.toLowerCase(java.util.Locale.ROOT).startsWith("kombu")) {
                return unmet(celery, kombu, req.split(";")[0].strip());
            }
        }
        int[] c = numbers(celery);
        int[] k = numbers(kombu);
        if (c[0] != k[0]) {
            return Optional.of("celery " + celery + " needs kombu " + c[0] + ".x, installed kombu is " + kombu);
        }
        String declared = null;
        for (Row row : DECLARED) {
            if (compare(celery, row.fromCelery()) >= 0) {
                declared = row.kombu();
            }
        }
        return declared == null ? Optional.empty() : unmet(celery, kombu, declared);
    }

    private static Optional<String> unmet(String celery, String kombu, String requirement) {
        Matcher m = SPEC.matcher(requirement.substring("kombu".length()));
        while (m.find()) {
            if (!satisfies(kombu, m.group(1), m.group(2))) {
                return Optional.of("celery " + celery + " requires " + requirement + ", installed kombu is " + kombu);
            }
        }
        return Optional.empty();
    }

    private static boolean satisfies(String version, String op, String bound) {
        int cmp = compare(version, bound);
        return switch (op) {
            case ">=" -> cmp >= 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case "<" -> cmp < 0;
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            default -> true;
        };
    }

    /** Compares release numbers (pre-release suffixes ignored), missing parts being 0. */
    static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? x[i] : 0;
            int yi = i < y.length ? y[i] : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        String[] parts = version.split("\\.");
        int[] out = new int[Math.max(parts.length, 2)];
        for (int i = 0; i < parts.length; i++) {
            Matcher digits = Pattern.compile("^[0-9]+").matcher(parts[i]);
            out[i] = digits.find() ? Integer.parseInt(digits.group()) : 0;
        }
        return out;
    }
}
