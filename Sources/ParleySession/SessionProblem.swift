import ParleySupport

/// What running scripts, statements and dot commands can report, past what the layers below do.
public enum SessionProblem: Problem, Equatable {
    /// A dot command given arguments it does not take.
    case takesNoArguments(command: String)
    /// A dot command that takes `on` or `off`, given something else.
    case takesOnOrOff(command: String)
    /// A dot command that takes one file name, given none or more.
    case takesOneFileName(command: String)
    /// A dot command given arguments that do not fit its usage line, which says what it takes.
    case usage(String)
    /// `.once` without a file name.
    case onceTakesAFile
    /// `.dump` given arguments.
    case dumpTakesNoArguments
    /// A dot command no one defined.
    case unknownCommand(String)
    /// Another shell's command for help or leaving (`help`, `quit`, `exit`, `\q`, `\?`), alone on a line.
    case otherShellsCommand(String)
    /// A dot command that opens files, in a session that opens none.
    case commandTurnedOff(String)
    /// `.mode` given a mode that does not exist.
    case unknownOutputMode(String)
    /// `.nullvalue` given other than one text.
    case nullValueArguments
    /// `.nullvalue` given a number, which would pass for a count.
    case nullValueIsANumber(String)
    /// `.nullvalue` given a line break or a control character.
    case nullValueControlCharacter
    /// `.width` given something other than widths.
    case widthArguments
    /// `.maxwidth` given something other than a width of 20 or more, `auto` or `off`.
    case maxWidthArguments
    /// `.maxrows` given something other than a number of rows.
    case maxRowsArguments
    /// `.pager on` in --safe mode.
    case pagerRefusedInSafeMode
    /// A prompt holding a line break or a control character.
    case promptControlCharacter
    /// A dot command that writes files, in --safe mode.
    case safeModeWrite(command: String)
    /// A dot command opening a file the command line did not name, in --safe mode.
    case safeModeUnnamedFile(path: String, command: String)
    /// `.open` that would leave facts added since the last save (`counted`: how many, in words).
    case unsavedFacts(counted: String)
    /// `.check` with no file and no store open.
    case noStoreToCheck
    /// `.check` found problems in the store at this path.
    case storeDamaged(path: String, problems: Int)
    /// `.read` within `.read` past the depth limit.
    case readNestedTooDeep(levels: Int)
    /// A script past the size limit, in MiB.
    case scriptTooLarge(path: String, mebibytes: Int)
    /// Standard input cannot be read; `reason` is the system's.
    case cannotReadStandardInput(reason: String)
    /// Standard input past the size limit, in MiB.
    case standardInputTooLarge(mebibytes: Int)
    /// An output file cannot be opened for writing; `reason` is the system's.
    case cannotWrite(path: String, reason: String)
    /// `.begin` while a transaction is open.
    case transactionAlreadyOpen
    /// `.commit` or `.rollback` with no transaction open.
    case noTransaction
    /// The store could not be read back after a rollback.
    case storeCannotBeReadAgain(path: String, reason: String)
    /// `.save` to a file that exists.
    case saveTargetExists(path: String)
    /// `.dump` met something it cannot write as statements.
    case cannotDump(String)
    /// `.explain` given no query, a write statement, or a query that runs past its line.
    case explainNeedsQuery
    /// `.restore` or `--restore` into a graph that already holds something (`what`, e.g. "3 parties").
    case restoreNeedsEmptyGraph(path: String, what: String)
    /// `.restore` inside `.begin` … `.commit`, or in a dump being restored.
    case restoreInTransaction
    /// `.rollback` in a dump being restored.
    case rollbackInRestore

