package io.celerymon.envcheck;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an installed kombu fits the installed Celery. Celery's own metadata says so when it lists
 * kombu; Debian's packages strip that line, so the minimums Celery's releases declare are also
 * kept here: 5.0 → 5.0, 5.1 → 5.1, 5.2 → 5.2.3, 5.3 → 5.3.0, 5.4 → 5.3.4, 5.5 → 5.5.0, and kombu's
 * major version must be Celery's.
 */
public final class CeleryKombuCompatibility {
    private static final Pattern SPEC = Pattern.compile("(>=|<=|==|!=|<|>)\\s*([0-9][0-9A-Za-z.]*)");

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
                String specs = req.substring(5).split(";")[0];
                Matcher m = SPEC.matcher(specs);
                while (m.find()) {
                    if (!satisfies(kombu, m.group(1), m.group(2))) {
                        return Optional.of("celery " + celery + " requires " + req.split(";")[0].strip()
                                + ", installed kombu is " + kombu);
                    }
                }
                return Optional.empty();
            }
        }
        int[] c = numbers(celery);
        int[] k = numbers(kombu);
        if (c[0] != k[0]) {
            return Optional.of("celery " + celery + " needs kombu " + c[0] + ".x, installed kombu is " + kombu);
        }
        String minimum = c[0] != 5 ? null : switch (c[1]) {
            case 0 -> "5.0.0";
            case 1 -> "5.1.0";
            case 2 -> "5.2.3";
            case 3 -> "5.3.0";
            case 4 -> "5.3.4";
            case 5 -> "5.5.0";
            default -> null;
        };
        if (minimum != null && compare(kombu, minimum) < 0) {
            return Optional.of("celery " + celery + " needs kombu >= " + minimum + ", installed kombu is " + kombu);
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
