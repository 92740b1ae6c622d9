"""Measuring one size: the import, each question end to end and warm, the one-shot runs on database
files, and the answer checks."""
import os, re, statistics

from . import BENCH, LABEL, WARM_REPEATS
from .answers import csv_rows, first_difference, same_answer
from .process import indent, log, run_process
from .lists import LIST_QUESTION, write_list_question
from .tools import data_file

# DuckDB: `Run Time (s): real 0.012 user …`; SQLite: `Run Time: real 0.012 user …` (both on standard
# output); Parley: `Run Time: real 0.012 s` (on standard error). One line per statement.
TIMER_LINE = re.compile(r"^Run Time(?: \(s\))?: real ([0-9]+(?:\.[0-9]+)?)", re.M)


class Cell:
    """Several runs of one command: their wall times, peak memories and outputs, or the first error."""

    def __init__(self):
        self.walls, self.peaks, self.outputs, self.error = [], [], [], None

    def add(self, outcome):
        if not outcome.ok:
            self.error = self.error or outcome.failure()
            return
        self.walls.append(outcome.wall)
        self.peaks.append(outcome.max_rss_mb)
        self.outputs.append(outcome.stdout)

    @property
    def wall(self):
        return statistics.median(self.walls) if self.walls and not self.error else None

    @property
    def spread(self):
        """(max - min) / median of the wall times: how much to trust the median."""
        return (max(self.walls) - min(self.walls)) / self.wall if self.wall and len(self.walls) > 1 else 0.0

    @property
    def peak(self):
        return statistics.median(self.peaks) if self.peaks and not self.error else None

    @property
    def output(self):
        return self.outputs[0] if self.outputs and not self.error else None


class SizeResult:
    """Everything measured on one file."""

    def __init__(self, rows, runs):
        self.rows, self.runs = rows, runs  # runs: tool -> how many end-to-end runs
        self.imports = {}        # tool -> Cell
        self.import_counts = {}  # tool -> the count it printed (text)
        self.e2e = {}            # (question, tool) -> Cell
        self.warm = {}           # (question, tool) -> median seconds, or None
        self.on_file = {}        # (question, tool) -> Cell, one-shot on each tool's own file
        self.file_builds = {}    # tool -> Cell (one run): building that file
        self.file_sizes = {}     # tool -> bytes
        self.answers = {}        # question -> {check name: True, False or None (not known)}
        self.problems = []       # every mismatch and failure, as text


def measure_size(tools, rows, args):
    csv_path = data_file(tools.shared, rows)
    enabled = tools.enabled()
    runs = {tool: args.runs for tool in enabled}
    if "sqlite" in runs and rows >= 1_000_000:
        runs["sqlite"] = min(args.runs, args.sqlite_runs_1m)
    result = SizeResult(rows, runs)
    tag = "[%d rows]" % rows
    tools.generated = {}
    if LIST_QUESTION in args.questions:
        log("%s writing %s from the file's event ids" % (tag, LIST_QUESTION))
        tools.generated[LIST_QUESTION] = write_list_question(csv_path, tools.scratch)

    log("%s import alone" % tag)
    commands = {t: tools.import_only(t, csv_path) for t in enabled}
    result.imports = round_robin("import", commands, runs, args.timeout, result)
    for tool, cell in result.imports.items():
        if cell.output is not None:
            table = csv_rows(cell.output)
            result.import_counts[tool] = table[1][0] if len(table) > 1 and table[1] else "?"
            if result.import_counts[tool] != str(rows):
                result.problems.append("MISMATCH import, %d rows: %s counted %s"
                                       % (rows, LABEL[tool], result.import_counts[tool]))

    for question in args.questions:
        log("%s %s end to end" % (tag, question))
        commands = {t: tools.end_to_end(t, csv_path, question) for t in enabled}
        for tool, cell in round_robin(question + " end to end", commands, runs, args.timeout, result).items():
            result.e2e[(question, tool)] = cell
        log("%s %s warm" % (tag, question))
        for tool in enabled:
            argv, stdin = tools.warm(tool, csv_path, question)
            outcome = run_process(argv, stdin, args.timeout)
            result.warm[(question, tool)] = warm_seconds(outcome, tool, question, result)

    if not args.skip_files:
        measure_on_file(tools, csv_path, args, result, tag)
    for question in args.questions:
        check_answers(result, question)
    check_reopen_answers(result)
    return result


