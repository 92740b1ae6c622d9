import ParleyGraph
import ParleySchema

/// `.help` and `.help TOPIC`.
package enum HelpText {
    package static let topics: [(name: String, text: String)] = [
        ("queries", """
        A query starts from a kind, narrows it with filters, and reshapes it with a pipeline:
          incidents in Ukraine where deaths > 0 | sum deaths
          meetings where status = proposed | select name, inviter, invitee, place, source
          members of Kremlin                     every party within it, at any depth
          Russia -> controls                     follow a relation or role from a node
          "United States" <- mediator            ... or back to it
        Kinds: parties, places, meetings, incidents, claims, relations, facts; and events, every
        meeting, incident and claim as one table (kind, name, date, when, place, parties, deaths, source).
        A statement ends at a line break or `;`, except inside brackets, after `|`, or when
        the next line starts with `|`. `--` starts a comment.

        """),
        ("filters", """
        Filters, any number, in any order, before the first `|`:
          where EXPR                 deaths > 0 and kind in (strike, shelling); x is unknown; notes contains "drone"
          in PLACE                   in the place or anywhere inside it: in Ukraine, in admin1 Kyiv, in Ukraine/Kyiv/Kyiv;
                                     in (A, B) either; claims in PLACE: about a place or an event there
          within PARTY|PLACE         members at any depth; places inside
          involving PARTY [as ROLE]  the party or any of its members; roles: actor, target, side, associate,
                                     host, guest, inviter, invitee, mediator, participant, speaker, subject;
                                     involving (A, B) either
          with A and B               all of them involved
          during 2024 | 2024-03 | 2024-W09 | 2024-03-05
          from DATE to DATE          inclusive
          before X, after X          X a date or an event's name
          same day as EVENT          even when the day itself is unknown
          last 30 days               a window ending at the latest dated event (a note says which)
          reported by X, said by X, sourced by X
                                     X or any of its members in a chain of sources
          mentioning "text"          case-insensitive, in names, notes and texts
          about X                    claims about a party (or its members), a place (or in it), an event
          not FILTER                 what the filter does not keep (a place or time filter: of the rows
                                     whose place or date is known)

        """),
        ("stages", """
        Pipeline stages, after `|`:
          select a, b as c     sort by a desc, b     limit 10     distinct [a, b]
          count | sum f | avg f | min f | max f | unknown f   (several: count, sum deaths as d)
          group by f, g        followed by aggregates (default: count); fields include
                               day, week, month, year and the place levels country, admin1...
          group by country, month filled   every month from the first to the last, an empty one
                               counting 0 (the other keys' groups each filled)
          where EXPR           over the columns at hand
          select deaths + injuries as hurt, round(deaths / events, 2), round(100 * share(events), 1) as pct
                               arithmetic in select and where: + - * /, -x, abs(x), round(x[, places]),
                               share(x) (x over the sum of x over all rows); unknown in, unknown out
          pair with (QUERY) on place, day    every two events, one from each side, sharing those
        sum and avg skip unknowns and say how many; a sum of only unknowns is unknown.

        """),
        ("add", """
        Adding facts (the sample graph is written this way):
          add party Peskov kind person aka "Dmitry Peskov" member of Kremlin as spokesperson reported by "news report"
          add place Zaporizhzhia level admin1 within Ukraine aka Zaporizhia
          add meeting abu_dhabi_talks (kind talks status held place "Abu Dhabi"
              participant Russia, Ukraine, "United States" mediator "United States")
          add incident strike_1 kind strike actor Russia place Zaporizhzhia deaths 3 date 2024-03-05
          add claim c1 text "..." about moscow_invitation said by Peskov reported by "news report"
          add relation Russia controls "Zaporizhzhia nuclear power plant" reported by "news report"
          add incident UKR1 kind strike place location Ukraine/Kyiv/Kyiv time_precision week timestamp 1700000000
        Sources: `said by` (who said it), `reported by` (each one an independent source), `via` (relayed by);
        `also said by` or `also reported by` starts another source. `add source …` declares chains.
        Places: a name, a level and name (`admin1 Kyiv`) or a path (`Ukraine/Kyiv/Kyiv`).
        Time: date 2024 | 2024-03 | 2024-03-05 | unknown, when "last year", same day as X, before X, after X.
        `.dump` writes the whole graph in these statements.

        """),
        ("corrections", """
        Correcting the graph; each correction, like each add, is kept in `history`:
          change meeting moscow_invitation status declined reported by Reuters
                                                     new values replace the old (any clause of add but aka)
          retract incident strike_1                  gone from every query, kept for history
          retract relation Russia controls Crimea
          retract member Peskov of Kremlin
          retract party X, retract place X           when no standing fact refers to it
          alias party Zelensky as Zelenskyi          another name
          merge party "V. Zelensky" into Zelensky    every reference moves; its names become aliases
          history | where kind = merge               every write statement: id, at, kind, statement, summary
          history of meeting moscow_invitation       the changes about one node

        """),
        ("time", """
        Dates have a precision: a day (2024-03-05), an ISO week (2024-W09), a month (2024-03), a year
        (2024) or unknown. A partial date matches a filter only when its whole period lies inside.
        `same day as X` follows stated links ("the same day as the invitation") as well as dates;
        `before X` / `after X` follow stated order as well as dates.

        """),
        ("output", """
        Formats (.mode or --format): table, csv, tsv, json, jsonl, markdown, line; .mode also takes
        sqlite3's box, column and tabs. Unknown prints as ∅ in tables, an empty field in csv/tsv, null
        in json — never as 0 (.nullvalue TEXT changes it). On a terminal a table wider than the window
        cuts its widest text columns with …, or prints one `name = value` block per row (.maxwidth);
        long results go through $PAGER (.pager). Output to a pipe or a file is never cut.

        """),
        ("fields", fieldsText),
    ]

    /// Every kind's fields, from the schema, wrapped to fit 100 columns.
    static var fieldsText: String {
        var text = "The fields of each kind, for select, where, sort by and group by (`.schema` says what each means):\n"
        let width = NodeKind.allCases.map(\.rawValue.count).max()!
        for kind in NodeKind.allCases {
            var line = "  " + kind.rawValue + String(repeating: " ", count: width - kind.rawValue.count) + "  "
            let indent = String(repeating: " ", count: line.count)
            let names = Schema.fields(of: kind).map(\.name)
            for (index, name) in names.enumerated() {
                let word = name + (index == names.count - 1 ? "" : ",")
                if line.count + word.count > 100 && !line.hasSuffix("  ") {
                    text += line + "\n"
                    line = indent
                } else if !line.hasSuffix("  ") {
                    line += " "
                }
                line += word
            }
            text += line + "\n"
        }
        return text + "\n"
    }

    static func text(topic: String?) -> String {
        if let topic {
            if let found = topics.first(where: { $0.name == topic || $0.name.hasPrefix(topic) }) { return found.text }
            return "no help on `\(topic)`; topics: \(topics.map(\.name).joined(separator: ", "))\n"
        }
        var text = "Commands:\n"
        for command in DotCommand.all { text += "  \(command.usage)\n" }
        text += "Help topics (.help TOPIC): \(topics.map(\.name).joined(separator: ", "))\n"
        return text
    }
}
