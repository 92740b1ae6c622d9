#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleySupport

/// Somewhere text goes: standard output, standard error, a file from `.output`, or a string in tests.
public protocol TextSink: AnyObject {
    func write(_ text: String)
    /// Bytes known to be UTF-8 text (a chunk of a dump); a sink that can writes them without a String.
    func write(utf8 bytes: UnsafeBufferPointer<UInt8>)
}

extension TextSink {
    public func write(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        write(String(decoding: bytes, as: UTF8.self))
    }
}

/// A C stream (stdout, stderr, or a file opened by `.output`).
public final class FileSink: TextSink, @unchecked Sendable {
    let stream: UnsafeMutablePointer<FILE>
    private let ownsStream: Bool

    public init(_ stream: UnsafeMutablePointer<FILE>) {
        self.stream = stream
        ownsStream = false
    }

    /// Opens `path` for writing; throws a located-less I/O error when it cannot.
    public init(path: String) throws(ParleyError) {
        guard let stream = fopen(path, "w") else {
            throw ParleyError(SessionProblem.cannotWrite(path: path, reason: String(cString: strerror(errno))))
        }
        self.stream = stream
        ownsStream = true
    }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            _ = fwrite(bytes.baseAddress, 1, bytes.count, stream)
        }
        fflush(stream)
    }

    public func write(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        _ = fwrite(bytes.baseAddress, 1, bytes.count, stream)
        fflush(stream)
    }

    deinit {
        if ownsStream { fclose(stream) }
    }

    /// Standard output or standard error, by file descriptor (1 or 2).
    public static func descriptor(_ fd: Int32) -> FileSink {
        FileSink(fdopen(fd, "w"))
    }
}

/// Collects text in memory (tests).
public final class StringSink: TextSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}
