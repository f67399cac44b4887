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

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: it does the clean-up.
        }
    }
}
