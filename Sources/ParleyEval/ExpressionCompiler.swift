import ParleyGraph
import ParleySchema
import ParleySupport
import ParleySyntax

/// Compiles a `where` expression into a closure over row positions, with SQL's three-valued logic:
/// a comparison with unknown is unknown, and `where` keeps only rows that are true.
struct ExpressionCompiler {
    let columns: FrameColumns
    let resolver: Resolver
    /// The `in (…)` lists already hashed for this expression, when it was compiled before (by the
    /// binder, over no rows): a list of 200,000 names is hashed once per query, not once per frame.
    var lists: ListedValues.Cache? = nil

    typealias Compiled = (Int) -> Value

    func compilePredicate(_ expr: Expr) throws(ParleyError) -> (Int) -> Bool {
        let compiled = try compile(expr, strict: true)
        return { position in
            if case .boolean(true) = compiled(position) { return true }
            return false
        }
    }

    /// `strict`: a bare word must be a field (the left of a comparison); otherwise a word that is not a field is a value.
    func compile(_ expr: Expr, strict: Bool) throws(ParleyError) -> Compiled {
        switch expr {
        case let .field(name):
            if strict { return try columns.reader(name, resolver: resolver) }
            if let reader = columns.reader(name.text) { return reader }
            let value = Value.string(name.text)
            return { _ in value }
        case let .string(text, _):
            let value = Value.string(text)
            return { _ in value }
        case let .number(number, text, _):
            let value: Value = Int64(text).map { .integer($0) } ?? .double(number)
            return { _ in value }
        case let .date(literal):
            let value = Value.date(try resolver.dateText(literal))
            return { _ in value }
        case .unknown:
            return { _ in .unknown }
        case let .parameter(name):
            let value = Value.parsed(try resolver.text(name))
            return { _ in value }
        case let .not(inner):
            let compiled = try compile(inner, strict: true)
            return { position in
                if case let .boolean(value) = compiled(position) { return .boolean(!value) }
                return .unknown
            }
        case let .and(left, right):
            let l = try compile(left, strict: true)
            let r = try compile(right, strict: true)
            return { position in
                let a = l(position)
                if case .boolean(false) = a { return .boolean(false) }
                let b = r(position)
                if case .boolean(false) = b { return .boolean(false) }
                if case .boolean(true) = a, case .boolean(true) = b { return .boolean(true) }
                return .unknown
            }
        case let .or(left, right):
            let l = try compile(left, strict: true)
            let r = try compile(right, strict: true)
            return { position in
                let a = l(position)
                if case .boolean(true) = a { return .boolean(true) }
                let b = r(position)
                if case .boolean(true) = b { return .boolean(true) }
                if case .boolean(false) = a, case .boolean(false) = b { return .boolean(false) }
                return .unknown
            }
        case let .compare(left, op, right):
            try checkVocabulary(left, right)
            let l = try compile(left, strict: true)
            let r = try compile(right, strict: false)
            return { position in Value.compare(l(position), op, r(position)) }
        case let .isUnknown(inner, negated):
            let compiled = try compile(inner, strict: true)
            return { position in .boolean(compiled(position).isUnknown != negated) }
        case let .contains(left, right):
            let l = try compile(left, strict: true)
            let r = try compile(right, strict: false)
            return { position in
                let haystack = l(position)
                guard let needle = r(position).text, !haystack.isUnknown else { return .unknown }
                return .boolean(haystack.containsText(needle.lowercased()))
            }
        case let .oneOf(left, options):
            let l = try compile(left, strict: true)
            // Constant options go in one hashed set; only fields (`actor in (target, X)`) are read per row.
            let split: ListedValues.Split
            if let cached = lists?.split(of: options) {
                split = cached
            } else {
                try checkVocabulary(left, options)
                var constants: [Value] = []
                var perRow: [Int] = []
                for (index, option) in options.enumerated() {
                    if let value = try constant(option) { constants.append(value) } else { perRow.append(index) }
                }
                split = ListedValues.Split(listed: ListedValues(constants), perRow: perRow)
                lists?.keep(split, for: options)
            }
            let listed = split.listed
            var perRow: [Compiled] = []
            for index in split.perRow { perRow.append(try compile(options[index], strict: false)) }
            return { position in
                let value = l(position)
                if value.isUnknown { return .unknown }
                if listed.contains(value) { return .boolean(true) }
                for option in perRow {
                    if case .boolean(true) = Value.compare(value, .equal, option(position)) { return .boolean(true) }
                }
                return .boolean(false)
            }
        case let .arithmetic(left, op, right):
            let l = try compile(left, strict: true)
            let r = try compile(right, strict: true)
            return { position in Arithmetic.apply(op, l(position), r(position)) }
        case let .negate(inner):
            let compiled = try compile(inner, strict: true)
            return { position in Arithmetic.negate(compiled(position)) }
        case let .call(name, arguments):
            return try compile(call: name, arguments)
        }
    }

