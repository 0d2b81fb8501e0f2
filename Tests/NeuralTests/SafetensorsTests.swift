import Foundation
import Testing
@testable import Neural

/// Reading and writing safetensors, and the typed error of every way a file can be wrong.
@Suite struct SafetensorsTests {
    /// A file from a literal JSON header and data bytes.
    func raw(_ header: String, _ data: [UInt8] = []) -> Data {
        var out = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: Array(header.utf8))
        out.append(contentsOf: data)
        return out
    }

    func bytes(_ floats: [Float]) -> [UInt8] {
        floats.flatMap { f in withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) } }
    }

    @Test func roundTripKeepsTensorsAndMetadata() throws {
        let file = Safetensors(
            tensors: ["a.weight": try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, -6.5]),
                      "b/bias": try Tensor(shape: [1], scalars: [.pi]),
                      "empty": .zeros([0, 4]), "scalar": try Tensor(shape: [], scalars: [7])],
            metadata: ["format": "pt", "note": "中文 ok"])
        let back = try Safetensors(data: file.encoded())
        #expect(back == file)
        let headerLength = file.encoded().prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
    }

    @Test func writesAndReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("neural-\(UInt32.random(in: 0...UInt32.max)).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = Safetensors(tensors: ["x": try Tensor(shape: [2], scalars: [1, 2])])
        try file.write(to: path)
        #expect(try Safetensors(contentsOf: path) == file)
    }

    @Test func readsPythonWrittenFixtureWithMetadata() throws {
        let f = try fixture("torch_lstm")
        #expect(f.metadata["layers"] == "rnn")
        #expect(try f.tensor("rnn.weight_ih_l0").shape == [16, 3])
    }

    @Test func convertsF16BF16AndF64ToFloat32() throws {
        // F16 0x3C00 = 1, 0xC000 = −2, 0x0001 = 2^−24 (subnormal); BF16 0x3FC0 = 1.5; F64 −0.25.
        let f16: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00]
        let bf16: [UInt8] = [0xC0, 0x3F]
        let f64 = withUnsafeBytes(of: (-0.25 as Double).bitPattern.littleEndian) { Array($0) }
        let header = #"{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},"d":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#
        let file = try Safetensors(data: raw(header, f16 + bf16 + f64))
        #expect(file.tensors["h"]!.scalars == [1, -2, 0x1p-24])
        #expect(file.tensors["b"]!.scalars == [1.5])
        #expect(file.tensors["d"]!.scalars == [-0.25])
    }

    @Test func rejectsFileShorterThanTheLengthField() {
        #expect(throws: SafetensorsError.self) { try Safetensors(data: Data([1, 2, 3])) }
    }

    @Test func rejectsHeaderLongerThanTheFile() {
        var d = raw(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, bytes([1]))
        d.removeLast(20)
        #expect { try Safetensors(data: d) } throws: { e in
            if case SafetensorsError.truncated = e { return true } else { return false }
        }
    }

    @Test func rejectsDataShorterThanTheOffsets() {
        let d = raw(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, bytes([1]))
        #expect { try Safetensors(data: d) } throws: { e in
            if case SafetensorsError.truncated = e { return true } else { return false }
        }
    }

    @Test(arguments: ["not json", "[1, 2]", #"{"a": 3}"#, #"{"a":{"shape":[1],"data_offsets":[0,4]}}"#,
                      #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#,
                      #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0]}}"#,
                      #"{"__metadata__":{"k":1}}"#])
    func rejectsCorruptHeader(header: String) {
        #expect { try Safetensors(data: raw(header, bytes([1]))) } throws: { e in
            if case SafetensorsError.corruptHeader = e { return true } else { return false }
        }
    }

    @Test func rejectsUnsupportedDtype() {
        let d = raw(#"{"flags":{"dtype":"BOOL","shape":[1],"data_offsets":[0,1]}}"#, [1])
        #expect(throws: SafetensorsError.unsupportedDtype(tensor: "flags", dtype: "BOOL")) { try Safetensors(data: d) }
    }

    @Test func readsInt64AndInt32TensorsAsFloats() throws {
        // BERT checkpoints carry position_ids as I64; they load as float32 values.
        let i64: [UInt8] = [3, 0, 0, 0, 0, 0, 0, 0] + [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let i32: [UInt8] = [7, 0, 0, 0]
        let d = raw(#"{"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},"n":{"dtype":"I32","shape":[1],"data_offsets":[16,20]}}"#, i64 + i32)
        let file = try Safetensors(data: d)
        #expect(try file.tensor("ids").scalars == [3, -2])
        #expect(try file.tensor("n").scalars == [7])
    }

    @Test func rejectsOverlappingOffsets() {
        let d = raw(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
                    bytes([1, 2, 3]))
        #expect { try Safetensors(data: d) } throws: { e in
            if case SafetensorsError.invalidOffsets(let t, _) = e { return t == "b" } else { return false }
        }
    }

    @Test func rejectsOffsetsThatDisagreeWithShapeOrRunBackwards() {
        let size = raw(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, bytes([1, 2, 3]))
        let backwards = raw(#"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, bytes([1, 2, 3]))
        for d in [size, backwards] {
            #expect { try Safetensors(data: d) } throws: { e in
                if case SafetensorsError.invalidOffsets = e { return true } else { return false }
            }
        }
    }

    @Test func namesTheMissingTensorAndWhatExists() throws {
        let f = Safetensors(tensors: ["x": .zeros([1])])
        #expect(throws: SafetensorsError.missingTensor(name: "y", available: ["x"])) { try f.tensor("y") }
        #expect(SafetensorsError.missingTensor(name: "y", available: ["x"]).description.contains("the file has: x"))
    }

    @Test func reportsWrongShape() throws {
        let f = Safetensors(tensors: ["x": .zeros([2, 3])])
        #expect(throws: SafetensorsError.wrongShape(name: "x", expected: [3, 2], actual: [2, 3])) {
            try f.tensor("x", shape: [3, 2])
        }
    }

    @Test func reportsMissingFile() {
        #expect { try Safetensors(contentsOf: "/nonexistent/w.safetensors") } throws: { e in
            if case SafetensorsError.unreadable(_, let reason) = e { return reason == "no such file" } else { return false }
        }
    }
}

