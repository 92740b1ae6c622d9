import Foundation
import Testing
@testable import ParleySupport
@testable import ParleyGraph
@testable import ParleySyntax
@testable import ParleyEval
@testable import ParleyRender
@testable import ParleyStore
@testable import ParleySession
@testable import ParleyShell

/// One table of dot commands drives dispatch, `.help` and completion: what one lists, all list.
@Suite struct DotCommandTableTests {
    func session() throws -> (Session, StringSink, StringSink) {
        let output = StringSink()
        let errors = StringSink()
        let session = Session(output: output, errors: errors)
        try session.loadSample()
        return (session, output, errors)
    }

    @Test func helpListsEveryCommandOfTheTableInItsOrder() throws {
        let (session, output, _) = try session()
        session.run(SourceText(name: "test", text: ".help"))
        let listed = output.text.split(separator: "\n").dropFirst().prefix(DotCommand.all.count)
            .map { String($0.drop { $0 == " " }.prefix { $0 != " " }) }
        #expect(listed == DotCommand.all.map { "." + $0.name })
    }

    @Test func completionOffersEveryCommandOfTheTable() throws {
        let (session, _, _) = try session()
        #expect(CompletionEngine(graph: session.graph).candidates(line: ".", cursor: 1) == DotCommand.all.map { "." + $0.name })
    }

    @Test func everyCommandOfTheTableIsDispatched() throws {
        for command in DotCommand.all {
            let (session, _, errors) = try session()
            session.run(SourceText(name: "test", text: "." + command.name + " --no-such-argument --again"))
            #expect(!errors.text.contains("unknown command"), "\(command.name)")
        }
    }

    @Test func showListsTheStoreAndEverySetting() throws {
        let (session, output, _) = try session()
        session.run(SourceText(name: "test", text: """
        .mode csv
        .headers off
        .nullvalue NULL
        .width 20 0 5
        .maxwidth 100
        .pager off
        .timeout 2.5
        .prompt "> " "... "
        .param year 2024
        .show
        """))
        #expect(output.text == """
             store: none: the graph is in memory
              mode: csv
           headers: off
         nullvalue: "NULL"
             timer: off
           timeout: 2.5 s
           maxrows: 40, when no pager shows the result
             width: 20 0 5
          maxwidth: 100
             pager: off
            prompt: "> " "... "
            output: stdout
        parameters: $year = 2024

        """)
    }

    @Test func safeModeShowsThePagerOffAndRefusesIt() throws {
        let (session, output, errors) = try session()
        session.settings.safeFiles = []
        session.run(SourceText(name: "test", text: ".pager\n.pager on"))
        #expect(output.text == "off (--safe runs no program)\n")
        #expect(errors.text.hasPrefix("test:2:1: error: `.pager on` is refused in --safe mode: Parley runs no program there\n"))
    }

    @Test func openRefusesOnceToLeaveFactsAddedInMemory() throws {
        let (session, _, errors) = try session()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("new.parley").path
        session.run(SourceText(name: "test", text: "add party Tester kind person\nadd party Other kind person\n.open \(path)"))
        #expect(errors.text == """
        test:3:1: error: 2 statements added facts that no store keeps, and `.open` would leave them
          .open \(path)
          ^~~~~
        hint: `.save FILE` first to keep them, or `.open` again to leave them

        """)
        #expect(session.store == nil)
        #expect(session.run(SourceText(name: "test", text: ".open \(path)")) == .finished)
        #expect(session.store?.path == path)
        #expect(errors.text.hasSuffix("`\(path)` did not exist: created an empty store\n"))
    }
}