    /// A function the binder has checked: its name is known and its arguments are as many as it takes.
    private func compile(call name: Name, _ arguments: [Expr]) throws(ParleyError) -> Compiled {
        guard let function = ArithmeticFunction(rawValue: name.text), function.arguments.contains(arguments.count) else {
            throw ParleyError(EvalProblem.unknownFunction(name.text), at: resolver.span(name.range))
        }
        let x = try compile(arguments[0], strict: true)
        switch function {
        case .abs:
            return { position in Arithmetic.absolute(x(position)) }
        case .round:
            let places = arguments.count == 2 ? try ArithmeticTyping.places(arguments[1], resolver) : 0
            return { position in Arithmetic.round(x(position), places: places) }
        case .share:
            // The total over every row of the frame, unknowns skipped; a share of nothing is unknown.
            var total = 0.0
            for position in 0..<columns.frame.count {
                if position % Interrupt.checkInterval == 0 { try Interrupt.check() }
                total += x(position).numericValue ?? 0
            }
            return { position in
                guard total != 0, let value = x(position).numericValue else { return .unknown }
                return Arithmetic.real(value / total)
            }
        }
    }

    /// The value of an operand that is the same on every row (a literal, a parameter, a bare word that
    /// names no field), or nil for a field.
    private func constant(_ expr: Expr) throws(ParleyError) -> Value? {
        switch expr {
        case let .field(name) where columns.reader(name.text) == nil: return .string(name.text)
        case .string, .number, .date, .unknown, .parameter: return try compile(expr, strict: false)(0)
        default: return nil
        }
    }

    /// `status = propsed` is an error with a suggestion, not an empty result.
    private func checkVocabulary(_ left: Expr, _ rights: Expr...) throws(ParleyError) {
        try checkVocabulary(left, rights)
    }

    private func checkVocabulary(_ left: Expr, _ rights: [Expr]) throws(ParleyError) {
        guard case let .field(field) = left, case let .nodes(kind, _) = columns.frame,
              let vocabulary = Vocabulary.values(of: field.text, in: kind) else { return }
        for right in rights {
            let word: String
            let range: Range<Int>
            switch right {
            case let .field(name) where columns.reader(name.text) == nil:
                word = name.text
                range = name.range
            case let .string(text, stringRange):
                word = text
                range = stringRange
            default:
                continue
            }
            if !vocabulary.contains(word) {
                throw ParleyError(EvalProblem.notAValue(word, kind: kind, field: field.text), at: resolver.span(range),
                                  hint: NameSuggester.closest(to: word, among: vocabulary).map { "did you mean `\($0)`?" }
                                    ?? "\(field.text) is one of: \(vocabulary.joined(separator: ", "))")
            }
        }
    }
}

/// The closed vocabularies of fields, for checking comparisons and for the shell's completion after
/// `field =`: the schema's closed sets.
package enum Vocabulary {
    package static func values(of field: String, in kind: NodeKind) -> [String]? {
        guard case let .choice(choices)? = Schema.field(kind, field)?.type else { return nil }
        return choices.values
    }
}

