package io.celerymon.envcheck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What importing the app module showed, imported the way {@code celery -A} does: celery and kombu
 * first, then the app.
 *
 * @param spec the app as given, in any form {@code celery -A} takes
 * @param celeryImportable whether celery itself could be imported (if not, nothing else was tried)
 * @param imported whether Celery's own resolution ({@code find_app}) found something
 * @param error why the app could not be loaded, worded as {@code celery -A} words it (masked), or null
 * @param appFound whether what was found is a Celery application
 * @param form which of {@code celery -A}'s forms matched (e.g. {@code module.attribute},
 *     {@code module, its 'celery' attribute}, {@code package, its 'celery' submodule}), or null
 * @param appType the class of what was found ({@code celery.app.base.Celery}, or e.g. a Flask app), or null
 * @param importMs how long the import took
 * @param geventPatched the stdlib modules gevent had patched after the import
 * @param eventletPatched the stdlib modules eventlet had patched after the import
 * @param patchedBeforeImport whether anything was patched before the app was imported
 * @param patchedDuringImport whether the app's import patched something
 * @param latePatchEvidence why the patch came too late (kombu kept the unpatched select), empty if not
 * @param monkeyPatchWarnings gevent's MonkeyPatchWarning messages raised during the import
 * @param drivers drivers loaded that block a gevent hub without their integration
 * @param settings the Celery settings that matter (broker URL masked), empty when no app was found
 */
public record AppProbe(String spec, boolean celeryImportable, boolean imported, String error, boolean appFound,
        String form, String appType, double importMs,
        List<String> geventPatched, List<String> eventletPatched, boolean patchedBeforeImport,
        boolean patchedDuringImport, List<String> latePatchEvidence, List<String> monkeyPatchWarnings,
        List<DriverUse> drivers, Map<String, Object> settings) {

    public AppProbe {
        geventPatched = List.copyOf(geventPatched);
        eventletPatched = List.copyOf(eventletPatched);
        latePatchEvidence = List.copyOf(latePatchEvidence);
        monkeyPatchWarnings = List.copyOf(monkeyPatchWarnings);
        drivers = List.copyOf(drivers);
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Whether gevent or eventlet had patched anything once the app was imported. */
    public boolean anythingPatched() {
        return !geventPatched.isEmpty() || !eventletPatched.isEmpty();
    }

    /** Whether the patch came after kombu, select, socket or ssl were imported. */
    public boolean latePatch() {
        return patchedDuringImport && (!latePatchEvidence.isEmpty() || !monkeyPatchWarnings.isEmpty());
    }

    /** A setting as a string, or null when absent. */
    public String setting(String name) {
        Object value = settings.get(name);
        return value == null ? null : value.toString();
    }
}
