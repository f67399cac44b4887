"""An app module whose import never ends, and which started a child process first: the probe's
timeout must kill both. The child's PID is written to the file named by HANG_PID_FILE."""
import os
import subprocess
import time

child = subprocess.Popen(["sleep", "300"])
with open(os.environ["HANG_PID_FILE"], "w") as out:
    out.write(str(child.pid))
print("hanging_app: importing forever", flush=True)
time.sleep(300)
