import Foundation

/// A set of named tensors in the safetensors format (Hugging Face), read and written as float32.
///
/// Format (https://huggingface.co/docs/safetensors): an 8-byte little-endian unsigned header
/// length L; L bytes of JSON mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets relative to the data block that follows the header), plus an optional
/// `"__metadata__"` object of string → string; then the data block, little-endian, row-major.
/// Reading accepts F32, F16, BF16 and F64 and converts to float32; writing stores F32.
public struct Safetensors: Sendable, Equatable {
    /// The tensors by name.
    public var tensors: [String: Tensor]
    /// The free-form `__metadata__` strings.
    public var metadata: [String: String]

    /// - Parameters:
    ///   - tensors: tensors by name.  - metadata: `__metadata__` strings.
    public init(tensors: [String: Tensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// Reads a file.
    /// - Throws: `SafetensorsError` for an unreadable, truncated or corrupt file.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "\(error.localizedDescription)" : "no such file"
            throw SafetensorsError.unreadable(path: path, reason: reason)
        }
        try self.init(data: data)
    }

    /// The largest header accepted: the format's own limit (the reference reader refuses more than 100 MB).
    public static let maxHeaderBytes = 100_000_000

    /// Parses the bytes of a safetensors file.
    ///
    /// The header is decoded by `JSONDecoder` into plain entries (name, dtype, shape, offsets): its memory
    /// stays a small multiple of the header's size, where `JSONSerialization`'s object graph took 4.4 GB
    /// and 42 s for a 66 MB header of a million empty tensors.
    /// - Throws: `SafetensorsError` for a truncated or corrupt file.
    public init(data: Data) throws {
        guard data.count >= 8 else {
            throw SafetensorsError.truncated("\(data.count) bytes, fewer than the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for i in 0..<8 { headerLength |= UInt64(data[data.startIndex + i]) << (8 * UInt64(i)) }
        guard headerLength <= UInt64(Self.maxHeaderBytes) else {
            throw SafetensorsError.corruptHeader("the header is \(headerLength) bytes long, more than the \(Self.maxHeaderBytes) the format allows")
        }
        guard headerLength <= UInt64(data.count - 8) else {
            throw SafetensorsError.truncated("header length \(headerLength) exceeds the \(data.count - 8) bytes after it")
        }
        let dataStart = 8 + Int(headerLength)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data[(data.startIndex + 8)..<(data.startIndex + dataStart)])
        } catch let e as SafetensorsError {
            throw e
        } catch let e as DecodingError {
            throw SafetensorsError.corruptHeader(Self.describe(e))
        } catch {
            throw SafetensorsError.corruptHeader("the header is not valid JSON")
        }
        let dataCount = data.count - dataStart
        var tensors: [String: Tensor] = [:]
        tensors.reserveCapacity(header.entries.count)
        var ranges: [(name: String, begin: Int, end: Int)] = []
        for entry in header.entries {
            let name = entry.name
            guard entry.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafetensorsError.corruptHeader("tensor '\(name)' has no valid shape (a list of non-negative integers)")
            }
            guard entry.offsets.count == 2, entry.offsets[0] >= 0, entry.offsets[1] >= 0 else {
                throw SafetensorsError.corruptHeader("tensor '\(name)' has no valid data_offsets [begin, end]")
            }
            let size = try Self.elementSize(tensor: name, dtype: entry.dtype)
            let count = try Self.elementCount(tensor: name, shape: entry.shape)
            let (begin, end) = (entry.offsets[0], entry.offsets[1])
            guard begin <= end else {
                throw SafetensorsError.invalidOffsets(tensor: name, reason: "begin \(begin) > end \(end)")
            }
            guard end <= dataCount else {
                throw SafetensorsError.truncated(
                    "tensor '\(name)' ends at byte \(end) of the data block, which has only \(dataCount)")
            }
            guard count.multipliedReportingOverflow(by: size).partialValue == end - begin, !count.multipliedReportingOverflow(by: size).overflow else {
                throw SafetensorsError.invalidOffsets(
                    tensor: name,
                    reason: "\(end - begin) bytes for shape \(entry.shape) of \(entry.dtype), which needs \(count * size)")
            }
            ranges.append((name, begin, end))
            let scalars = Self.decode(data, from: dataStart + begin, count: count, dtype: entry.dtype)
            tensors[name] = try Tensor(shape: entry.shape, scalars: scalars)
        }
        ranges.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        for (a, b) in zip(ranges, ranges.dropFirst()) where b.begin < a.end && b.end > b.begin {
            throw SafetensorsError.invalidOffsets(
                tensor: b.name, reason: "bytes \(b.begin)..<\(b.end) overlap tensor '\(a.name)' (\(a.begin)..<\(a.end))")
        }
        self.init(tensors: tensors, metadata: header.metadata)
    }

    /// The file's bytes: F32 tensors in name order, header padded with spaces to a multiple of 8.
    public func encoded() -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]] as [String: Any]
            offset += 4 * t.count
        }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data("{}".utf8)
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for name in names {
            tensors[name]!.scalars.withUnsafeBufferPointer { p in
                // Little-endian hosts (x86-64, arm64) store floats in file order already.
                out.append(UnsafeBufferPointer(start: UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                               count: 4 * p.count))
            }
        }
        return out
    }

    /// Writes the file (F32).
    /// - Throws: `SafetensorsError.unreadable` when the file cannot be written.
    public func write(to path: String) throws {
        do {
            try encoded().write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SafetensorsError.unreadable(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The tensor called `name`, optionally checked against an expected shape.
    /// - Throws: `SafetensorsError.missingTensor` or `.wrongShape`.
    public func tensor(_ name: String, shape: [Int]? = nil) throws -> Tensor {
        guard let t = tensors[name] else {
            throw SafetensorsError.missingTensor(name: name, available: Array(tensors.keys))
        }
        if let shape, t.shape != shape {
            throw SafetensorsError.wrongShape(name: name, expected: shape, actual: t.shape)
        }
        return t
    }

    // MARK: header parsing

    private static func elementSize(tensor: String, dtype: String) throws -> Int {
        switch dtype {
        case "F32": return 4
        case "F16", "BF16": return 2
        case "F64", "I64": return 8
        case "I32": return 4
        default: throw SafetensorsError.unsupportedDtype(tensor: tensor, dtype: dtype)
        }
    }

    private static func elementCount(tensor: String, shape: [Int]) throws -> Int {
        var count = 1
        for d in shape {
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p < 1 << 40 else {
                throw SafetensorsError.corruptHeader("tensor '\(tensor)' has an impossible shape \(shape)")
            }
            count = p
        }
        return count
    }

    private static func decode(_ bytes: Data, from start: Int, count: Int, dtype: String) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            switch dtype {
            case "F32":
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                }
            case "F64":
                for i in 0..<count {
                    out[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self))))
                }
            case "I64":  // integer tensors (BERT's position_ids) read as floats; exact below 2^24
                for i in 0..<count {
                    out[i] = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: Int64.self)))
                }
            case "I32":
                for i in 0..<count {
                    out[i] = Float(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: Int32.self)))
                }
            case "BF16":
                for i in 0..<count {
                    let b = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self))
                    out[i] = Float(bitPattern: UInt32(b) << 16)
                }
            default:  // F16
                for i in 0..<count {
                    out[i] = halfToFloat(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self)))
                }
            }
        }
        return out
    }

    /// IEEE 754 binary16 → binary32, exact (subnormals, infinities and NaN included).
    static func halfToFloat(_ h: UInt16) -> Float {
        let sign: Float = (h & 0x8000) != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = Float(h & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
