import CSQLite

/// One connection to a SQLite file: the few calls the store makes, with SQLite's errors turned into
/// `SQLiteError`s that keep SQLite's result code (busy, full, read-only) for the store to explain.
final class SQLiteDatabase {
    let handle: OpaquePointer
    let path: String

    struct SQLiteError: Error {
        /// SQLite's primary result code (`SQLITE_BUSY`, `SQLITE_FULL`, …).
        var code: Int32
        var message: String
        /// SQLite's extended result code, which tells apart causes that share a primary code.
        var extendedCode: Int32 = 0

        var isBusy: Bool { code == SQLITE_BUSY || code == SQLITE_LOCKED }
        var isFull: Bool { code == SQLITE_FULL || (code == SQLITE_IOERR && message.contains("disk")) }
        var isReadOnly: Bool { code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_CANTOPEN }
        var isNotADatabase: Bool { code == SQLITE_NOTADB || code == SQLITE_CORRUPT }
        /// A write that a crash left unfinished must be rolled back from the journal before the file can be
        /// read, and this connection may not write (`SQLITE_READONLY_ROLLBACK`).
        var needsRollback: Bool { extendedCode == SQLITE_READONLY | (3 << 8) }
    }

    /// Opens `path`; `create` makes the file when it does not exist.
    init(path: String, readOnly: Bool, create: Bool, busyTimeoutMilliseconds: Int32 = 5000) throws(SQLiteError) {
        var connection: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0))
            | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let connection { sqlite3_close_v2(connection) }
            throw SQLiteError(code: code & 0xFF, message: message, extendedCode: code)
        }
        handle = connection
        self.path = path
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 0)
    }

    deinit { sqlite3_close_v2(handle) }

    var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }

    func error(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code & 0xFF, message: String(cString: sqlite3_errmsg(handle)), extendedCode: sqlite3_extended_errcode(handle))
    }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code) }
    }

    func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code) }
        return SQLiteStatement(database: self, handle: statement)
    }

    /// The first column of the first row, as an integer (0 when there is no row or it is NULL).
    func integer(_ sql: String) throws(SQLiteError) -> Int64 {
        let statement = try prepare(sql)
        return try statement.step() ? statement.integer(0) : 0
    }
}

/// A prepared statement: bind, step, read columns, reset.
final class SQLiteStatement {
    let database: SQLiteDatabase
    let handle: OpaquePointer

    init(database: SQLiteDatabase, handle: OpaquePointer) {
        self.database = database
        self.handle = handle
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value {
            sqlite3_bind_text(handle, index, value, -1, parley_sqlite_transient())
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    func bindNull(_ index: Int32) {
        sqlite3_bind_null(handle, index)
    }

    func bind(_ index: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { bytes in
            // A zero-length blob needs a non-null pointer, or SQLite stores NULL.
            _ = sqlite3_bind_blob64(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                    sqlite3_uint64(bytes.count), parley_sqlite_transient())
        }
    }

    /// Advances to the next row; false when done.
    func step() throws(SQLiteDatabase.SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let failure = database.error(code)
        sqlite3_reset(handle)
        throw failure
    }

    /// Runs a statement that returns no rows, then makes it ready to run again.
    func run() throws(SQLiteDatabase.SQLiteError) {
        _ = try step()
        reset()
    }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }

    /// Calls `body` with the column's bytes, valid only during the call.
    func withBlob<R>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }
}
