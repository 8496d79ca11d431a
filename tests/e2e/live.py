"""A long-running carec-report (watch, serve) for the end-to-end tests: its
messages read as they come, waited for by pattern, and the process
stopped by its id in a finally (the 'with' block's end)."""
import os
import re
import signal
import subprocess
import threading
import time

from common import EXE, env

WAIT_S = 30  # at most, for one message (the sanitized build is slow)


class Live:
    """carec-report ARGS, running; .err and .out are what it has printed
    so far."""

    def __init__(self, *args, cwd=None, extra_env=None):
        self.proc = subprocess.Popen(
            [os.path.abspath(EXE), *args], cwd=cwd,
            env=env(**(extra_env or {})), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = self.err = ""
        self.cond = threading.Condition()
        self.readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout,
                                                      "out"), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr,
                                                      "err"), daemon=True)]
        for t in self.readers:
            t.start()

    def _read(self, stream, name):
        for line in iter(stream.readline, b""):
            with self.cond:
                setattr(self, name, getattr(self, name)
                        + line.decode("utf-8", "replace"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait(self, pattern, count=1, where="err", timeout=WAIT_S):
        """Wait until pattern has matched count times in what it printed
        on where; return the last match."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = list(re.finditer(pattern, getattr(self, where),
                                         re.M))
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and
                                 not any(t.is_alive()
                                         for t in self.readers)):
                    raise AssertionError(
                        f"waited for {pattern!r} x{count}; it printed:\n"
                        f"{self.out}{self.err}"[-3000:])
                self.cond.wait(min(left, 0.2))

    def count(self, pattern, where="err"):
        with self.cond:
            return len(re.findall(pattern, getattr(self, where), re.M))

    def stop(self, sig=signal.SIGTERM, timeout=WAIT_S):
        """Send sig, wait for the end; return the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"did not stop within {timeout} s of "
                                 f"signal {sig}")
        for t in self.readers:
            t.join(5)
        return rc

    def __enter__(self):
        return self

    def __exit__(self, *a):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def save_by_rename(path, text):
    """Save as many editors do: a new file renamed over the old one."""
    tmp = path + ".tmp~"
    write(tmp, text)
    os.replace(tmp, path)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()