extension Value {
    /// A parameter's text as the value it looks like: a number, a date, or a string.
    static func parsed(_ text: String) -> Value {
        if let integer = Int64(text) { return .integer(integer) }
        if let double = Double(text), double.isFinite { return .double(double) }
        if text.utf8.count >= 7, let date = CalendarDate.parse(text) { return .date(date) }
        return .string(text)
    }

    /// Three-valued comparison. A list compares true when any of its elements does.
    static func compare(_ lhs: Value, _ op: Comparison, _ rhs: Value) -> Value {
        if lhs.isUnknown || rhs.isUnknown { return .unknown }
        if case let .list(values) = lhs {
            var sawUnknown = false
            for value in values {
                switch compare(value, op, rhs) {
                case .boolean(true): return op == .notEqual ? .boolean(false) : .boolean(true)
                case .unknown: sawUnknown = true
                default: break
                }
            }
            if op == .notEqual { return .boolean(true) }
            return sawUnknown ? .unknown : .boolean(false)
        }
        switch (lhs, rhs) {
        case let (.date(a), .date(b)):
            // A partial date compares as the whole period it covers.
            switch op {
            case .equal: return .boolean(a.firstDay >= b.firstDay && a.lastDay <= b.lastDay)
            case .notEqual: return .boolean(!(a.firstDay >= b.firstDay && a.lastDay <= b.lastDay))
            case .less: return .boolean(a.lastDay < b.firstDay)
            case .lessOrEqual: return .boolean(a.lastDay <= b.lastDay)
            case .greater: return .boolean(a.firstDay > b.lastDay)
            case .greaterOrEqual: return .boolean(a.firstDay >= b.firstDay)
            }
        case let (.date, .integer(year)):
            guard let b = CalendarDate.parse(String(year)) else { return .boolean(false) }
            return compare(lhs, op, .date(b))
        case let (.integer(year), .date):
            guard let a = CalendarDate.parse(String(year)) else { return .boolean(false) }
            return compare(.date(a), op, rhs)
        case let (.string(a), .string(b)):
            switch op {
            case .equal: return .boolean(a == b)
            case .notEqual: return .boolean(a != b)
            default:
                let less = a.utf8.lexicographicallyPrecedes(b.utf8)
                let greater = b.utf8.lexicographicallyPrecedes(a.utf8)
                return .boolean(op.holds(less: less, greater: greater))
            }
        default:
            if let a = lhs.numericValue, let b = rhs.numericValue {
                return .boolean(op.holds(less: a < b, greater: a > b))
            }
            if case let .boolean(a) = lhs, case let .boolean(b) = rhs {
                return .boolean(op.holds(less: !a && b, greater: a && !b))
            }
            // Different types never compare equal.
            return .boolean(op == .notEqual)
        }
    }

    /// Case-insensitive containment of an already-lowercased needle.
    func containsText(_ needle: String) -> Bool {
        switch self {
        case let .list(values): return values.contains { $0.containsText(needle) }
        default:
            guard let text = self.text else { return false }
            return TextSearch.contains(text, lowercasedNeedle: needle)
        }
    }
}

extension Comparison {
    func holds(less: Bool, greater: Bool) -> Bool {
        switch self {
        case .equal: !less && !greater
        case .notEqual: less || greater
        case .less: less
        case .lessOrEqual: !greater
        case .greater: greater
        case .greaterOrEqual: !less
        }
    }
}

/// Case-insensitive substring search over UTF-8 bytes (ASCII folding; other scripts fold through `lowercased()`).
enum TextSearch {
    static func contains(_ text: String, lowercasedNeedle needle: String) -> Bool {
        let needleBytes = Array(needle.utf8)
        if needleBytes.isEmpty { return true }
        let asciiOnly = needleBytes.allSatisfy { $0 < 0x80 }
        if !asciiOnly { return text.lowercased().contains(needle) }
        var found = false
        text.utf8.withContiguousStorageIfAvailable { haystack in
            found = containsASCII(haystack, needleBytes)
        } ?? { found = containsASCII(Array(text.utf8), needleBytes) }()
        return found
    }

