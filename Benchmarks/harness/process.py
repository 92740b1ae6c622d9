"""Running one process as a whole: wall time, peak memory (max RSS), a timeout, its output."""
import os, shlex, signal, subprocess, sys, tempfile, threading, time

from . import ROOT, HarnessError


class Outcome:
    """One finished (or killed) process: what it printed, how long it took, its peak memory."""

    def __init__(self, argv, status, wall, max_rss_kb, stdout, stderr, timeout):
        self.argv, self.status, self.wall, self.timeout = argv, status, wall, timeout
        self.max_rss_mb = max_rss_kb / 1024.0  # Linux reports ru_maxrss in KiB
        self.stdout, self.stderr, self.timed_out = stdout, stderr, timeout is not None

    @property
    def ok(self):
        return self.status == 0 and not self.timed_out

    def failure(self):
        """A few lines saying why the process did not succeed."""
        what = "was killed after %g s" % self.timeout if self.timed_out else "exited with status %d" % self.status
        tail = "\n".join((self.stderr or self.stdout).strip().splitlines()[-8:])
        return "`%s` %s\n%s" % (shlex.join(self.argv), what, indent(tail))


def run_process(argv, stdin_text="", timeout=300.0):
    """Runs argv in the repository root with stdin_text on standard input.

    Input and output go through temporary files, so no pipe can fill up and stall the child. Wall
    time is measured around fork, exec and wait; peak memory is the child's own ru_maxrss from
    wait4, so no wrapper process (such as /usr/bin/time) is in the measure. A child still running
    after `timeout` seconds is killed with its process group (it runs in a session of its own).
    """
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        stdin.write(stdin_text.encode())
        stdin.seek(0)
        timed_out = threading.Event()
        start = time.perf_counter()
        try:
            child = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err, cwd=ROOT,
                                     start_new_session=True)
        except OSError as error:
            raise HarnessError("cannot start %s: %s" % (argv[0], error))

        def kill():
            timed_out.set()
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:  # Ctrl-C reaches only the harness: the child has a session of its own
            kill()
            os.waitpid(child.pid, 0)
            child.returncode = -signal.SIGKILL
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Outcome(argv, child.returncode, wall, usage.ru_maxrss,
                       out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                       timeout if timed_out.is_set() else None)


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())


def log(message):
    """Progress and problems go to standard error; the report goes to standard output."""
    print(message, file=sys.stderr, flush=True)
