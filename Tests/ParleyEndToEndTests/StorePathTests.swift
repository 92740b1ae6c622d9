import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What is at the path named as a store, when it is not a store file: a directory, a FIFO, a device,
/// or nothing at all under `--readonly`. Each is refused with what is wrong, exit 1, and nothing made.
@Suite struct StorePathTests {
    /// Runs `parley ARGUMENTS`, failing the test instead of waiting forever when it hangs (opening a FIFO can).
    static func run(_ arguments: [String]) throws -> ParleyBinary.Result {
        let finished = DispatchSemaphore(value: 0)
        let box = LockedResult()
        let thread = Thread {
            box.set(try? ParleyBinary.run(arguments))
            finished.signal()
        }
        thread.start()
        guard finished.wait(timeout: .now() + 20) == .success else {
            Issue.record("parley \(arguments) did not finish within 20 s")
            // Unblock the open: a writer on the FIFO lets it go on.
            if let fifo = arguments.first { let descriptor = open(fifo, O_WRONLY | O_NONBLOCK); if descriptor >= 0 { close(descriptor) } }
            _ = finished.wait(timeout: .now() + 20)
            return box.value ?? ParleyBinary.Result(output: "", errors: "", status: -1)
        }
        return try #require(box.value)
    }

    final class LockedResult: @unchecked Sendable {
        private let lock = NSLock()
        private var result: ParleyBinary.Result?
        func set(_ value: ParleyBinary.Result?) { lock.lock(); result = value; lock.unlock() }
        var value: ParleyBinary.Result? { lock.lock(); defer { lock.unlock() }; return result }
    }

    @Test func aDirectoryIsRefused() throws {
        let folder = try TemporaryFolder()
        let directory = folder.url.appendingPathComponent("graphs").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let result = try Self.run([directory, "-e", "parties | count"])
        #expect(result.errors == "error: cannot open the store `\(directory)`: it is a directory\n")
        #expect(result.output == "")
        #expect(result.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func aFIFOIsRefusedWithoutHanging() throws {
        let folder = try TemporaryFolder()
        let fifo = folder.url.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let result = try Self.run([fifo, "-e", "parties | count"])
        #expect(result.errors == "error: cannot open the store `\(fifo)`: it is not a regular file (it is a FIFO)\n")
        #expect(result.status == 1)
        let readOnly = try Self.run([fifo, "--readonly", "-e", "parties | count"])
        #expect(readOnly.errors == "error: cannot open the store `\(fifo)`: it is not a regular file (it is a FIFO)\n")
        #expect(readOnly.status == 1)
    }

    @Test func devNullIsRefused() throws {
        let result = try Self.run(["/dev/null", "-e", "parties | count"])
        #expect(result.errors == "error: cannot open the store `/dev/null`: it is not a regular file (it is a character device)\n")
        #expect(result.output == "")
        #expect(result.status == 1)
    }

    @Test func readOnlyOnAMissingFileSaysThereIsNoSuchStoreAndCreatesNone() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("missing.parley").path
        let result = try Self.run([missing, "--readonly", "-e", "parties | count"])
        #expect(result.errors == "error: no such store `\(missing)`: --readonly opens a store that exists, and creates none\n")
        #expect(result.output == "")
        #expect(result.status == 1)
        let opened = try Self.run(["--empty", "-e", ".open --readonly \(missing)"])
        #expect(opened.errors == """
            -e#1:1:1: error: no such store `\(missing)`: --readonly opens a store that exists, and creates none
              .open --readonly \(missing)
              ^~~~~

            """)
        #expect(opened.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }
}
