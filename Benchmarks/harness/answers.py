"""Comparing answers: CSV rows after the header; numbers compared as numbers, the rest as text.

Headers are not compared: Parley names some columns differently from the SQL (B4 `opponent` for
`other`; B6 `date` and `deaths` for `event_date` and `fatalities`). Quoting is not compared either:
DuckDB and SQLite quote different fields, and both are valid CSV. An unknown value is an empty field
in Parley's CSV and NULL is printed as an empty field by the harness's DuckDB and SQLite.
"""
import csv, io, re

NUMBER = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$")


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


def same_cell(a, b):
    """`12` and `12.0` are the same number; `2024-03-05` is text and compared as text."""
    if NUMBER.match(a) and NUMBER.match(b):
        x, y = float(a), float(b)
        return x == y or abs(x - y) <= 1e-9 * max(abs(x), abs(y))
    return a == b


def same_answer(expected, actual):
    """Whether two CSV outputs hold the same rows, in the same order, after their header lines."""
    want, got = csv_rows(expected)[1:], csv_rows(actual)[1:]
    return len(want) == len(got) and all(
        len(w) == len(g) and all(same_cell(x, y) for x, y in zip(w, g)) for w, g in zip(want, got))


def first_difference(want, got):
    """The first data line (1 is the line after the header) where two outputs' lines differ."""
    for line in range(1, max(len(want), len(got))):
        if line >= len(want) or line >= len(got) or not same_answer("h\n" + want[line], "h\n" + got[line]):
            return line
    return 1
