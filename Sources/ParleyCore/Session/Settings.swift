/// What dot commands change; it lasts for the process.
public struct Settings: Sendable {
    public var format: OutputFormat = .table
    public var timer = false
    /// Rows a terminal shows before eliding the middle; piped output is never cut.
    public var maxRows = 40
    public var parameters: [String: String] = [:]

    public init() {}
}
