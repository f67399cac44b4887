"""celerymon env-check probe.

Run by celerymon in a subprocess (the script arrives on stdin) with the interpreter under
examination. It prints one JSON document on stdout and nothing else; whatever the imported app
prints is sent to stderr. It never prints a secret: URL passwords are masked here, and again by
celerymon. Usage: python - [--app SPEC], SPEC in any form `celery -A` takes
"""
import os
import re
import sys
import time
import warnings

PROBE_VERSION = 1
PACKAGES = ("celery", "kombu", "billiard", "gevent", "greenlet", "eventlet", "tornado", "flower",
            "redis", "amqp")
# The stdlib modules gevent.monkey.patch_all() and eventlet.monkey_patch() may replace.
GEVENT_MODULES = ("socket", "dns", "time", "select", "thread", "os", "ssl", "subprocess", "sys",
                  "signal", "queue", "contextvars", "builtins", "threading", "selectors")
EVENTLET_MODULES = ("os", "select", "socket", "thread", "time", "psycopg", "MySQLdb", "builtins",
                    "subprocess")
ENV_PREFIXES = ("GEVENT_", "CELERY_", "EVENTLET_")
ENV_NAMES = ("FLASK_DEBUG", "DEBUG", "GEVENT_SUPPORT")
SECRET_KEY = re.compile("API|TOKEN|KEY|SECRET|PASS|SIGNATURE|DATABASE", re.IGNORECASE)
# A password runs to its last '@', but never into the next URL of a ';' failover list.
URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#@:'\"<>]*:)"
                          r"((?:(?!;[A-Za-z][A-Za-z0-9+.\-]*://)[^\s'\"<>])*)@")
QUERY_PASSWORD = re.compile(r"([?&;](?:[^=&;#?\s'\"<>]*(?:pass|secret|token)[^=&;#?\s'\"<>]*|pwd)=)"
                            r"[^&;#\s'\"<>]*", re.IGNORECASE)


def mask(text):
    if text is None:
        return None
    text = URL_PASSWORD.sub(lambda m: m.group(1) + "****@", str(text))
    return QUERY_PASSWORD.sub(lambda m: m.group(1) + "****", text)


def env_value(name, value):
    # Names such as CELERY_BROKER_URL hold URLs (masked); names that say they are secret are hidden.
    if SECRET_KEY.search(name.replace("ROUTING_KEY", "")):
        return "********"
    return mask(value)


def relevant_environment():
    return {name: env_value(name, value) for name, value in sorted(os.environ.items())
            if name.startswith(ENV_PREFIXES) or name in ENV_NAMES}


def package_versions():
    try:
        from importlib import metadata
    except ImportError:
        return {name: None for name in PACKAGES}, {}
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except Exception:
            versions[name] = None
    requires = {}
    try:
        requires["celery"] = [r for r in (metadata.requires("celery") or []) if "extra ==" not in r]
    except Exception:
        pass
    return versions, requires


def gevent_patched():
    monkey = sys.modules.get("gevent.monkey")
    if monkey is None:
        return []
    return [name for name in GEVENT_MODULES if monkey.is_module_patched(name)]


def eventlet_patched():
    patcher = sys.modules.get("eventlet.patcher")
    if patcher is None:
        return []
    found = []
    for name in EVENTLET_MODULES:
        try:
            if patcher.is_monkey_patched(name):
                found.append(name)
        except Exception:
            pass
    return found


def import_like_celery():
    """Imports what `celery -A app ...` has imported before it imports the app."""
    try:
        import celery.bin.celery  # noqa: F401  (the command itself: celery, kombu, click ...)
    except Exception:
        import celery  # noqa: F401
        import kombu  # noqa: F401
    import kombu.utils.eventio  # noqa: F401  (captures select.select at import)


def late_patch_evidence(patched):
    evidence = []
    if "select" in patched:
        import select
        eventio = sys.modules.get("kombu.utils.eventio")
        if eventio is not None and getattr(eventio, "_selectf", None) is not select.select:
            evidence.append("kombu.utils.eventio._selectf is the original select.select, "
                            "captured before gevent patched select")
        if eventio is not None and getattr(eventio, "epoll", None) is not None \
                and getattr(select, "epoll", None) is None:
            evidence.append("kombu.utils.eventio kept select.epoll, which gevent removed from select")
    return evidence


def load_error(spec, error):
    """The error as `celery -A SPEC` words it (celery/bin/celery.py, App / --app)."""
    if isinstance(error, ModuleNotFoundError) and getattr(error, "name", None) == spec:
        return "Unable to load celery application. The module %s was not found." % spec
    if isinstance(error, AttributeError) and error.args:
        return "Unable to load celery application. %s" % str(error.args[0]).capitalize()
    return "Unable to load celery application. While trying to load the module %s the following error " \
           "occurred: %s: %s" % (spec, type(error).__name__, error)


def matched_form(spec, found):
    """Which of celery -A's forms named the app (celery/app/utils.py: find_app), judged after the fact."""
    if ":" in spec:
        return "module:attribute"
    module = sys.modules.get(spec)
    if module is None or found is module:
        return "module.attribute"
    if getattr(module, "app", None) is found:
        return "module, its 'app' attribute"
    if getattr(module, "celery", None) is found:
        return "module, its 'celery' attribute"
    submodule = sys.modules.get(spec + ".celery")
    if submodule is not None and any(value is found for value in vars(submodule).values()):
        return "package, its 'celery' submodule"
    for name, value in vars(module).items():
        if value is found:
            return "module, the Celery instance '%s' in it" % name
    return "module"


