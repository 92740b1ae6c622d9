#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleySupport

/// The store's path on disk, looked at before and around SQLite: SQLite calls a folder or a device a
/// "disk I/O error", may block opening a FIFO, and cannot read a file a crash left mid-write on a
/// connection that may not write.
enum StoreFile {
    /// Whether a store exists at `path`; anything there but a regular file, or nothing at all when
    /// `readOnly` (nothing to read, and nothing may be created), is refused before SQLite opens it.
    static func exists(_ path: String, readOnly: Bool) throws(ParleyError) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if readOnly {
                throw ParleyError(StoreProblem.noSuchStore(path: path))
            }
            return false
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return true
        case S_IFDIR: throw ParleyError(StoreProblem.isADirectory(path: path))
        case S_IFIFO: throw notRegular(path, "a FIFO")
        case S_IFCHR: throw notRegular(path, "a character device")
        case S_IFBLK: throw notRegular(path, "a block device")
        case S_IFSOCK: throw notRegular(path, "a socket")
        default: throw notRegular(path, nil)
        }
    }

    private static func notRegular(_ path: String, _ kind: String?) -> ParleyError {
        ParleyError(StoreProblem.notARegularFile(path: path, what: kind))
    }

    /// A write cut off by a crash or `kill -9` leaves a hot journal, which SQLite rolls back on the first
    /// read of a connection that may write. A read-only connection cannot: this rolls it back on a
    /// connection of its own, when the file and its folder may be written, and otherwise says what to do.
    static func rollBackCutOffWrite(_ path: String, busyTimeoutMilliseconds: Int32) throws(ParleyError) {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var reason: String?
        if access(path, W_OK) != 0 {
            reason = "this user may not write the file"
        } else if access(folder.isEmpty ? "/" : folder, W_OK) != 0 {
            reason = "this user may not write its folder `\(folder)`"
        } else if let database = try? SQLiteDatabase(path: path, readOnly: false, create: false,
                                                     busyTimeoutMilliseconds: busyTimeoutMilliseconds),
                  !database.isReadOnly {
            do {
                // The first read rolls the journal back.
                _ = try database.integer("PRAGMA schema_version")
                return
            } catch {
                if error.isBusy {
                    throw ParleyError(StoreProblem.busy(path: path))
                }
                reason = "rolling it back failed: \(error.message)"
            }
        } else {
            reason = "it cannot be opened for writing"
        }
        throw ParleyError(StoreProblem.leftMidWrite(path: path, reason: reason!),
                          hint: "open it once as a user who may write the file and its folder (`parley \(path) -e 'parties | count'`); do not delete `\(path)-journal`: it holds what undoes the cut-off write")
    }
}
