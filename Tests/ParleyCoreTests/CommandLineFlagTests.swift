import Testing
@testable import ParleySupport
@testable import ParleyGraph
@testable import ParleySyntax
@testable import ParleyEval
@testable import ParleyRender
@testable import ParleyStore
@testable import ParleySession
@testable import ParleyShell

/// The list of flags that suggestions and completion scripts read stays the parser's own.
@Suite struct CommandLineFlagTests {
    @Test(arguments: CommandLineFlag.all)
    func everyListedFlagIsParsedAndInTheHelp(flag: CommandLineFlag) {
        let value: [String]
        switch flag.value {
        case nil: value = []
        case .text?: value = ["a=b"]
        case .file?: value = ["file.csv"]
        case let .choices(choices)?: value = [choices[0]]
        }
        for name in [flag.short, flag.long].compactMap({ $0 }) {
            do {
                _ = try CommandLineOptions.parse(["store.parley", name] + value)
            } catch {
                if case .unknownOption? = error.problem as? UsageProblem { Issue.record("\(name): \(error.message)") }
            }
            #expect(CommandLineOptions.usage.contains(name), "\(name) is not in --help")
        }
    }
}
