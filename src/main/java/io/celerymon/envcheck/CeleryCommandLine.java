package io.celerymon.envcheck;

import java.util.List;
import java.util.Optional;

/**
 * The Celery facts of a command line: role, {@code -A}, {@code -P}, {@code -n} and {@code -E}.
 * Understands {@code celery …}, {@code python -m celery …}, Flower's own {@code flower} script and
 * the titles Celery sets with setproctitle ({@code [celeryd: node:MainProcess] -active- (worker …)},
 * {@code [celerybeat]}).
 *
 * @param role worker, beat or flower
 * @param app the {@code -A/--app} value, or null
 * @param pool the {@code -P/--pool} value, or null (Celery's default, prefork)
 * @param nodeName the {@code -n/--hostname} value (or the node in a process title), or null
 * @param events whether task events are switched on with {@code -E/--task-events/--events}
 * @param poolChild whether this is a pool child ({@code ForkPoolWorker}) rather than the main process
 */
public record CeleryCommandLine(ProcessRole role, String app, String pool, String nodeName, boolean events,
        boolean poolChild) {

    /** The Celery facts of {@code argv}, or empty when it is not a Celery worker, beat or Flower. */
    public static Optional<CeleryCommandLine> parse(List<String> argv) {
        if (argv.isEmpty()) {
            return Optional.empty();
        }
        String first = argv.get(0);
        if (first.startsWith("[celeryd: ") || first.startsWith("[celerybeat")) {
            return fromProcessTitle(String.join(" ", argv));
        }
        int start = celeryIndex(argv);
        if (start < 0) {
            return Optional.empty();
        }
        boolean flowerScript = baseName(argv.get(start)).equals("flower");
        return fromArguments(argv.subList(start + 1, argv.size()), flowerScript ? ProcessRole.FLOWER : null, null,
                false);
    }

    private static Optional<CeleryCommandLine> fromProcessTitle(String title) {
        ProcessRole titleRole = title.startsWith("[celerybeat") ? ProcessRole.BEAT : ProcessRole.WORKER;
        String node = null;
        boolean child = false;
        if (title.startsWith("[celeryd: ")) {
            int end = title.indexOf(']');
            String inside = end > 0 ? title.substring("[celeryd: ".length(), end) : "";
            int colon = inside.lastIndexOf(':');
            node = colon > 0 ? inside.substring(0, colon) : inside;
            child = colon > 0 && !inside.substring(colon + 1).equals("MainProcess");
        }
        int open = title.indexOf('(');
        int close = title.lastIndexOf(')');
        List<String> args = open >= 0 && close > open ? List.of(title.substring(open + 1, close).trim().split("\\s+"))
                : List.of();
        return fromArguments(args, titleRole, node, child);
    }

    private static Optional<CeleryCommandLine> fromArguments(List<String> args, ProcessRole known, String knownNode,
            boolean child) {
        ProcessRole role = known;
        String app = null;
        String pool = null;
        String node = knownNode;
        boolean events = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            String value;
            if ((value = optionValue(arg, next, "-A", "--app")) != null) {
                app = value;
                i += consumed(arg, "-A", "--app");
            } else if ((value = optionValue(arg, next, "-P", "--pool")) != null) {
                pool = value;
                i += consumed(arg, "-P", "--pool");
            } else if ((value = optionValue(arg, next, "-n", "--hostname")) != null) {
                node = value;
                i += consumed(arg, "-n", "--hostname");
            } else if (arg.equals("-E") || arg.equals("--task-events") || arg.equals("--events")) {
                events = true;
            } else if (role == null && !arg.startsWith("-")) {
                role = switch (arg) {
                    case "worker" -> ProcessRole.WORKER;
                    case "beat" -> ProcessRole.BEAT;
                    case "flower" -> ProcessRole.FLOWER;
                    default -> null;
                };
            }
        }
        if (role == null) {
            return Optional.empty();
        }
        return Optional.of(new CeleryCommandLine(role, app, pool, node, role == ProcessRole.WORKER && events, child));
    }

    /** The value of a short ({@code -A x}, {@code -Ax}) or long ({@code --app x}, {@code --app=x}) option. */
    private static String optionValue(String arg, String next, String shortName, String longName) {
        if (arg.equals(shortName) || arg.equals(longName)) {
            return next;
        }
        if (arg.startsWith(longName + "=")) {
            return arg.substring(longName.length() + 1);
        }
        if (arg.startsWith(shortName) && !arg.startsWith("--") && arg.length() > shortName.length()) {
            return arg.substring(shortName.length());
        }
        return null;
    }

    private static int consumed(String arg, String shortName, String longName) {
        return arg.equals(shortName) || arg.equals(longName) ? 1 : 0;
    }

    /** Where the Celery program sits in argv: its script, or the {@code celery} of {@code -m celery}. */
    private static int celeryIndex(List<String> argv) {
        // Only the interpreter and its own options may come before it.
        int limit = Math.min(argv.size(), 4);
        for (int i = 0; i < limit; i++) {
            String arg = argv.get(i);
            String base = baseName(arg);
            if (base.equals("celery") || base.equals("flower")) {
                return i;
            }
            if (arg.equals("-m") && i + 1 < argv.size()) {
                String module = argv.get(i + 1);
                return module.equals("celery") || module.equals("flower") ? i + 1 : -1;
            }
        }
        return -1;
    }

    private static String baseName(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return base.endsWith(".py") ? base.substring(0, base.length() - 3) : base;
    }

    /**
     * Whether two app specs name the same app as Celery resolves them: {@code app.celery},
     * {@code app:celery} and {@code app} all name the app in module {@code app}.
     */
    public static boolean sameApp(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String x = a.replace(':', '.');
        String y = b.replace(':', '.');
        return x.equals(y) || x.startsWith(y + ".") || y.startsWith(x + ".");
    }
}
