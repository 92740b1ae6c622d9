#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib
import ParleySupport

/// A zip archive read in place: its central directory parsed (zip64 included), each entry inflated
/// as it is read, with the system zlib, and its CRC-32 checked at the end. Nothing is unpacked to disk.
struct ZipArchive {
    /// One file of the archive, as the central directory describes it.
    struct Entry {
        let name: String
        let flags: UInt16
        /// 0 stored, 8 deflate.
        let method: UInt16
        let crc32: UInt32
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let localHeaderOffset: UInt64
    }

    let path: String
    let entries: [Entry]
    private let descriptor: Int32
    private let fileSize: UInt64

    /// Whether the file starts as a zip does (a local file header, or the end record of an empty zip).
    static func isZip(path: String) throws(ParleyError) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }  // the reader reports why
        defer { _ = Glibc.close(descriptor) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = magic.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 4, 0) }
        return count == 4 && magic[0] == 0x50 && magic[1] == 0x4B
            && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6))
    }

    init(path: String) throws(ParleyError) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ParleyError(SupportProblem.cannotRead(path: path, reason: String(cString: strerror(errno))))
        }
        var info = stat()
        fstat(descriptor, &info)
        fileSize = UInt64(info.st_size)
        do {
            entries = try ZipArchive.readDirectory(descriptor: descriptor, fileSize: fileSize, path: path)
        } catch {
            _ = Glibc.close(descriptor)
            throw error
        }
    }

    func close() { _ = Glibc.close(descriptor) }

    /// A reader of one entry's bytes, inflated; it shares the archive's descriptor.
    func source(for entry: Entry) throws(ParleyError) -> ZipEntrySource {
        if entry.flags & 1 != 0 {
            throw ParleyError(ImportProblem.unsupportedZipEntry(path: path, entry: entry.name, reason: "it is encrypted"))
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw ParleyError(ImportProblem.unsupportedZipEntry(path: path, entry: entry.name,
                                                                reason: "compression method \(entry.method) (Parley reads stored and deflate)"))
        }
        let header = try ZipArchive.bytes(descriptor, at: entry.localHeaderOffset, count: 30, fileSize: fileSize, path: path)
        guard header.uint32(0) == 0x0403_4B50 else {
            throw ParleyError(ImportProblem.damagedZipEntry(path: path, entry: entry.name, reason: "no local header where the directory says"))
        }
        let dataOffset = entry.localHeaderOffset + 30 + UInt64(header.uint16(26)) + UInt64(header.uint16(28))
        guard dataOffset <= fileSize, entry.compressedSize <= fileSize - dataOffset else {
            throw ParleyError(ImportProblem.damagedZipEntry(path: path, entry: entry.name, reason: "it runs past the end of the file"))
        }
        return ZipEntrySource(archivePath: path, entry: entry, descriptor: descriptor, dataOffset: dataOffset)
    }

    // MARK: The central directory

    private static func damaged(_ path: String, _ reason: String) -> ParleyError {
        ParleyError(ImportProblem.damagedZip(path: path, reason: reason))
    }

    /// `count` bytes at `offset`, all there or an error.
    fileprivate static func bytes(_ descriptor: Int32, at offset: UInt64, count: Int, fileSize: UInt64, path: String) throws(ParleyError) -> [UInt8] {
        guard offset <= fileSize, UInt64(count) <= fileSize - offset else { throw damaged(path, "it ends early (truncated?)") }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw ParleyError(SupportProblem.cannotRead(path: path, reason: String(cString: strerror(errno)))) }
            done += got
        }
        return bytes
    }

    private static func readDirectory(descriptor: Int32, fileSize: UInt64, path: String) throws(ParleyError) -> [Entry] {
        // The end record: 22 bytes and a comment of up to 64 KiB, at the very end.
        let tailCount = Int(min(fileSize, 22 + 0xFFFF))
        let tail = try bytes(descriptor, at: fileSize - UInt64(tailCount), count: tailCount, fileSize: fileSize, path: path)
        var endAt: Int?
        var index = tailCount - 22
        while index >= 0 {
            if tail.uint32(index) == 0x0605_4B50 { endAt = index; break }
            index -= 1
        }
        guard let endAt else { throw damaged(path, "no end of central directory record (truncated?)") }
        var entryCount = UInt64(tail.uint16(endAt + 10))
        var directorySize = UInt64(tail.uint32(endAt + 12))
        var directoryOffset = UInt64(tail.uint32(endAt + 16))
        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // Zip64: a locator just before the end record points at the zip64 end record.
            let endOffset = fileSize - UInt64(tailCount) + UInt64(endAt)
            guard endOffset >= 20 else { throw damaged(path, "no zip64 end record locator") }
            let locator = try bytes(descriptor, at: endOffset - 20, count: 20, fileSize: fileSize, path: path)
            guard locator.uint32(0) == 0x0706_4B50 else { throw damaged(path, "no zip64 end record locator") }
            let record = try bytes(descriptor, at: locator.uint64(8), count: 56, fileSize: fileSize, path: path)
            guard record.uint32(0) == 0x0606_4B50 else { throw damaged(path, "no zip64 end record where its locator says") }
            entryCount = record.uint64(32)
            directorySize = record.uint64(40)
            directoryOffset = record.uint64(48)
        }
        guard directoryOffset <= fileSize, directorySize <= fileSize - directoryOffset else {
            throw damaged(path, "the central directory runs past the end of the file")
        }
        let directory = try bytes(descriptor, at: directoryOffset, count: Int(directorySize), fileSize: fileSize, path: path)
        var entries: [Entry] = []
        var at = 0
        for _ in 0..<entryCount {
            guard at + 46 <= directory.count, directory.uint32(at) == 0x0201_4B50 else {
                throw damaged(path, "entry \(entries.count + 1) of the central directory is damaged")
            }
            let nameLength = Int(directory.uint16(at + 28))
            let extraLength = Int(directory.uint16(at + 30))
            let commentLength = Int(directory.uint16(at + 32))
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw damaged(path, "entry \(entries.count + 1) of the central directory is damaged")
            }
            let name = String(decoding: directory[at + 46 ..< at + 46 + nameLength], as: UTF8.self)
            var uncompressed = UInt64(directory.uint32(at + 24))
            var compressed = UInt64(directory.uint32(at + 20))
            var offset = UInt64(directory.uint32(at + 42))
            // The zip64 extra field holds, in this order, those of the three that did not fit.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let id = directory.uint16(extra)
                let size = Int(directory.uint16(extra + 2))
                if id == 0x0001 {
                    var field = extra + 4
                    func next() throws(ParleyError) -> UInt64 {
                        guard field + 8 <= extra + 4 + size else { throw damaged(path, "the zip64 field of `\(name)` is short") }
                        defer { field += 8 }
                        return directory.uint64(field)
                    }
                    if uncompressed == 0xFFFF_FFFF { uncompressed = try next() }
                    if compressed == 0xFFFF_FFFF { compressed = try next() }
                    if offset == 0xFFFF_FFFF { offset = try next() }
                }
                extra += 4 + size
            }
            entries.append(Entry(name: name, flags: directory.uint16(at + 8), method: directory.uint16(at + 10),
                                 crc32: directory.uint32(at + 16), compressedSize: compressed, uncompressedSize: uncompressed,
                                 localHeaderOffset: offset))
            at += 46 + nameLength + extraLength + commentLength
        }
        return entries
    }
}

