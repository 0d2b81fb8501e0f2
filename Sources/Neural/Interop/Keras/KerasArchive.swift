import Foundation
import ZIPFoundation

/// The parts of a Keras 3 `.keras` archive (`model.save("model.keras")`): a zip holding
/// `config.json` (the architecture), `metadata.json` (Keras version, date) and `model.weights.h5`
/// (the weights, HDF5).
///
/// Read through ZIPFoundation, with each entry's CRC checked and its size capped, so a damaged
/// or hostile zip gives an error rather than a crash or a full disk.
public struct KerasArchive: Sendable {
    /// `config.json`.
    public var config: Data
    /// `metadata.json`, when present (`{"keras_version": "3.6.0", "date_saved": ...}`).
    public var metadata: Data?
    /// `model.weights.h5`.
    public var weights: Data

    /// The largest weights entry read (16 million float32 LSTM weights take 64 MB).
    public static let maximumWeightBytes = 4 << 30

    /// Reads the three parts of the archive at `path`.
    /// - Throws: `KerasError.notAKerasArchive` when the file is missing, is no zip, lacks
    ///   `config.json` or `model.weights.h5`, or an entry is damaged or too large.
    public init(contentsOf path: String) throws {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw KerasError.notAKerasArchive(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw KerasError.notAKerasArchive(path: path, reason: "it is a directory (Keras 2's SavedModel folders are not read)")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw KerasError.notAKerasArchive(path: path, reason: "not a zip file")
        }
        func entry(_ name: String, limit: Int) throws -> Data? {
            guard let e = archive[name] else { return nil }
            guard e.type == .file, e.uncompressedSize <= UInt64(limit) else {
                throw KerasError.notAKerasArchive(path: path, reason: "\(name) is \(e.type == .file ? "larger than \(limit) bytes" : "not a file")")
            }
            var data = Data()
            data.reserveCapacity(Int(e.uncompressedSize))
            do {
                _ = try archive.extract(e, consumer: { chunk in
                    // The central directory's size is the archive's word, not a promise: cap what arrives.
                    guard data.count + chunk.count <= limit else { throw KerasError.notAKerasArchive(path: path, reason: "\(name) is larger than \(limit) bytes") }
                    data.append(chunk)
                })
            } catch let error as KerasError {
                throw error
            } catch {
                throw KerasError.notAKerasArchive(path: path, reason: "\(name) is damaged (\(error))")
            }
            return data
        }
        guard let config = try entry("config.json", limit: KerasArchitecture.maximumConfigBytes) else {
            let names = archive.prefix(8).map(\.path)
            throw KerasError.notAKerasArchive(path: path, reason: "the zip has no config.json (it holds \(names.isEmpty ? "nothing" : names.joined(separator: ", ")))")
        }
        guard let weights = try entry("model.weights.h5", limit: Self.maximumWeightBytes) else {
            let other = archive["model.weights.npz"] != nil ? " (it holds model.weights.npz: save with the default HDF5 weights format)" : ""
            throw KerasError.notAKerasArchive(path: path, reason: "the zip has no model.weights.h5\(other)")
        }
        self.config = config
        self.weights = weights
        self.metadata = try entry("metadata.json", limit: 1 << 20)
    }

    /// `keras_version` from `metadata.json`, when it says.
    public var kerasVersion: String? {
        guard let metadata, let json = try? KerasJSON.parse(metadata, file: "metadata.json") else { return nil }
        return json.object?["keras_version"]?.string
    }
}
