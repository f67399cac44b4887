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

    private Remedies() {
    }
}
