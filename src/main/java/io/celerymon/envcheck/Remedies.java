package io.celerymon.envcheck;

/** The remedies env-check findings carry, worded once. */
final class Remedies {
    static final String FLOWER_FROM_LIGHT_MODULE = "Start Flower from a module that does not monkey-patch: a light module "
            + "that only builds the Celery app and its configuration (e.g. celery -A celery_app flower, where "
            + "celery_app.py creates Celery(...) without gevent.monkey.patch_all()); Ctrl-C only interrupts the "
            + "stuck select, it does not fix the hang.";
    static final String PATCH_FIRST_OR_NOT_AT_ALL = "Do not call patch_all() in a module that celery or flower import "
            + "with -A: patch in the entry point's very first lines, before celery, kombu, socket, select or ssl are "
            + "imported, or leave it to a worker's -P gevent, which patches before the app is imported; give Flower "
            + "and other Tornado/asyncio tools a module that does not patch.";
    static final String STUCK_LISTENER = "The process's event loop is blocked: if it monkey-patches, patch before "
            + "anything else is imported or not at all; a thread dump (py-spy dump --pid N) shows the blocking call.";

    static final String COOPERATIVE_DRIVER = "Make the blocking driver cooperative — psycogreen "
            + "(psycogreen.gevent.patch_psycopg()) for psycopg2, grpc.experimental.gevent.init_gevent() for gRPC, a "
            + "pure-Python or gevent-aware client otherwise — or run that work in a prefork worker (its own queue); "
            + "py-spy dump --pid %d shows the Python frame that made the call.";
    static final String CPU_BOUND_TASK = "Move CPU-bound work to a prefork worker (its own queue), or let long loops "
            + "yield with gevent.sleep(0); py-spy dump --pid %d shows the running frame.";
    static final String THREADS_UNREADABLE = "Run env-check as the process's user or as root, with ptrace allowed "
            + "(kernel.yama.ptrace_scope = 0, or 1 when run as root; in a container CAP_SYS_PTRACE): /proc/PID/task/*/"
            + "syscall and /proc/PID/mem need it.";

    private Remedies() {
    }
}
