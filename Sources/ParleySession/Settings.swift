import ParleyRender

/// What dot commands change; it lasts for the process.
package struct Settings: Sendable {
    package var format: OutputFormat = .table
    package var timer = false
    /// Rows a terminal shows before eliding the middle; piped output is never cut.
    package var maxRows = 40
    package var parameters: [String: String] = [:]
    /// `.timeout`: milliseconds a statement may run before it is stopped; 0 for no limit.
    package var timeoutMilliseconds = 0
    /// Whether `.read`, `.output`, `.once` and `.import` may open files; off for text that must not
    /// reach the file system.
    package var allowsFileAccess = true
    /// `--safe`: the files (real paths) dot commands may read — those named on the command line; nil
    /// when not in safe mode. Safe mode writes no file but the store.
    package var safeFiles: Set<String>?

    package init() {}
}
