#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleySession
import ParleySupport

/// The `main` every fuzz target shares.
///
/// Built with `-sanitize=fuzzer -DFUZZING` (`.ci/fuzz`), it hands the target to libFuzzer, which reads
/// libFuzzer's flags. Built normally, as `swift build` does, it replays the files named on the command
/// line, and the files in the folders named, through the same target: a committed corpus becomes a
/// regression run.
public enum FuzzDriver {
    /// libFuzzer's `LLVMFuzzerTestOneInput`: one input's bytes in, 0 out.
    public typealias Target = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    public static func run(_ target: Target) -> Never {
#if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, target))
#else
        exit(replay(CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("-") }, through: target))
#endif
    }

    /// Runs every file of `paths` (a folder stands for the files in it, in name order) through `target`.
    static func replay(_ paths: [String], through target: Target) -> Int32 {
        let program = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "fuzz"
        guard !paths.isEmpty else {
            FileSink.descriptor(2).write("usage: \(program) FILE-OR-FOLDER…  (replays each input once)\n")
            return 2
        }
        var files: [String] = []
        for path in paths {
            guard let listed = filesIn(path) else {
                FileSink.descriptor(2).write("\(program): cannot read `\(path)`: \(String(cString: strerror(errno)))\n")
                return 2
            }
            files += listed
        }
        CrashReport.install()
        for file in files {
            let bytes: [UInt8]
            do throws(ParleyError) {
                bytes = try FileReader.read(file)
            } catch {
                FileSink.descriptor(2).write("\(program): \(error.message)\n")
                return 2
            }
            CrashReport.current = strdup(file)
            _ = bytes.withUnsafeBufferPointer { target($0.baseAddress, $0.count) }
            free(CrashReport.current)
            CrashReport.current = nil
        }
        FileSink.descriptor(2).write("\(program): replayed \(files.count) inputs\n")
        return 0
    }

    /// The path itself, or the regular files directly inside a folder, sorted; nil when unreadable.
    static func filesIn(_ path: String) -> [String]? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return [path] }
        guard let folder = opendir(path) else { return nil }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
            if name.hasPrefix(".") { continue }
            let file = path.hasSuffix("/") ? path + name : path + "/" + name
            if stat(file, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG { names.append(file) }
        }
        return names.sorted()
    }
}

/// Where fuzz targets send results: rendered, then dropped.
public final class DiscardingSink: TextSink, @unchecked Sendable {
    public static let shared = DiscardingSink()
    public func write(_ text: String) {}
}

/// A file of this process's own, for inputs that must be files (the importer reads files); removed at exit.
public enum ScratchFile {
    public static let path: String = {
        let folder = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(folder)/parley-fuzz-XXXXXX.csv".utf8CString)
        let descriptor = mkstemps(&template, 4)
        guard descriptor >= 0 else { fatalError("cannot make a scratch file in \(folder): \(String(cString: strerror(errno)))") }
        close(descriptor)
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        atexit { unlink(ScratchFile.path) }
        return path
    }()

    public static func replaceContents(with bytes: [UInt8]) {
        let descriptor = open(path, O_WRONLY | O_TRUNC)
        guard descriptor >= 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            guard count > 0 else { fatalError("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += count
        }
    }
}

#if FUZZING
/// libFuzzer's entry point for programs that keep their own `main` (only linked with `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ target: FuzzDriver.Target
) -> Int32
#endif

/// Names the input being replayed when it crashes the replayer: a trap or a fault prints the path,
/// then the handler that was there before (Swift's backtracer) takes over.
enum CrashReport {
    /// The input under way, as a C string the signal handler can write without allocating.
    nonisolated(unsafe) static var current: UnsafeMutablePointer<CChar>?
    /// The handlers replaced, by signal number.
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: Int(NSIG))

    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            if let path = CrashReport.current {
                let prefix = "\ncrashed on input: "
                _ = write(2, prefix, strlen(prefix))
                _ = write(2, path, strlen(path))
                _ = write(2, "\n", 1)
            }
            sigaction(signal, CrashReport.previous + Int(signal), nil)
            raise(signal)
        }
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            sigaction(signal, &action, previous + Int(signal))
        }
    }
}