def effective_broker_url(conf, get):
    try:
        return conf.broker_url
    except Exception:
        return get("broker_url")


def settings(app):
    conf = app.conf

    def get(key):
        try:
            return conf.get(key)
        except Exception:
            return None

    options = get("broker_transport_options") or {}
    accept = get("accept_content")
    return {
        # The property, not conf.get: it prefers CELERY_BROKER_URL from the environment, as workers do.
        "broker_url": mask(effective_broker_url(conf, get)),
        "worker_pool": get("worker_pool"),
        "task_serializer": get("task_serializer"),
        "result_serializer": get("result_serializer"),
        "accept_content": sorted(str(a) for a in accept) if accept is not None else None,
        "control_exchange": get("control_exchange"),
        "broker_transport_option_names": sorted(str(k) for k in options) if hasattr(options, "keys") else [],
        "worker_send_task_events": get("worker_send_task_events"),
        "task_send_sent_event": get("task_send_sent_event"),
        "event_queue_ttl": get("event_queue_ttl"),
        "event_queue_expires": get("event_queue_expires"),
        "event_serializer": get("event_serializer"),
    }


def drivers():
    found = []
    psycopg2 = sys.modules.get("psycopg2.extensions")
    if "psycopg2" in sys.modules:
        callback = psycopg2.get_wait_callback() if psycopg2 is not None else None
        found.append({"name": "psycopg2", "gevent_integration": "present" if callback else "absent"})
    if "psycopg" in sys.modules:
        found.append({"name": "psycopg", "gevent_integration": "unknown"})
    if "grpc" in sys.modules:
        found.append({"name": "grpc", "gevent_integration": "unknown"})
    return found


def probe_app(spec):
    report = {"spec": spec, "imported": False, "error": None, "app_found": False, "form": None,
              "app_type": None, "celery_importable": True}
    try:
        import_like_celery()
        from celery import Celery
        from celery.app.utils import find_app
    except BaseException as error:  # no celery here: the versions above still tell that
        report["celery_importable"] = False
        report["error"] = mask("celery cannot be imported: %s: %s" % (type(error).__name__, error))[:500]
        return report
    before = set(gevent_patched()) | set(eventlet_patched())
    started = time.monotonic()
    found = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # Celery's own resolution, as `celery -A SPEC` runs it: the working directory on sys.path,
            # module.attr, module:attr, a module's app or celery attribute, a package's celery submodule.
            found = find_app(spec)
            report["imported"] = True
        except BaseException as error:  # SystemExit from an app must not end the probe silently
            report["error"] = mask(load_error(spec, error))[:500]
    report["import_ms"] = round((time.monotonic() - started) * 1000, 1)
    gevent_now, eventlet_now = gevent_patched(), eventlet_patched()
    report["patched"] = {"gevent": gevent_now, "eventlet": eventlet_now}
    report["patched_before_import"] = bool(before)
    report["patched_during_import"] = bool((set(gevent_now) | set(eventlet_now)) - before)
    report["late_patch_evidence"] = late_patch_evidence(gevent_now) if report["patched_during_import"] else []
    report["monkey_patch_warnings"] = [mask(str(w.message))[:300] for w in caught
                                       if type(w.message).__name__ == "MonkeyPatchWarning"]
    report["drivers"] = drivers()
    if report["imported"]:
        report["form"] = matched_form(spec, found)
        report["app_type"] = "%s.%s" % (type(found).__module__, type(found).__qualname__)
        if isinstance(found, Celery):
            report["app_found"] = True
            try:
                report["settings"] = settings(found)
            except BaseException as error:
                report["error"] = mask("reading the app's settings: %s: %s" % (type(error).__name__, error))[:500]
        else:
            # celery -A would take it all the same and fail on it ('... has no attribute user_options').
            report["error"] = "%s is not a Celery application but %s: celery -A %s cannot use it" % (
                spec, report["app_type"], spec)
    return report


def stop_what_the_app_started():
    """Processes the app's import started are in the probe's own process group: end them too."""
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        os.killpg(0, signal.SIGTERM)
    except OSError:
        pass


def main(argv):
    # A group of its own, so that celerymon (on timeout) and the probe (at the end) can stop
    # every process the app's import starts, even one re-parented after its parent exited.
    try:
        os.setpgrp()
    except OSError:
        pass
    out = os.fdopen(os.dup(1), "w")
    # Whatever the app prints goes to stderr, so stdout carries only the report.
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    app_spec = None
    if len(argv) >= 2 and argv[0] == "--app":
        app_spec = argv[1]
    versions, requires = package_versions()
    report = {
        "probe_version": PROBE_VERSION,
        "python": {"executable": sys.executable, "version": "%d.%d.%d" % sys.version_info[:3],
                   "implementation": sys.implementation.name},
        # Who ran it, as the probe itself sees it: in a container, its own PID and user.
        "process": {"pid": os.getpid(), "uid": os.getuid(), "gid": os.getgid(), "cwd": os.getcwd()},
        "packages": versions,
        "requires": requires,
        "environment": relevant_environment(),
        "app": probe_app(app_spec) if app_spec else None,
    }
    import json
    out.write(json.dumps(report, default=str))
    out.write("\n")
    out.flush()
    stop_what_the_app_started()
    # The app may have started threads or registered exit hooks that never end.
    os._exit(0)


main(sys.argv[1:])