def check_reopen_answers(result):
    """R0: Parley's store and SQLite's file must print what DuckDB's file prints."""
    reference = result.on_file.get((REOPEN, "duckdb"))
    checks = [("P store", LABEL["parley"], result.on_file.get((REOPEN, "parley"))),
              ("S file", LABEL["sqlite"], result.on_file.get((REOPEN, "sqlite")))]
    result.answers[REOPEN] = verdicts(result, REOPEN, reference.output if reference else None, checks)


def round_robin(what, commands, runs, timeout, result):
    """Runs each tool's command runs[tool] times, interleaved, so drift on a shared machine hits all
    tools alike. A tool that fails once is not run again for this measure."""
    cells = {tool: Cell() for tool in commands}
    for index in range(max(runs[tool] for tool in commands) if commands else 0):
        for tool, (argv, stdin) in commands.items():
            if index < runs[tool] and not cells[tool].error:
                cells[tool].add(run_process(argv, stdin, timeout))
    for tool, cell in cells.items():
        if cell.error:
            result.problems.append("%s %s, %d rows, failed:\n%s"
                                   % (LABEL[tool], what, result.rows, indent(cell.error)))
    return cells


def warm_seconds(outcome, tool, question, result):
    """The median of the last WARM_REPEATS timer lines but the first, from one warm process."""
    if not outcome.ok:
        result.problems.append("%s %s warm, %d rows, failed:\n%s"
                               % (LABEL[tool], question, result.rows, indent(outcome.failure())))
        return None
    times = [float(t) for t in TIMER_LINE.findall(outcome.stdout + "\n" + outcome.stderr)]
    if len(times) < WARM_REPEATS:
        result.problems.append("%s warm %s: expected %d timer lines, found %d"
                               % (LABEL[tool], question, WARM_REPEATS, len(times)))
        return None
    return statistics.median(times[-WARM_REPEATS:][1:])


# Reopening a store: the question the store must answer faster than DuckDB does from its own file.
REOPEN = "R0-reopen-deaths-ukraine"
REOPEN_TEXT = {
    "parley": "incidents in Ukraine | sum deaths\n",
    "duckdb": "SELECT sum(fatalities) AS deaths FROM events WHERE country = 'Ukraine';\n",
    "sqlite": "SELECT sum(fatalities) AS deaths FROM events WHERE country = 'Ukraine';\n",
}


def measure_on_file(tools, csv_path, args, result, tag):
    """Each tool builds its own file once (Parley: a store, `parley STORE --acled CSV`; DuckDB and
    SQLite: a database file), then answers each question one-shot and read-only from it: what a
    question costs when the load was paid earlier. R0 is the reopening race: open the file, answer
    `incidents in Ukraine | sum deaths`."""
    files = {}
    for tool in (t for t in ("parley", "duckdb", "sqlite") if getattr(tools, t)):
        path = os.path.join(BENCH, ".data", "acled-%d.%s" % (result.rows, tool))
        remove_database(path)
        log("%s building the %s file" % (tag, LABEL[tool]))
        if tool == "parley":
            outcome = run_process([tools.parley, path, "--acled", csv_path, "-e", "incidents | count"], "", args.timeout)
        else:
            outcome = run_process(tools.sql_argv(tool, path), tools.load_text(tool, csv_path), args.timeout)
        cell = Cell()
        cell.add(outcome)
        result.file_builds[tool] = cell
        if outcome.ok:
            files[tool] = path
            result.file_sizes[tool] = os.path.getsize(path)
        else:
            remove_database(path)
            result.problems.append("%s file, %d rows, failed:\n%s"
                                   % (LABEL[tool], result.rows, indent(outcome.failure())))
    for question in [REOPEN] + list(args.questions):
        log("%s %s one-shot on the files" % (tag, question))
        commands = {t: on_file_command(tools, t, path, question) for t, path in files.items()}
        cells = round_robin(question + " on its file", commands, result.runs, args.timeout, result)
        for tool, cell in cells.items():
            result.on_file[(question, tool)] = cell
    if not args.keep_files:
        for path in files.values():
            remove_database(path)