/// One zip entry's bytes, inflated block by block (raw deflate) or read as stored, with their
/// CRC-32 and size checked against the directory's when the entry ends.
struct ZipEntrySource: ByteSource {
    static let inputBlock = 1 << 20

    let name: String
    private let archivePath: String
    private let entry: ZipArchive.Entry
    private let descriptor: Int32
    private let dataOffset: UInt64
    /// Compressed bytes read so far.
    private var consumed: UInt64 = 0
    private var produced: UInt64 = 0
    private var crc: UInt = 0
    private var ended = false
    /// zlib keeps a pointer back to its stream: it lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableBufferPointer<UInt8>

    init(archivePath: String, entry: ZipArchive.Entry, descriptor: Int32, dataOffset: UInt64) {
        self.archivePath = archivePath
        self.entry = entry
        self.descriptor = descriptor
        self.dataOffset = dataOffset
        name = "\(archivePath)/\(entry.name)"
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: entry.method == 8 ? ZipEntrySource.inputBlock : 0)
        if entry.method == 8 {
            _ = inflateInit2_(stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        }
    }

    func close() {
        if entry.method == 8 { inflateEnd(stream) }
        stream.deallocate()
        input.deallocate()
    }

    private func damaged(_ reason: String) -> ParleyError {
        ParleyError(ImportProblem.damagedZipEntry(path: archivePath, entry: entry.name, reason: reason))
    }

