"""An app module whose import starts a child process that outlives the import, as some apps do
(a helper daemon, a warm-up subprocess). The probe must not leave it running once it has reported.
The child's PID is written to the file named by SPAWN_PID_FILE."""
import os
import subprocess

child = subprocess.Popen(["sleep", "300"])
with open(os.environ["SPAWN_PID_FILE"], "w") as out:
    out.write(str(child.pid))

from celery import Celery  # noqa: E402

app = Celery("spawning_app")
