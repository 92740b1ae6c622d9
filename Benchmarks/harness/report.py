"""The markdown report: one table per size, the linearity check, the machine line."""
import datetime, os, platform

from . import LABEL, TOOLS, WARM_REPEATS
from .process import run_process

NOISY = 0.25  # an e2e cell whose runs spread wider than this share of their median is listed


def report(results, questions, tools):
    sections = ["## Parley against DuckDB and SQLite", "",
                "e2e: median wall time of whole processes (load the CSV, answer, print CSV). warm: median "
                "of each tool's own `.timer` over %d repetitions in one process after the load (1 ms "
                "resolution). Ratios above 1.00× mean Parley is slower. Peak MB: max RSS of the e2e "
                "processes. Same answer: rows after the header equal DuckDB's." % (WARM_REPEATS - 1), ""]
    for result in results:
        sections += [size_table(result, questions, tools.enabled()), ""]
    if len(results) >= 2:
        by_rows = sorted(results, key=lambda r: r.rows)
        sections += [linearity_table(by_rows[-2], by_rows[-1], questions), ""]
    sections.append(machine_line(tools))
    return "\n".join(sections) + "\n"


def size_table(result, questions, enabled):
    def e2e(q, t):
        return wall(result.e2e.get((q, t)))

    imp = {t: result.imports.get(t) for t in TOOLS}
    lines = ["### %s rows (e2e runs: %s)" % (human_rows(result.rows), runs_text(result.runs)), "",
             "| question | Parley e2e | DuckDB e2e | SQLite e2e | Parley/DuckDB | Parley/SQLite | "
             "Parley warm | DuckDB warm | SQLite warm | warm ratio P/D | peak MB (P/D/S) | same answer |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    counts = "count " + ", ".join("%s %s" % (LABEL[t][0], result.import_counts.get(t, "?")) for t in enabled)
    lines.append(row("import (load + count)", *(seconds(wall(imp[t])) for t in TOOLS),
                     ratio(wall(imp["parley"]), wall(imp["duckdb"])), ratio(wall(imp["parley"]), wall(imp["sqlite"])),
                     "—", "—", "—", "—", megabytes(*(peak(imp[t]) for t in TOOLS)), counts))
    for q in questions:
        w = {t: result.warm.get((q, t)) for t in TOOLS}
        lines.append(row(q, *(seconds(e2e(q, t)) for t in TOOLS),
                         ratio(e2e(q, "parley"), e2e(q, "duckdb")), ratio(e2e(q, "parley"), e2e(q, "sqlite")),
                         *(seconds(w[t]) for t in TOOLS), ratio(w["parley"], w["duckdb"]),
                         megabytes(*(peak(result.e2e.get((q, t))) for t in TOOLS)),
                         verdict_text(result.answers.get(q, {}))))
    noisy = noisy_cells(result, questions)
    if noisy:
        lines += ["", "Noisy (fastest and slowest run more than %d%% of the median apart): %s."
                  % (NOISY * 100, "; ".join(noisy))]
    if result.on_file:
        lines += ["", "One-shot on each tool's own file, read-only (Parley: a store built by `parley STORE --acled "
                  "CSV`; DuckDB and SQLite: a database file, `-readonly`). The file is built once beforehand; each "
                  "run opens it, answers and exits. R0 opens the file and answers `incidents in Ukraine | sum deaths`.", "",
                  "| question | Parley store | DuckDB file | SQLite file | Parley/DuckDB | peak MB (P/D/S) | same answer |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        builds = {t: result.file_builds.get(t) for t in TOOLS}
        sizes = "/".join("%.0f" % (result.file_sizes[t] / 1e6) if t in result.file_sizes else "—" for t in TOOLS)
        lines.append(row("build the file (once)", *(seconds(wall(builds[t])) for t in TOOLS),
                         ratio(wall(builds["parley"]), wall(builds["duckdb"])),
                         megabytes(*(peak(builds[t]) for t in TOOLS)), "file MB (P/D/S) " + sizes))
        reopen = [q for q in {key[0] for key in result.on_file} if q not in questions]
        for q in sorted(reopen) + list(questions):
            cells = {t: result.on_file.get((q, t)) for t in TOOLS}
            verdicts = result.answers.get(q, {})
            checks = [name for name in ("P store", "D file", "S file") if name in verdicts]
            lines.append(row(q, *(seconds(wall(cells[t])) for t in TOOLS),
                             ratio(wall(cells["parley"]), wall(cells["duckdb"])),
                             megabytes(*(peak(cells[t]) for t in TOOLS)),
                             ", ".join("%s %s" % (n, "✓" if verdicts[n] else "**MISMATCH**" if verdicts[n] is False else "?")
                                       for n in checks) or "—"))
    return "\n".join(lines)


def noisy_cells(result, questions):
    """`DuckDB B1 2.10 s–3.90 s` for each import or e2e cell whose runs spread wider than NOISY."""
    cells = [("import", t, result.imports.get(t)) for t in TOOLS]
    cells += [(q.split("-")[0], t, result.e2e.get((q, t))) for q in questions for t in TOOLS]
    return ["%s %s %s–%s" % (LABEL[t], what, seconds(min(c.walls)), seconds(max(c.walls)))
            for what, t, c in cells if c and c.wall and c.spread > NOISY]


def linearity_table(small, large, questions):
    """Time per row at the largest size against the next: 1.00× is linear; well above is suspicious."""
    s, l = human_rows(small.rows), human_rows(large.rows)
    lines = ["### Linearity: time per row at %s against %s (import: e2e wall; questions: warm)" % (l, s), "",
             "| work | Parley ns/row at %s | Parley ns/row at %s | Parley %s/%s | DuckDB %s/%s | SQLite %s/%s |"
             % (s, l, l, s, l, s, l, s), "|---|---:|---:|---:|---:|---:|"]

    def per_row(result, value):
        return None if value is None else value / result.rows

    measures = [("import", lambda r, t: wall(r.imports.get(t)))]
    measures += [(q, lambda r, t, q=q: r.warm.get((q, t))) for q in questions]
    for name, value in measures:
        ns = [per_row(r, value(r, "parley")) for r in (small, large)]
        ratios = [ratio(per_row(large, value(large, t)), per_row(small, value(small, t))) for t in TOOLS]
        lines.append(row(name, *("—" if v is None else "%.0f" % (v * 1e9) for v in ns), *ratios))
    return "\n".join(lines)


def machine_line(tools):
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), model)
    except OSError:
        pass
    versions = []
    for tool in TOOLS:
        executable = getattr(tools, tool)
        if executable:
            words = run_process([executable, "--version"], timeout=30).stdout.split()
            # parley prints `parley 0.1.0`, duckdb `v1.5.6 (…) hash`, sqlite3 `3.40.1 date …`
            version = words[1] if tool == "parley" and len(words) > 1 else words[0] if words else "?"
            versions.append("%s %s" % (LABEL[tool], version))
    return "Machine: %d cores (nproc), %s, %s; %s; %s." % (
        len(os.sched_getaffinity(0)), model, platform.system(),
        ", ".join(versions), datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))


