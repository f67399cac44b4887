package io.celerymon.cli;

/** The exit-code contract shared by every subcommand (README, man page, --help). */
public final class ExitCode {
    /** Every expected worker answered (diagnose: no finding at or above the fail level). */
    public static final int OK = 0;
    /** Some expected workers did not answer, or answered with an error (diagnose: findings, or a check undecided). */
    public static final int PARTIAL = 1;
    /** The command line or the configuration is wrong. */
    public static final int USAGE = 2;
    /** No worker answered at all. */
    public static final int NO_REPLY = 3;
    /** The broker could not be reached: refused, DNS, TLS, timeout, or it failed an operation. */
    public static final int UNREACHABLE = 4;
    /** The broker refused the credentials or their permissions. */
    public static final int AUTH = 5;
    /** diagnose: a --junit or --prometheus file could not be written (sysexits' EX_CANTCREAT). */
    public static final int REPORT_FILE = 73;
    /** A bug in celerymon. */
    public static final int INTERNAL = 70;
    /**
     * Ctrl-C, as the shell reports a SIGINT (128 + 2). A SIGINT, SIGTERM or SIGHUP that reaches the
     * JVM's own handler ends with 128 + the signal's number anyway; this is for a Ctrl-C celerymon
     * read itself (the live view's raw mode delivers it as a key).
     */
    public static final int INTERRUPTED = 130;
    /** SIGTERM (128 + 15), for one celerymon caught itself (the live view does, to restore the terminal first). */
    public static final int TERMINATED = 143;
    /** SIGHUP (128 + 1), likewise. */
    public static final int HUNG_UP = 129;

    /** The footer shown by --help. */
    public static final String HELP_FOOTER = """
            %nExit codes:
              0   success: every expected worker answered
                  (diagnose, env-check: no finding at or above the fail level)
              1   partial: some expected workers did not answer, or answered with an error
                  (diagnose, env-check: findings at or above the fail level;
                  diagnose: also a requested check that could not decide)
              2   usage error (options, arguments, broker URL, env file, TLS files)
              3   no worker answered
              4   broker unreachable (refused, DNS, TLS, timeout) or broker error
              5   broker rejected the credentials or permissions
              73  diagnose: a --junit or --prometheus file could not be written
                  (the rest of the report is printed first)
              70  internal error (run again with --stacktrace and report it)
              130 Ctrl-C; 143 SIGTERM; 129 SIGHUP (clean-up runs first)""";

    private ExitCode() {
    }
}
