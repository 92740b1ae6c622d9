import ParleyRender
import ParleySupport

/// What is wrong with the command line itself (exit code 2).
public enum UsageProblem: Problem, Equatable {
    /// A flag that takes a value, last on the line.
    case needsValue(flag: String)
    /// `-p` given something other than NAME=VALUE.
    case expectedNameValue(flag: String, argument: String)
    /// `--format` given a format that does not exist.
    case unknownFormat(String)
    /// `--completion` given a shell with no script.
    case noCompletionScript(String)
    /// A flag that does not exist, with the nearest one when there is one.
    case unknownOption(String, suggestion: String?)
    /// Two store paths.
    case secondStore(first: String, second: String)
    /// `--restore` given twice: a graph is restored from one dump.
    case secondRestore(first: String, second: String)
    /// Two flags that cannot go together.
    case contradictoryFlags(String, String)
    /// `--readonly` without a store.
    case readOnlyNeedsStore
    /// `--readonly` with flags that write.
    case readOnlyWouldWrite

    public var kind: ParleyError.Kind { .usage }

    public var message: String {
        switch self {
        case .needsValue(let flag): "option `\(flag)` needs a value"
        case .expectedNameValue(let flag, let argument): "`\(flag) \(argument)`: expected NAME=VALUE"
        case .unknownFormat(let text): "unknown format `\(text)`; formats: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        case .noCompletionScript(let name):
            "no completion script for `\(name)`; shells: \(CompletionScript.Shell.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownOption(let argument, let suggestion): "unknown option `\(argument)`" + (suggestion.map { " (did you mean `\($0)`?)" } ?? "")
        case .secondStore(let first, let second): "more than one store named: `\(first)` and `\(second)`"
        case .secondRestore(let first, let second): "more than one dump to restore: `\(first)` and `\(second)` (restore one, then add to it)"
        case .contradictoryFlags(let first, let second): "`\(first)` and `\(second)` contradict each other"
        case .readOnlyNeedsStore: "`--readonly` needs a store: parley STORE --readonly"
        case .readOnlyWouldWrite: "`--readonly` opens a store for reading; `--sample` and `--acled` would write to it"
        }
    }
}