/// Hostile safetensors files: refused with a sentence, in bounded time and memory.
@Suite struct HostileSafetensorsTests {
    func file(header: String, data: [UInt8] = []) -> Data {
        var h = Array(header.utf8)
        while h.count % 8 != 0 { h.append(0x20) }
        var out = Data()
        withUnsafeBytes(of: UInt64(h.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: h)
        out.append(contentsOf: data)
        return out
    }

    @Test func aHeaderLongerThanTheFormatAllowsIsRefusedBeforeItIsRead() throws {
        var data = Data()
        withUnsafeBytes(of: UInt64(Safetensors.maxHeaderBytes + 8).littleEndian) { data.append(contentsOf: $0) }
        data.append(Data(repeating: 0x20, count: 64))
        #expect(throws: SafetensorsError.corruptHeader("the header is \(Safetensors.maxHeaderBytes + 8) bytes long, more than the \(Safetensors.maxHeaderBytes) the format allows")) {
            try Safetensors(data: data)
        }
    }

    @Test func aWrongTypedFieldNamesTheTensorAndTheField() throws {
        #expect(throws: SafetensorsError.corruptHeader("tensor 'w' field shape[1] is not an integer")) {
            try Safetensors(data: file(header: #"{"w":{"dtype":"F32","shape":[1,"x"],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]))
        }
        #expect(throws: SafetensorsError.corruptHeader("tensor 'w' has no data_offsets")) {
            try Safetensors(data: file(header: #"{"w":{"dtype":"F32","shape":[1]}}"#, data: [0, 0, 0, 0]))
        }
    }

    @Test func nanWeightsAreRefusedAtLoadNamingTheTensor() throws {
        var w = Safetensors()
        w.tensors["dense.weight"] = try Tensor(shape: [1, 2], scalars: [1, .nan])
        w.tensors["dense.bias"] = try Tensor(shape: [1], scalars: [0])
        #expect {
            _ = try WeightLoader(w).layer("dense")
        } throws: { "\($0)".contains("tensor 'dense.weight' holds nan at element 1") }
    }

    @Test func infiniteWeightsAreRefusedToo() throws {
        var w = Safetensors()
        w.tensors["dense.weight"] = try Tensor(shape: [1, 2], scalars: [1, 2])
        w.tensors["dense.bias"] = try Tensor(shape: [1], scalars: [-.infinity])
        #expect {
            _ = try WeightLoader(w).layer("dense")
        } throws: { "\($0)".contains("tensor 'dense.bias' holds -inf at element 0") }
    }
}