def on_file_command(tools, tool, path, question):
    if tool == "parley":
        argv = [tools.parley, path, "--readonly", "--format", "csv"]
        if question == REOPEN:
            return argv + ["-e", REOPEN_TEXT["parley"].strip()], ""
        return argv + ["-f", tools.question_path(question)], ""
    text = REOPEN_TEXT[tool] if question == REOPEN else tools.question_text(tool, question)
    return tools.sql_argv(tool, path, readonly=True), text


def remove_database(path):
    for name in (path, path + ".wal", path + "-journal", path + "-wal", path + "-shm"):
        if os.path.exists(name):
            os.remove(name)


def check_answers(result, question):
    """Every run of every tool must print DuckDB's in-memory answer (its first end-to-end run)."""
    reference = result.e2e.get((question, "duckdb"))
    expected = reference.output if reference else None
    checks = [("P=D", "Parley", result.e2e.get((question, "parley"))),
              ("S=D", "SQLite", result.e2e.get((question, "sqlite"))),
              ("D runs", "DuckDB (its other runs)", reference),
              ("P store", "Parley on its store", result.on_file.get((question, "parley"))),
              ("D file", "DuckDB on its database file", result.on_file.get((question, "duckdb"))),
              ("S file", "SQLite on its database file", result.on_file.get((question, "sqlite")))]
    result.answers[question] = verdicts(result, question, expected, checks)


def verdicts(result, question, expected, checks):
    """{check name: True when every run of that cell printed `expected`, False if not, None if unknown};
    each mismatch is added to the result's problems."""
    found = {}
    for name, who, cell in checks:
        if cell is None:
            continue
        if expected is None or cell.output is None:
            found[name] = None
            continue
        wrong = [output for output in cell.outputs if not same_answer(expected, output)]
        found[name] = not wrong
        if wrong:
            result.problems.append(mismatch_text(question, result.rows, who, expected, wrong[0]))
    return found


def mismatch_text(question, rows, who, expected, actual, shown=20):
    """Both outputs from the first row that differs (at most `shown` lines each); the whole outputs
    are saved under Benchmarks/.data/mismatches/."""
    want, got = expected.splitlines(), actual.splitlines()
    first = first_difference(want, got)
    start = 1 if len(want) <= shown and len(got) <= shown else first
    folder = os.path.join(BENCH, ".data", "mismatches")
    os.makedirs(folder, exist_ok=True)
    stem = os.path.join(folder, "%s-%d-" % (question.split("-")[0], rows))
    for name, text in (("duckdb", expected), (who.split()[0].lower(), actual)):
        with open(stem + name + ".csv", "w") as out:
            out.write(text)

    def excerpt(lines):
        body = [lines[0]] + (["…"] if start > 1 else []) + lines[start:start + shown]
        more = len(lines) - start - shown
        return indent("\n".join(body) + ("\n… %d more lines" % more if more > 0 else ""), "    | ")

    return ("MISMATCH %s, %d rows: %s differs from DuckDB (first at data line %d; %d against %d lines; "
            "saved as %s*.csv)\n  DuckDB:\n%s\n  %s:\n%s"
            % (question, rows, who, first, len(want) - 1, len(got) - 1, os.path.relpath(stem, os.getcwd()),
               excerpt(want), who, excerpt(got)))
