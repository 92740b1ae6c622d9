"""L1, the long-list question: `incidents where name in (…)` with 200,000 names, against DuckDB's and
SQLite's `WHERE event_id_cnty IN (…)` with the same names. Its text is made from each data file, so
it is written per size into the run's scratch folder rather than kept in questions/."""
import csv, os

LIST_QUESTION = "L1-name-in-200k-list"
LIST_LENGTH = 200_000
SUMMARY = "L1: Of 200,000 listed event ids (every other event's, the rest ids no event has), how many events and deaths."


def list_names(csv_path, length=LIST_LENGTH):
    """Every other event id of the file (up to half the list), then ids no event has, interleaved so
    that hits and misses alternate through the list."""
    with open(csv_path, newline="") as handle:
        reader = csv.reader(handle)
        column = next(reader).index("event_id_cnty")
        ids = [row[column] for row in reader]
    present = [name for name in ids[::2] if "'" not in name and '"' not in name][:length // 2]
    absent = ["NOEVENT%d" % index for index in range(length - len(present))]
    names = []
    for index in range(max(len(present), len(absent))):
        names += present[index:index + 1] + absent[index:index + 1]
    return names


def write_list_question(csv_path, folder):
    """{tool: path} of L1 for this data file: Parley's statement and the SQL, one file each."""
    names = list_names(csv_path)
    texts = {
        "parley": "-- %s\nincidents where name in (%s) | count as events, sum deaths as deaths\n"
                  % (SUMMARY, ", ".join('"%s"' % name for name in names)),
        "sql": "-- %s\nSELECT count(*) AS events, sum(fatalities) AS deaths FROM events WHERE event_id_cnty IN (%s);\n"
               % (SUMMARY, ", ".join("'%s'" % name for name in names)),
    }
    paths = {}
    for kind, text in texts.items():
        paths[kind] = os.path.join(folder, "%s.%s" % (LIST_QUESTION, "parley" if kind == "parley" else "sql"))
        with open(paths[kind], "w") as out:
            out.write(text)
    return {"parley": paths["parley"], "duckdb": paths["sql"], "sqlite": paths["sql"]}
