#!/usr/bin/env python
"""Run the demo city as one unit: web server, task worker and checkpoint scheduler.

Each child runs in its own process group, so that stopping it also stops the child Django's
autoreloader starts. Every output line is prefixed with the child's name. Ctrl-C, SIGTERM or
any child exiting (runserver stopped, say) stops all three; nothing is left running.

    python scripts/run_demo.py [ADDRESS:PORT]
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Seconds a child has to stop after SIGTERM (a worker finishes its task first) before SIGKILL.
GRACE = 10.0
# The worker logs two lines per task; after a seed, Wagtail's reference-index and search-index
# updates are thousands of them. Their failures still show (state=FAILED), and every other task.
QUIET = re.compile(r"^Task id=\S+ path=(wagtail|modelsearch)\.\S+ state=(RUNNING|SUCCESSFUL)$")


def commands(address: str) -> dict[str, list[str]]:
    manage = [sys.executable, str(ROOT / "manage.py")]
    return {
        "web": [*manage, "runserver", address],
        # Every queue: a task enqueued on a named queue must not wait forever in the demo.
        "worker": [*manage, "db_worker", "--queue-name", "*"],
        "scheduler": [*manage, "run_scheduler"],
    }


class Supervisor:
    def __init__(self, programs: dict[str, list[str]]) -> None:
        self.programs = programs
        self.children: dict[str, subprocess.Popen] = {}
        self.stop = threading.Event()
        self.output_lock = threading.Lock()
        self.width = max(len(name) for name in programs)

    def say(self, name: str, line: str) -> None:
        with self.output_lock:
            sys.stdout.write(f"{name:<{self.width}} | {line.rstrip()}\n")
            sys.stdout.flush()

    def _pump(self, name: str, stream) -> None:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", errors="replace").rstrip()
            if not QUIET.match(line):
                self.say(name, line)
        stream.close()

    def start(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for name, argv in self.programs.items():
            child = subprocess.Popen(  # noqa: S603  (our own fixed command lines)
                argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # own process group: see the module docstring
            )
            self.children[name] = child
            threading.Thread(target=self._pump, args=(name, child.stdout), daemon=True).start()
            self.say(name, f"started (pid {child.pid}): {' '.join(argv[1:])}")

    def _signal_groups(self, sig: int) -> None:
        for child in self.children.values():
            with contextlib.suppress(ProcessLookupError):  # the whole group is gone already
                os.killpg(child.pid, sig)

    def _wait_all(self, timeout: float) -> bool:
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while not deadline.is_set():
                if all(child.poll() is not None for child in self.children.values()):
                    return True
                deadline.wait(0.1)
            return all(child.poll() is not None for child in self.children.values())
        finally:
            timer.cancel()

    def shutdown(self) -> None:
        self._signal_groups(signal.SIGTERM)
        if not self._wait_all(GRACE):
            for name, child in self.children.items():
                if child.poll() is None:
                    self.say(name, f"did not stop within {GRACE:g} s; killing it")
            self._signal_groups(signal.SIGKILL)
            self._wait_all(GRACE)
        # Grandchildren (the autoreloader's server) may outlive their parent by a moment.
        self._signal_groups(signal.SIGKILL)

    def run(self) -> int:
        stopped_by: list[str] = []

        def on_signal(signum, frame):
            stopped_by.append(signal.Signals(signum).name)
            self.stop.set()

        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, on_signal)
        self.start()
        exited: tuple[str, int] | None = None
        while not self.stop.is_set():
            for name, child in self.children.items():
                if child.poll() is not None:
                    exited = (name, child.returncode)
                    self.stop.set()
                    break
            self.stop.wait(0.2)
        if exited:
            self.say(exited[0], f"exited with status {exited[1]}; stopping the others")
        else:
            self.say("demo", f"{stopped_by[0] if stopped_by else 'stop'}: stopping all three")
        self.shutdown()
        self.say("demo", "stopped")
        # Ctrl-C is how a demo ends, not a failure; a child that died on its own is.
        if exited is None:
            return 0
        code = exited[1]
        return code if code >= 0 else 128 - code  # killed by a signal: the shell's convention


def main() -> int:
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
    return Supervisor(commands(address)).run()


if __name__ == "__main__":
    sys.exit(main())