    /// Reads up to `count` compressed bytes at `consumed` into `into`.
    private mutating func readCompressed(_ into: UnsafeMutableRawPointer, _ count: Int) throws(ParleyError) -> Int {
        let wanted = Int(min(UInt64(count), entry.compressedSize - consumed))
        guard wanted > 0 else { return 0 }
        while true {
            let got = pread(descriptor, into, wanted, off_t(dataOffset + consumed))
            if got < 0 && errno == EINTR {
                if Interrupt.isRequested { throw ParleyError(SupportProblem.interrupted) }
                continue
            }
            guard got > 0 else {
                if got == 0 { throw damaged("the file ends inside it") }
                throw ParleyError(SupportProblem.cannotRead(path: archivePath, reason: String(cString: strerror(errno))))
            }
            consumed += UInt64(got)
            return got
        }
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParleyError) -> Int {
        guard !ended, buffer.count > 0 else { return 0 }
        if entry.method == 0 {
            let got = try readCompressed(buffer.baseAddress!, buffer.count)
            if got == 0 {
                try end()
                return 0
            }
            account(buffer.baseAddress!, got)
            return got
        }
        while true {
            if stream.pointee.avail_in == 0 && consumed < entry.compressedSize {
                let got = try readCompressed(input.baseAddress!, input.count)
                stream.pointee.next_in = input.baseAddress!
                stream.pointee.avail_in = UInt32(got)
            }
            let hadInput = stream.pointee.avail_in
            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let status = inflate(stream, Z_NO_FLUSH)
            let got = min(buffer.count, Int(UInt32.max)) - Int(stream.pointee.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR, Z_STREAM_END: break
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "inflate error \(status)"
                throw damaged("its deflate data is invalid (\(message))")
            }
            if got > 0 { account(buffer.baseAddress!, got) }
            if status == Z_STREAM_END {
                try end()
                return got
            }
            if got > 0 { return got }
            if hadInput == 0 && stream.pointee.avail_in == 0 && consumed >= entry.compressedSize {
                throw damaged("its deflate data ends early")
            }
        }
    }

    private mutating func account(_ bytes: UnsafeMutableRawPointer, _ count: Int) {
        crc = crc32(crc, bytes.assumingMemoryBound(to: UInt8.self), UInt32(count))
        produced += UInt64(count)
    }

    /// The entry is read through: its CRC-32 and size must be the directory's.
    private mutating func end() throws(ParleyError) {
        ended = true
        guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
            throw damaged("its CRC-32 is \(hex(UInt32(truncatingIfNeeded: crc))), the zip's directory says \(hex(entry.crc32))")
        }
        guard produced == entry.uncompressedSize else {
            throw damaged("it holds \(produced) bytes, the zip's directory says \(entry.uncompressedSize)")
        }
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    mutating func finish() throws(ParleyError) {
        guard !ended else { return }
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { scratch.deallocate() }
        while try read(into: scratch) > 0 {}
        if !ended { try end() }
    }
}

private extension Array where Element == UInt8 {
    func uint16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }
    func uint32(_ at: Int) -> UInt32 { UInt32(uint16(at)) | UInt32(uint16(at + 2)) << 16 }
    func uint64(_ at: Int) -> UInt64 { UInt64(uint32(at)) | UInt64(uint32(at + 4)) << 32 }
}
