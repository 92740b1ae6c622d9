/// What dot commands change; it lasts for the process.
public struct Settings: Sendable {
    public var format: OutputFormat = .table
    public var timer = false
    /// Rows a terminal shows before eliding the middle; piped output is never cut.
    public var maxRows = 40
    public var parameters: [String: String] = [:]
    /// Whether `.read`, `.output`, `.once` and `.import` may open files; off for text that must not
    /// reach the file system.
    public var allowsFileAccess = true

    public init() {}
}
