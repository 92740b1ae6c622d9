"""The benchmark harness behind Benchmarks/run: process timing, the tools' command lines,
measuring, answer checking and the markdown report, one concept per module."""
import os

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # Benchmarks/
ROOT = os.path.dirname(BENCH)                                         # the repository

QUESTIONS = ["B1-deaths-ukraine-2024", "B2-deaths-by-admin1", "B3-monthly-involving", "B4-partners",
             "B5-same-day-strike-and-clash", "B6-timeline-of-region", "B7-notes-mention"]
# Questions whose text is made from each data file (harness/lists.py), not kept in questions/.
GENERATED_QUESTIONS = ["L1-name-in-200k-list"]
TOOLS = ["parley", "duckdb", "sqlite"]
LABEL = {"parley": "Parley", "duckdb": "DuckDB", "sqlite": "SQLite"}
WARM_REPEATS = 11  # in one process: the first is discarded, the median of the other ten is reported


class HarnessError(Exception):
    """A problem that stops the run: a missing tool, a failed build, missing shared files."""