def row(*cells):
    return "| " + " | ".join(cells) + " |"


def wall(cell):
    return cell.wall if cell else None


def peak(cell):
    return cell.peak if cell else None


def human_rows(rows):
    for unit, suffix in ((1_000_000, "M"), (1000, "k")):
        if rows % unit == 0:
            return "%d%s" % (rows // unit, suffix)
    return str(rows)


def runs_text(runs):
    return ", ".join("%s ×%d" % (LABEL[t], n) for t, n in runs.items())


def seconds(value):
    if value is None:
        return "—"
    if value >= 1:
        return "%.2f s" % value
    return "%.0f ms" % (value * 1000) if value >= 0.0095 else "%.1f ms" % (value * 1000)


def ratio(a, b):
    if a is None or b is None:
        return "—"
    return "n/a" if b == 0 else "%.2f×" % (a / b)


def megabytes(*values):
    return "/".join("—" if v is None else "%.0f" % v for v in values)


def verdict_text(verdicts):
    """`P=D ✓, S=D ✓` when every check agrees; **MISMATCH** and the failing checks otherwise."""
    failed = [name for name, ok in verdicts.items() if ok is False]
    if failed:
        return "**MISMATCH** " + ", ".join(failed)
    shown = [name for name in ("P=D", "S=D") if name in verdicts]
    return ", ".join("%s %s" % (name, "✓" if verdicts[name] else "?") for name in shown) or "—"
