import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `.safetensors` file mapped read-only into memory, so 90 MB of weights cost no copy and only
/// the pages actually read (e.g. the embedding rows of the words seen) become resident.
///
/// Layout: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
/// and byte range, then the raw data. Every range is checked against the file size on open, so a
/// truncated download fails here with a clear message instead of crashing in the maths.
///
/// `@unchecked Sendable`: the mapping is read-only (`PROT_READ`), never remapped, and unmapped only
/// in `deinit`, when no reference (and hence no tensor view obtained through one) remains.
public final class SafetensorsFile: @unchecked Sendable {
    /// Where one tensor's bytes sit in the file, and how to read them.
    public struct TensorInfo: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        /// Byte range relative to the start of the data section.
        public var dataRange: Range<Int>
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    private let base: UnsafeRawPointer
    private let mappedLength: Int
    private let dataStart: Int

    /// Maps `path` and validates its header.
    /// - Throws: `CodexError.modelCorrupt` when the file is too short, the header is not valid JSON,
    ///   or a tensor's byte range does not fit its dtype, shape or the file.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CodexError.modelCorrupt(path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw CodexError.modelCorrupt(path, reason: String(cString: strerror(errno)))
        }
        let size = Int(status.st_size)
        guard size >= 8 else { throw CodexError.modelCorrupt(path, reason: "the file is only \(size) bytes long") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw CodexError.modelCorrupt(path, reason: "cannot map it into memory")
        }
        let base = UnsafeRawPointer(mapped)
        do {
            let parsed = try Self.parseHeader(base: base, size: size, path: path)
            self.tensors = parsed.tensors
            self.dataStart = parsed.dataStart
        } catch {
            munmap(mapped, size)
            throw error
        }
        self.base = base
        self.mappedLength = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), mappedLength) }

    /// Lets the kernel drop the pages of a tensor this process has copied elsewhere, so they do
    /// not count twice in its resident memory (the file stays in the page cache). Reading the
    /// tensor again afterwards still works: the pages fault back in from the file.
    ///
    /// Memory outside this mapping is left alone: `MADV_DONTNEED` on ordinary memory zeroes it
    /// (that once wiped the stacked Q/K/V weights while the 16-bit path still read them).
    func releasePages(of tensor: UnsafeBufferPointer<Float>) {
        guard let start = tensor.baseAddress else { return }
        let mapping = Int(bitPattern: base)..<(Int(bitPattern: base) + mappedLength)
        guard mapping.contains(Int(bitPattern: start)),
            Int(bitPattern: start + tensor.count) <= mapping.upperBound
        else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start + tensor.count)) / page * page
        guard end > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pointer, end - first, Int32(MADV_DONTNEED))
    }

    /// A view of an F32 tensor, checked to have exactly `shape`. Valid while this file is alive.
    public func floats(_ name: String, shape: [Int]) throws -> UnsafeBufferPointer<Float> {
        guard let info = tensors[name] else {
            throw CodexError.modelCorrupt(path, reason: "it has no tensor named \(name)")
        }
        guard info.dtype == "F32" else {
            throw CodexError.modelCorrupt(path, reason: "tensor \(name) is \(info.dtype), expected F32")
        }
        guard info.shape == shape else {
            throw CodexError.modelCorrupt(path, reason: "tensor \(name) has shape \(info.shape), expected \(shape)")
        }
        let start = base.advanced(by: dataStart + info.dataRange.lowerBound)
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: Float.self), count: info.dataRange.count / 4)
    }

    private static let elementSizes = ["F32": 4, "F16": 2, "BF16": 2, "F64": 8, "I64": 8, "I32": 4, "I8": 1, "U8": 1]

    private static func parseHeader(
        base: UnsafeRawPointer, size: Int, path: String
    ) throws -> (tensors: [String: TensorInfo], dataStart: Int) {
        let headerLength = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(size - 8) else {
            throw CodexError.modelCorrupt(
                path, reason: "its header claims \(headerLength) bytes but the file has \(size) (truncated?)")
        }
        let dataStart = 8 + Int(headerLength)
        let headerBytes = Data(bytes: base.advanced(by: 8), count: Int(headerLength))
        guard let json = try? JSONSerialization.jsonObject(with: headerBytes) as? [String: Any] else {
            throw CodexError.modelCorrupt(path, reason: "its header is not valid JSON")
        }
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in json where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
                offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1]
            else { throw CodexError.modelCorrupt(path, reason: "tensor \(name) has a malformed header entry") }
            let range = offsets[0]..<offsets[1]
            guard dataStart + range.upperBound <= size else {
                throw CodexError.modelCorrupt(
                    path, reason: "tensor \(name) ends past the end of the file (truncated download?)")
            }
            if let elementSize = elementSizes[dtype] {
                let elements = shape.reduce(1, *)
                guard elements * elementSize == range.count else {
                    throw CodexError.modelCorrupt(path, reason: "tensor \(name)'s byte range does not match its shape")
                }
                guard (dataStart + range.lowerBound) % elementSize == 0 else {
                    throw CodexError.modelCorrupt(path, reason: "tensor \(name) is not aligned to its element size")
                }
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, dataRange: range)
        }
        return (tensors, dataStart)
    }
}
