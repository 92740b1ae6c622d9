import ParleyRender

/// What dot commands change; it lasts for the process.
public struct Settings: Sendable {
    public var format: OutputFormat = .table
    public var timer = false
    /// Rows a terminal shows before eliding the middle; piped output is never cut.
    public var maxRows = 40
    public var parameters: [String: String] = [:]
    /// `.timeout`: milliseconds a statement may run before it is stopped; 0 for no limit.
    public var timeoutMilliseconds = 0
    /// Whether `.read`, `.output`, `.once` and `.import` may open files; off for text that must not
    /// reach the file system.
    public var allowsFileAccess = true
    /// `--safe`: the files (real paths) dot commands may read — those named on the command line; nil
    /// when not in safe mode. Safe mode writes no file but the store.
    public var safeFiles: Set<String>?

    public init() {}
}