    public var kind: ParleyError.Kind {
        switch self {
        case .pagerRefusedInSafeMode, .commandTurnedOff, .safeModeWrite, .safeModeUnnamedFile, .cannotReadStandardInput,
             .cannotWrite, .storeCannotBeReadAgain, .saveTargetExists: .io
        case .unsavedFacts, .noStoreToCheck, .transactionAlreadyOpen, .noTransaction, .restoreNeedsEmptyGraph, .restoreInTransaction,
             .rollbackInRestore: .semantic
        case .storeDamaged, .cannotDump: .data
        case .readNestedTooDeep, .scriptTooLarge, .standardInputTooLarge: .limit
        default: .syntax
        }
    }

    public var message: String {
        switch self {
        case .takesNoArguments(let command): "`.\(command)` takes no arguments"
        case .takesOnOrOff(let command): "`.\(command)` takes `on` or `off`"
        case .takesOneFileName(let command): "`.\(command)` takes one file name"
        case .usage(let line): "usage: \(line)"
        case .onceTakesAFile: "`.once` takes a file name"
        case .dumpTakesNoArguments: "`.dump` takes no arguments (send it to a file with `.once FILE`)"
        case .explainNeedsQuery: "`.explain` takes a query, on the same line"
        case .unknownCommand(let name): "unknown command `.\(name)`"
        case .otherShellsCommand(let word): "`\(word)` is not a statement"
        case .commandTurnedOff(let name): "`.\(name)` is turned off: this session does not open files"
        case .unknownOutputMode(let mode): "unknown output mode `\(mode)`"
        case .nullValueArguments: "`.nullvalue` takes one text (quote one with spaces)"
        case .nullValueIsANumber(let text): "`.nullvalue` may not be a number: `\(text)` would look like a count"
        case .nullValueControlCharacter: "`.nullvalue` may not hold a line break or a control character"
        case .widthArguments: "`.width` takes column widths, e.g. `.width 20 0 10` (0: as wide as needed)"
        case .maxWidthArguments: "`.maxwidth` takes a width of 20 columns or more, `auto` (the window) or `off`"
        case .maxRowsArguments: "`.maxrows` takes a number of rows (0 shows all)"
        case .pagerRefusedInSafeMode: "`.pager on` is refused in --safe mode: Parley runs no program there"
        case .promptControlCharacter: "a prompt may not hold a line break or a control character"
        case .safeModeWrite(let command): "`.\(command)` may not write files in --safe mode"
        case .safeModeUnnamedFile(let path, let command): "`\(path)` was not named on the command line; --safe does not let `.\(command)` open it"
        case .unsavedFacts(let counted): "\(counted) added facts that no store keeps, and `.open` would leave them"
        case .noStoreToCheck: "no store is open: `.check` checks the open store, `.check FILE` a store file"
        case .storeDamaged(let path, let problems): "the store `\(path)` is damaged (\(problems == 1 ? "1 problem" : "\(problems) problems"))"
        case .readNestedTooDeep(let levels): "`.read` nested more than \(levels) deep (does a script read itself?)"
        case .scriptTooLarge(let path, let mebibytes): "`\(path)` is larger than \(mebibytes) MiB"
        case .cannotReadStandardInput(let reason): "cannot read standard input: \(reason)"
        case .standardInputTooLarge(let mebibytes): "standard input is larger than \(mebibytes) MiB"
        case .cannotWrite(let path, let reason): "cannot write `\(path)`: \(reason)"
        case .transactionAlreadyOpen: "a transaction is already open; `.commit` or `.rollback` it first"
        case .noTransaction: "no transaction is open (`.begin` opens one)"
        case .storeCannotBeReadAgain(let path, let reason): "the store `\(path)` cannot be read again: \(reason)"
        case .saveTargetExists(let path): "`\(path)` already exists; `.save` writes a new store"
        case .cannotDump(let why): "cannot dump the graph: \(why)"
        case .restoreNeedsEmptyGraph(let path, let what):
            "`\(path)` cannot be restored into a graph that holds something already (\(what))"
        case .restoreInTransaction: "`.restore` is a transaction of its own; it cannot run inside another"
        case .rollbackInRestore: "a dump being restored cannot `.rollback`: the restore is all of it or none"
        }
    }
}