    static func containsASCII<C: RandomAccessCollection>(_ haystack: C, _ needle: [UInt8]) -> Bool where C.Element == UInt8, C.Index == Int {
        let n = needle.count
        guard haystack.count >= n else { return false }
        let first = needle[0]
        var index = haystack.startIndex
        let last = haystack.endIndex - n
        while index <= last {
            if fold(haystack[index]) == first {
                var matched = true
                var offset = 1
                while offset < n {
                    if fold(haystack[index + offset]) != needle[offset] { matched = false; break }
                    offset += 1
                }
                if matched { return true }
            }
            index += 1
        }
        return false
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}

extension TextSearch {
    /// Marks the rows of a text column that contain an ASCII needle, ignoring ASCII case: one pass
    /// over the column's bytes, seven at a time, looking for the needle's rarest pair of bytes.
    /// Nil when the needle is not ASCII (the caller falls back to per-row folding).
    static func rowsContaining(_ column: TextColumn, lowercasedNeedle needle: String) throws(ParleyError) -> [Bool]? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.allSatisfy({ $0 < 0x80 }) else { return nil }
        var marks = [Bool](repeating: false, count: column.count)
        // Anchor on the pair of adjacent bytes least common in text, so candidates are rare.
        let anchor = pattern.count == 1 ? 0
            : (0..<(pattern.count - 1)).min { rarity(pattern[$0]) + rarity(pattern[$0 + 1]) < rarity(pattern[$1]) + rarity(pattern[$1 + 1]) }!
        let second = pattern.count == 1 ? anchor : anchor + 1
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // OR-ing 0x20 lowers ASCII letters; for other bytes it only adds candidates, which are checked.
        let fold: UInt64 = ones &* 0x20
        let firstWord = ones &* UInt64(pattern[anchor] | 0x20)
        let secondWord = ones &* UInt64(pattern[second] | 0x20)
        let ends = column.ends
        let total = column.bytes.count
        try column.bytes.withUnsafeBufferPointer { bytes throws(ParleyError) in
            guard let base = bytes.baseAddress else { return }
            var row = 0
            var position = anchor
            var checked = 0
            while position < total {
                // Seven positions a word: the eighth byte's partner lies in the next word.
                if position + 8 <= total {
                    let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self) | fold
                    let a = word ^ firstWord
                    let b = (word >> 8) ^ secondWord
                    let pairs = pattern.count == 1 ? highs : (b &- ones) & ~b
                    let mask = (a &- ones) & ~a & pairs & highs & 0x0080_8080_8080_8080
                    if mask == 0 {
                        position += 7
                        checked += 1
                        if checked & 0xFFFFF == 0 { try Interrupt.check() }
                        continue
                    }
                    position += mask.trailingZeroBitCount >> 3
                }
                let start = position - anchor
                if start + pattern.count <= total, matches(base + start, pattern) {
                    // Which row holds the match; rows only move forward.
                    while row < ends.count && ends[row] <= start { row += 1 }
                    if row < ends.count && start + pattern.count <= ends[row] {
                        marks[row] = true
                        // Nothing more to find in this row.
                        position = ends[row] + anchor
                        continue
                    }
                }
                position += 1
            }
        }
        return marks
    }

    private static func matches(_ start: UnsafePointer<UInt8>, _ pattern: [UInt8]) -> Bool {
        for (offset, byte) in pattern.enumerated() where fold(start[offset]) != byte { return false }
        return true
    }

    /// Rough frequency rank of a byte in English and transliterated text (lower is rarer).
    private static func rarity(_ byte: UInt8) -> Int {
        // Most frequent first: the later a letter, the rarer.
        let common = Array("etaoinsrhldcumfpgwybvkxjqz".utf8)
        if let rank = common.firstIndex(of: byte) { return common.count - rank }
        return byte == UInt8(ascii: " ") ? 1000 : 0
    }
}
