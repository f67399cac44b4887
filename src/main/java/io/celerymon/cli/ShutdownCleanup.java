package io.celerymon.cli;

/**
 * Runs a clean-up on Ctrl-C or SIGTERM too, so an interrupted call still removes its reply
 * queue and binding from the broker; unregisters itself when the work ends normally.
 */
final class ShutdownCleanup implements AutoCloseable {

    private final Thread hook;

    private ShutdownCleanup(Runnable cleanup) {
        this.hook = new Thread(cleanup, "celerymon-cleanup");
    }

    static ShutdownCleanup register(AutoCloseable resource) {
        ShutdownCleanup cleanup = new ShutdownCleanup(() -> {
            try {
                resource.close();
            } catch (Exception ignored) {
                // The JVM is exiting; nothing useful can be done with this failure.
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup.hook);
        return cleanup;
    }

    /**
     * Whether the JVM is already shutting down (Ctrl-C, SIGTERM): a failure seen then is the
     * clean-up closing the broker under a call, not something to report; the exit code is the
     * signal's.
     */
    static boolean inProgress() {
        Thread probe = new Thread(() -> { }, "celerymon-shutdown-probe");
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: it does the clean-up.
        }
    }
}
