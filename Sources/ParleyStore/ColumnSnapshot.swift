#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyGraph
import ParleySchema

/// A big column as the store last read or wrote it: the graph's own array, shared with it (Swift's
/// arrays copy on write), so keeping it costs nothing until a statement changes the column. A write
/// then compares the graph with it: a column whose array is still the same one changed nowhere and
/// costs nothing; in one that changed, only the chunks whose rows differ are written — with no
/// encoding and no hashing of the others.
///
/// Every change to a column goes through its array, so no path that writes the graph can be missed.
enum ColumnSnapshot {
    case int32([Int32])
    case int64([Int64])
    case uint8([UInt8])
    case kinds([IncidentKind])
    case precisions([CalendarDate.Precision])
    case sides([AssociationTable.Side])
    case text(TextColumn)
}

extension IncidentColumn {
    /// Whether `graph` holds no row of this column (as when it is not loaded).
    func isEmpty(in graph: Graph) -> Bool {
        switch layout {
        case let .int32(path): graph[keyPath: path].isEmpty
        case let .int64(path): graph[keyPath: path].isEmpty
        case let .uint8(path): graph[keyPath: path].isEmpty
        case .incidentKinds: graph.incidents.kinds.isEmpty
        case .precisions: graph.incidents.dates.precisions.isEmpty
        case .associationSides: graph.associations.sides.isEmpty
        case let .text(path): graph[keyPath: path].count == 0
        }
    }

    func snapshot(of graph: Graph) -> ColumnSnapshot {
        switch layout {
        case let .int32(path): .int32(graph[keyPath: path])
        case let .int64(path): .int64(graph[keyPath: path])
        case let .uint8(path): .uint8(graph[keyPath: path])
        case .incidentKinds: .kinds(graph.incidents.kinds)
        case .precisions: .precisions(graph.incidents.dates.precisions)
        case .associationSides: .sides(graph.associations.sides)
        case let .text(path): .text(graph[keyPath: path])
        }
    }

    /// The chunks of `rows` rows (`chunkRows` a chunk) whose rows in `graph` differ from `snapshot`'s,
    /// in order; a chunk the snapshot holds only part of (rows added since) is among them.
    func changedChunks(in graph: Graph, since snapshot: ColumnSnapshot, rows: Int, chunkRows: Int) -> [Int] {
        switch (self.snapshot(of: graph), snapshot) {
        case let (.int32(new), .int32(old)): Self.changedChunks(new, old, rows: rows, chunkRows: chunkRows)
        case let (.int64(new), .int64(old)): Self.changedChunks(new, old, rows: rows, chunkRows: chunkRows)
        case let (.uint8(new), .uint8(old)): Self.changedChunks(new, old, rows: rows, chunkRows: chunkRows)
        case let (.kinds(new), .kinds(old)): Self.changedChunks(new, old, rows: rows, chunkRows: chunkRows)
        case let (.precisions(new), .precisions(old)): Self.changedChunks(new, old, rows: rows, chunkRows: chunkRows)
        case let (.sides(new), .sides(old)): Self.changedChunks(new, old, rows: rows, chunkRows: chunkRows)
        case let (.text(new), .text(old)): Self.changedChunks(new, old, rows: rows, chunkRows: chunkRows)
        default: Array(0..<((rows + chunkRows - 1) / chunkRows))
        }
    }

    private static func changedChunks<T: BitwiseCopyable>(_ new: [T], _ old: [T], rows: Int, chunkRows: Int) -> [Int] {
        precondition(new.count >= rows, "a column shorter than its table is never saved")
        return new.withUnsafeBytes { newBytes in
            old.withUnsafeBytes { oldBytes in
                if newBytes.baseAddress == oldBytes.baseAddress && new.count == old.count { return [] }
                let width = MemoryLayout<T>.stride
                var changed: [Int] = []
                for chunk in 0..<((rows + chunkRows - 1) / chunkRows) {
                    let range = (chunk * chunkRows)..<min(rows, (chunk + 1) * chunkRows)
                    if range.upperBound > old.count
                        || memcmp(newBytes.baseAddress! + range.lowerBound * width, oldBytes.baseAddress! + range.lowerBound * width,
                                  range.count * width) != 0 {
                        changed.append(chunk)
                    }
                }
                return changed
            }
        }
    }

    /// Text compares by each row's length and the chunk's bytes, so a longer row early on does not mark
    /// every later chunk as changed.
    private static func changedChunks(_ new: TextColumn, _ old: TextColumn, rows: Int, chunkRows: Int) -> [Int] {
        precondition(new.count >= rows, "a column shorter than its table is never saved")
        let sameBuffers = new.bytes.withUnsafeBytes { a in old.bytes.withUnsafeBytes { b in a.baseAddress == b.baseAddress } }
            && new.ends.withUnsafeBytes { a in old.ends.withUnsafeBytes { b in a.baseAddress == b.baseAddress } }
        if sameBuffers && new.bytes.count == old.bytes.count && new.count == old.count { return [] }
        var changed: [Int] = []
        for chunk in 0..<((rows + chunkRows - 1) / chunkRows) {
            let range = (chunk * chunkRows)..<min(rows, (chunk + 1) * chunkRows)
            guard range.upperBound <= old.count else {
                changed.append(chunk)
                continue
            }
            let newStart = range.lowerBound == 0 ? 0 : new.ends[range.lowerBound - 1]
            let oldStart = range.lowerBound == 0 ? 0 : old.ends[range.lowerBound - 1]
            let newEnd = new.ends[range.upperBound - 1]
            let oldEnd = old.ends[range.upperBound - 1]
            var differs = newEnd - newStart != oldEnd - oldStart
            if !differs {
                for row in range where new.ends[row] - newStart != old.ends[row] - oldStart {
                    differs = true
                    break
                }
            }
            if !differs && newEnd > newStart {
                differs = new.bytes.withUnsafeBytes { a in
                    old.bytes.withUnsafeBytes { b in memcmp(a.baseAddress! + newStart, b.baseAddress! + oldStart, newEnd - newStart) != 0 }
                }
            }
            if differs { changed.append(chunk) }
        }
        return changed
    }
}
