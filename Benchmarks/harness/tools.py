"""Where the tools, the shared bench files and the data are, and the command line each tool runs.

Every SQL script goes in on standard input; Parley reads its statements from a file with -f, as a
user would. The load text comes from the shared bench folder with EVENTS_CSV replaced.
"""
import os, shutil, subprocess, sys, tempfile

from . import BENCH, ROOT, TOOLS, WARM_REPEATS, HarnessError
from .process import log, run_process


def find_shared():
    """$PARLEY_SHARED if set, else ../shared beside the repository: gen_acled.py, load*.sql, questions*/."""
    candidate = os.environ.get("PARLEY_SHARED") or os.path.join(ROOT, "..", "shared")
    if not os.path.isfile(os.path.join(candidate, "bench", "gen_acled.py")):
        raise HarnessError("no bench/gen_acled.py in %s: set PARLEY_SHARED to the shared folder" % candidate)
    return os.path.abspath(candidate)


def find_duckdb(explicit):
    """The native duckdb executable inside the duckdb-cli package: the `duckdb` on PATH is a Python
    wrapper that adds ~170 ms to every start."""
    if explicit:
        return explicit
    probe = subprocess.run([sys.executable, "-c", "import duckdb_cli, os; "
                            "print(os.path.join(os.path.dirname(duckdb_cli.__file__), 'duckdb'))"],
                           capture_output=True, text=True)
    path = probe.stdout.strip()
    if probe.returncode != 0 or not os.access(path, os.X_OK):
        raise HarnessError("no native duckdb: `pip install duckdb-cli` (or pass --duckdb PATH)")
    return path


def find_sqlite(explicit):
    path = explicit or shutil.which("sqlite3")
    if not path:
        raise HarnessError("no sqlite3 on PATH (apt-get install sqlite3, or pass --sqlite PATH)")
    return path


def build_parley(timeout):
    log("building parley (swift build -c release --product parley)…")
    outcome = run_process(["swift", "build", "-c", "release", "--product", "parley"], timeout=timeout)
    if not outcome.ok:
        raise HarnessError("the release build failed:\n" + outcome.failure())


def check_parley(parley):
    if not os.access(parley, os.X_OK):
        raise HarnessError("no %s: build it (drop --no-build) or pass --skip-parley" % parley)
    usage = run_process([parley, "--help"], timeout=30)
    if "--acled" not in usage.stdout + usage.stderr:
        raise HarnessError("%s has no --acled option yet (the ACLED importer has not landed); "
                           "run with --skip-parley to time DuckDB and SQLite only" % parley)


def generate(shared, rows, path, seed=None):
    """Writes gen_acled.py's rows to path, through a .partial file so an interrupted run leaves none."""
    log("generating %s…" % os.path.relpath(path, ROOT))
    argv = [sys.executable, os.path.join(shared, "bench", "gen_acled.py"), str(rows)]
    if seed is not None:
        argv += ["--seed", str(seed)]
    with open(path + ".partial", "wb") as out:
        done = subprocess.run(argv, stdout=out, timeout=1800)
    if done.returncode != 0:
        raise HarnessError("gen_acled.py %d failed" % rows)
    os.replace(path + ".partial", path)


def data_file(shared, rows):
    """Benchmarks/.data/acled-ROWS.csv, generated once and then reused (delete it to regenerate)."""
    path = os.path.join(BENCH, ".data", "acled-%d.csv" % rows)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not os.path.exists(path):
        generate(shared, rows, path)
    return path


class Tools:
    """The executables in this run (None for a skipped one) and the (argv, stdin) of each measure."""

    def __init__(self, shared, parley, duckdb, sqlite, scratch):
        self.shared, self.parley, self.duckdb, self.sqlite = shared, parley, duckdb, sqlite
        self.scratch = scratch  # a temporary folder for Parley's scripts and the generated questions
        self.generated = {}     # question -> {tool: path}, for the data file being measured
        self.load_duckdb = read(os.path.join(shared, "bench", "load.sql"))
        self.load_sqlite = read(os.path.join(shared, "bench", "load-sqlite.sql"))

    def enabled(self):
        return [tool for tool in TOOLS if getattr(self, tool)]

    def question_path(self, question):
        """Parley's question file: a generated one for this data file, or Benchmarks/questions/Bn-….parley."""
        return self.generated[question]["parley"] if question in self.generated else parley_question(question)

    def question_text(self, tool, question):
        if question in self.generated:
            return read(self.generated[question][tool])
        if tool == "parley":
            return read(parley_question(question))
        folder = "questions" if tool == "duckdb" else "questions-sqlite"
        return read(os.path.join(self.shared, "bench", folder, question + ".sql"))

    def load_text(self, tool, csv_path):
        text = self.load_duckdb if tool == "duckdb" else self.load_sqlite
        return text.replace("EVENTS_CSV", csv_path)

    def end_to_end(self, tool, csv_path, question):
        """One process: load csv_path into memory, answer the question, print CSV."""
        if tool == "parley":
            return self.parley_argv(csv_path, "-f", self.question_path(question)), ""
        return self.after_load(tool, csv_path, self.question_text(tool, question))

    def import_only(self, tool, csv_path):
        if tool == "parley":
            return self.parley_argv(csv_path, "-e", "incidents | count"), ""
        return self.after_load(tool, csv_path, "SELECT count(*) AS count FROM events;\n")

    def warm(self, tool, csv_path, question):
        """The load, then `.timer on`, then the question WARM_REPEATS times, in one process."""
        text = self.question_text(tool, question).rstrip("\n") + "\n"
        script = ".timer on\n" + text * WARM_REPEATS
        if tool == "parley":
            handle, path = tempfile.mkstemp(suffix=".parley", dir=self.scratch)
            with os.fdopen(handle, "w") as out:
                out.write(script)
            return self.parley_argv(csv_path, "-f", path), ""
        return self.after_load(tool, csv_path, script)

    def after_load(self, tool, csv_path, text):
        return self.sql_argv(tool, ":memory:"), self.load_text(tool, csv_path) + "\n" + text

    def parley_argv(self, csv_path, *rest):
        return [self.parley, "--acled", csv_path, "--format", "csv", *rest]

    def sql_argv(self, tool, database, readonly=False):
        """CSV output with a header; no start-up file (~/.duckdbrc, ~/.sqliterc) is read."""
        flags = ["-readonly"] if readonly else []
        if tool == "duckdb":  # NULL as an empty field, as Parley prints unknown and SQLite prints NULL
            return [self.duckdb, "-batch", "-init", "/dev/null", "-csv", "-nullvalue", "", *flags, database]
        return [self.sqlite, "-batch", "-init", "/dev/null", "-csv", "-header", *flags, database]


def parley_question(question):
    return os.path.join(BENCH, "questions", question + ".parley")


def read(path):
    with open(path) as handle:
        return handle.read()
