import ParleySupport

/// What opening, reading and writing a store can report.
public enum StoreProblem: Problem, Equatable {
    /// `--readonly` given a path where no store exists.
    case noSuchStore(path: String)
    /// The path names a directory.
    case isADirectory(path: String)
    /// The path names something other than a file (`what`: a FIFO, a device…), when known.
    case notARegularFile(path: String, what: String?)
    /// Another process holds the write lock while the store opens.
    case busy(path: String)
    /// Another process holds the write lock while a statement writes.
    case busyWriting(path: String)
    /// A hot journal that cannot be rolled back, and why not.
    case leftMidWrite(path: String, reason: String)
    /// Opening the file failed before SQLite could say why.
    case cannotOpenFile(path: String, reason: String)
    /// SQLite cannot open the store, and why.
    case cannotOpen(path: String, reason: String)
    /// The file is not a SQLite database.
    case notADatabase(path: String)
    /// A new store asked for on a file that may not be written.
    case cannotCreateReadOnly(path: String)
    /// A SQLite database some other program made.
    case notAParleyStore(path: String)
    /// A store of a later version than this Parley reads.
    case newerVersion(path: String, version: Int64, readable: Int64)
    /// A Parley store with no version number.
    case noVersion(path: String)
    /// A store whose contents are damaged, as `damage` says; `writing` when a write was refused for it.
    case damaged(path: String, damage: String, writing: Bool)
    /// A write to a store opened read-only.
    case readOnly(path: String)
    /// A write stopped by a full disk or the file size limit.
    case diskFull(path: String)
    /// A read that failed, as SQLite or the system says.
    case failed(path: String, reason: String)
    /// A write that failed, as SQLite says; nothing was changed.
    case writeFailed(path: String, reason: String)
    /// Upgrading from an older version failed (in `step`, when one step did), for `why`; the file is as it was.
    case upgradeFailed(path: String, from: Int64, to: Int64, step: String?, why: UpgradeFailure)

    /// Why an upgrade failed.
    public enum UpgradeFailure: Sendable, Equatable {
        /// The older store is damaged, as this says.
        case damaged(String)
        /// Another process holds the write lock.
        case busy
        /// The disk is full, or the file size limit reached.
        case diskFull
        /// SQLite or the system said this.
        case failed(String)
    }

    public var kind: ParleyError.Kind {
        switch self {
        case .notADatabase, .notAParleyStore, .newerVersion, .noVersion, .damaged: .data
        case .upgradeFailed(_, _, _, _, .damaged): .data
        default: .io
        }
    }

    public var message: String {
        switch self {
        case .noSuchStore(let path): "no such store `\(path)`: --readonly opens a store that exists, and creates none"
        case .isADirectory(let path): "cannot open the store `\(path)`: it is a directory"
        case .notARegularFile(let path, let what): "cannot open the store `\(path)`: it is not a regular file\(what.map { " (it is \($0))" } ?? "")"
        case .busy(let path): "the store `\(path)` is busy: another process is writing to it; try again when it has finished"
        case .busyWriting(let path): "the store `\(path)` is busy: another process is writing to it; nothing was changed"
        case .leftMidWrite(let path, let reason):
            "the store `\(path)` was left mid-write by a crash or kill: SQLite must roll that write back from `\(path)-journal` before the store can be read, which needs write access, and \(reason)"
        case .cannotOpenFile(let path, let reason): "cannot open `\(path)`: \(reason)"
        case .cannotOpen(let path, let reason): "cannot open the store `\(path)`: \(reason)"
        case .notADatabase(let path): "`\(path)` is not a Parley store (it is not a SQLite database); it was left untouched"
        case .cannotCreateReadOnly(let path): "cannot create the store `\(path)`: the file is read-only"
        case .notAParleyStore(let path): "`\(path)` is a SQLite database but not a Parley store; it was left untouched"
        case .newerVersion(let path, let version, let readable):
            "`\(path)` was written by a newer Parley (store version \(version); this Parley reads version \(readable)); it was left untouched"
        case .noVersion(let path): "`\(path)` is a damaged Parley store (no store version); it was left untouched"
        case .damaged(let path, let damage, let writing): "the store `\(path)` is damaged: \(damage)\(writing ? "; nothing was changed" : "")"
        case .readOnly(let path): "the store `\(path)` is read-only: nothing was changed"
        case .diskFull(let path): "the disk is full (or the file size limit reached) writing the store `\(path)`: nothing was changed"
        case .failed(let path, let reason): "the store `\(path)`: \(reason)"
        case .writeFailed(let path, let reason): "the store `\(path)`: \(reason); nothing was changed"
        case .upgradeFailed(let path, let from, let to, let step, let why):
            "cannot upgrade the store `\(path)` from version \(from) to version \(to)" + (step.map { " (\($0))" } ?? "") + ": "
                + why.reason + "; it was left as it was"
        }
    }
}

extension StoreProblem.UpgradeFailure {
    /// The middle of the sentence.
    var reason: String {
        switch self {
        case .damaged(let damage): "it is damaged: \(damage)"
        case .busy: "another process is writing to it"
        case .diskFull: "the disk is full (or the file size limit reached)"
        case .failed(let reason): reason
        }
    }
}
