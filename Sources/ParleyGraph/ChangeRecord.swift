#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One write statement as the graph keeps it: what was written, when, and what it changed.
public struct ChangeRecord: Sendable, Equatable {
    /// 1, 2, 3… in the order the changes were made.
    public var id: Int64
    /// Seconds since 1970 (UTC), by the wall clock when the change was made.
    public var at: Int64
    /// add, change, retract, alias, merge, import.
    public var kind: String
    /// The statement as the user wrote it.
    public var statement: String
    /// What changed, in words: "status of meeting moscow_invitation: proposed → declined".
    public var summary: String

    public init(id: Int64, at: Int64, kind: String, statement: String, summary: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.statement = statement
        self.summary = summary
    }

    /// `2026-11-25T13:40:12Z`.
    public static func iso(_ seconds: Int64) -> String {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = CalendarDate.civil(days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }

    /// The seconds `iso` wrote, or 0 when the text is not in that form.
    public static func seconds(fromISO text: String) -> Int64 {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 else { return 0 }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day) else { return 0 }
        let days = CalendarDate.days(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }
}

extension Graph {
    // MARK: History

    /// Appends a record of a write statement to `changes`.
    public mutating func recordChange(kind: String, statement: String, summary: String) {
        recordChange(kind: kind, statement: statement, summary: summary, nodes: [])
    }

    /// Appends a record of a write statement that is about `nodes` (`history of X` lists it).
    public mutating func recordChange(kind: String, statement: String, summary: String, nodes: [NodeID]) {
        let id = (changes.last?.id ?? 0) + 1
        changes.append(ChangeRecord(id: id, at: Int64(time(nil)), kind: kind, statement: statement, summary: summary))
        for node in nodes {
            changedNodes.append(node)
            changedNodeChanges.append(id)
        }
    }

    /// The ids of the changes about `node`.
    public func changes(about node: NodeID) -> Set<Int64> {
        var ids = Set<Int64>()
        for (index, changed) in changedNodes.enumerated() where changed == node { ids.insert(changedNodeChanges[index]) }
        return ids
    }
}
