import CHDF5
import Foundation
import Synchronization

/// The numeric datasets of an HDF5 file, read as float32 tensors by their paths
/// (`layers/lstm/cell/vars/0`): how Keras stores weights (`model.weights.h5`, `.weights.h5`,
/// Keras 2 `.h5`).
///
/// Read through HDF5's C library (Debian's libhdf5-dev) from an in-memory image of the file
/// (HDF5's core driver), so nothing is opened beside it. Only hard links are followed (a soft or
/// external link could lead to other files); datasets of other classes (strings) are skipped.
struct HDF5File {
    /// Tensors by path, without a leading slash.
    let datasets: [String: Tensor]

    /// The serial HDF5 library is not thread-safe: every call into it holds this lock.
    private static let library = Mutex(())
    /// HDF5's signature, at the start of a file without a user block.
    private static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    /// Deeper group nesting than Keras writes (it needs about 6) is refused, which also stops cycles of hard links.
    private static let maximumDepth = 32
    /// More objects than any recurrent model has are refused.
    private static let maximumObjects = 100_000

    /// Reads every numeric dataset of the file image `data`.
    /// - Parameter name: how messages call the file (`model.weights.h5`).
    /// - Throws: `KerasError.unreadableWeights` for bytes that are no HDF5 file, a truncated or
    ///   damaged file, or a dataset larger than the file could hold.
    init(image data: Data, name: String) throws {
        guard !data.isEmpty else { throw KerasError.unreadableWeights(file: name, reason: "the file is empty") }
        datasets = try Self.library.withLock { _ in try Self.read(data, name: name) }
    }

    /// Reads the file at `path` (see `init(image:name:)`).
    init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KerasError.unreadableWeights(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        try self.init(image: data, name: path)
    }

    private static func read(_ data: Data, name: String) throws -> [String: Tensor] {
        H5Eset_auto2(wm_h5e_default(), nil, nil)  // errors become messages here, not prints on stderr
        let access = H5Pcreate(wm_h5p_file_access())
        guard access >= 0 else { throw failure(name, "HDF5 could not start") }
        defer { H5Pclose(access) }
        let opened: hid_t = data.withUnsafeBytes { raw in
            guard H5Pset_fapl_core(access, 1 << 20, false) >= 0,
                  H5Pset_file_image(access, UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count) >= 0 else { return -1 }
            return H5Fopen(name, wm_h5f_acc_rdonly(), access)
        }
        guard opened >= 0 else {
            if !data.starts(with: signature) {
                throw KerasError.unreadableWeights(file: name, reason: "not an HDF5 file (no HDF5 signature at its start)")
            }
            throw failure(name, "HDF5 cannot open it (truncated or damaged?)")
        }
        defer { H5Fclose(opened) }
        var walk = Walk(file: name, sizeLimit: data.count)
        try walk.visit(group: opened, path: "", depth: 0)
        return walk.tensors
    }

    /// A `KerasError.unreadableWeights` with HDF5's own innermost message appended.
    static func failure(_ file: String, _ what: String) -> KerasError {
        var message = [CChar](repeating: 0, count: Int(WM_H5_MESSAGE_SIZE))
        wm_h5_innermost_error(&message)
        let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return .unreadableWeights(file: file, reason: detail.isEmpty ? what : "\(what): \(detail)")
    }

    /// A depth-first walk over groups, collecting datasets.
    private struct Walk {
        let file: String
        /// No dataset may claim more float32 elements than this many bytes could hold (Keras
        /// stores weights uncompressed; a larger claim is a damaged or hostile file).
        let sizeLimit: Int
        var tensors: [String: Tensor] = [:]
        var objects = 0

        mutating func visit(group: hid_t, path: String, depth: Int) throws {
            guard depth < HDF5File.maximumDepth else {
                throw KerasError.unreadableWeights(file: file, reason: "groups nested deeper than \(HDF5File.maximumDepth) levels at '\(path)'")
            }
            var info = H5G_info_t()
            guard H5Gget_info(group, &info) >= 0 else { throw HDF5File.failure(file, "cannot list group '/\(path)'") }
            for index in 0..<info.nlinks {
                objects += 1
                guard objects <= HDF5File.maximumObjects else {
                    throw KerasError.unreadableWeights(file: file, reason: "more than \(HDF5File.maximumObjects) objects")
                }
                let child = try linkName(group, index, path)
                let childPath = path.isEmpty ? child : path + "/" + child
                guard wm_h5_is_hard_link(group, child) == 1 else { continue }
                let object = H5Oopen(group, child, wm_h5p_default())
                guard object >= 0 else { throw HDF5File.failure(file, "cannot open '/\(childPath)'") }
                defer { H5Oclose(object) }
                switch H5Iget_type(object) {
                case H5I_GROUP: try visit(group: object, path: childPath, depth: depth + 1)
                case H5I_DATASET: if let t = try dataset(object, childPath) { tensors[childPath] = t }
                default: break
                }
            }
        }

        private func linkName(_ group: hid_t, _ index: hsize_t, _ path: String) throws -> String {
            let length = H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, wm_h5p_default())
            guard length >= 0, length < 4096 else { throw HDF5File.failure(file, "cannot read a link name in '/\(path)'") }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            guard H5Lget_name_by_idx(group, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, wm_h5p_default()) >= 0 else {
                throw HDF5File.failure(file, "cannot read a link name in '/\(path)'")
            }
            return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// A float or integer dataset as a float32 tensor (HDF5 converts the element type); nil for other classes.
        private func dataset(_ object: hid_t, _ path: String) throws -> Tensor? {
            let type = H5Dget_type(object)
            guard type >= 0 else { throw HDF5File.failure(file, "cannot read the type of '/\(path)'") }
            let typeClass = H5Tget_class(type)
            H5Tclose(type)
            guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else { return nil }
            let space = H5Dget_space(object)
            guard space >= 0 else { throw HDF5File.failure(file, "cannot read the shape of '/\(path)'") }
            defer { H5Sclose(space) }
            let rank = H5Sget_simple_extent_ndims(space)
            guard rank >= 0, rank <= 8 else {
                throw KerasError.unreadableWeights(file: file, reason: "dataset '/\(path)' has rank \(rank); weights have at most 8 axes")
            }
            var dims = [hsize_t](repeating: 0, count: Int(rank))
            guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { throw HDF5File.failure(file, "cannot read the shape of '/\(path)'") }
            var count = 1
            for d in dims {
                let (product, overflow) = count.multipliedReportingOverflow(by: Int(clamping: d))
                guard !overflow, product <= sizeLimit else {
                    throw KerasError.unreadableWeights(
                        file: file, reason: "dataset '/\(path)' claims shape \(dims), more elements than the \(sizeLimit)-byte file holds")
                }
                count = product
            }
            var scalars = [Float](repeating: 0, count: count)
            if count > 0 {
                let status = scalars.withUnsafeMutableBytes {
                    H5Dread(object, wm_h5t_native_float(), wm_h5s_all(), wm_h5s_all(), wm_h5p_default(), $0.baseAddress)
                }
                guard status >= 0 else { throw HDF5File.failure(file, "cannot read dataset '/\(path)' (truncated file?)") }
            }
            return try Tensor(shape: dims.map { Int($0) }, scalars: scalars)
        }
    }
}
