import ParleyRender

/// What dot commands change; it lasts for the process.
public struct Settings: Sendable {
    public var format: OutputFormat = .table
    public var timer = false
    /// Rows a terminal shows before eliding the middle, when no pager shows them all; piped output is
    /// never cut.
    public var maxRows = 40
    public var parameters: [String: String] = [:]
    /// `.timeout`: milliseconds a statement may run before it is stopped; 0 for no limit.
    public var timeoutMilliseconds = 0
    /// Whether `.read`, `.output`, `.once` and `.import` may open files; off for text that must not
    /// reach the file system.
    public var allowsFileAccess = true
    /// `--safe`: the files (real paths) dot commands may read — those named on the command line; nil
    /// when not in safe mode. Safe mode writes no file but the store and runs no program.
    public var safeFiles: Set<String>?
    /// `.headers on|off`: whether tables, csv and tsv print their header (markdown always does: a
    /// markdown table needs one).
    public var headers = true
    /// `.nullvalue TEXT`: how unknown prints in table, line, markdown, csv and tsv; nil for each
    /// format's own (`∅`, or an empty field). Never a number, so unknown cannot pass for a count.
    public var nullValue: String?
    /// `.width N…`: the widest each column of a table may be, column by column (0: as wide as it needs).
    public var columnWidths: [Int] = []
    /// `.maxwidth`: how wide a table on a terminal may be.
    public var maxWidth: MaxWidth = .terminal
    /// `.pager on|off`: long results on a terminal go through `$PAGER` (never in safe mode).
    public var pager = true
    /// `.prompt MAIN CONTINUE`.
    public var prompt = "parley> "
    public var continuationPrompt = "   ...> "

    /// How wide a table printed on a terminal may be before it is fitted (text columns cut with `…`,
    /// or one `name = value` block per row).
    public enum MaxWidth: Equatable, Sendable {
        /// The terminal's width.
        case terminal
        /// A fixed number of columns.
        case columns(Int)
        /// Never fitted.
        case off
    }

    public init() {}
}
