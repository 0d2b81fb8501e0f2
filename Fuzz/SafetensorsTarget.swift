import Foundation

/// libFuzzer target: `Safetensors(data:)` on arbitrary bytes. A parsed file must encode and parse back to
/// the same tensors (bit for bit: NaN payloads included); anything else must be a `SafetensorsError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    do {
        let file = try Safetensors(data: data)
        let again = try Safetensors(data: file.encoded())
        guard again.metadata == file.metadata, again.tensors.keys.sorted() == file.tensors.keys.sorted() else {
            fatalError("round trip changed names or metadata")
        }
        for (name, t) in file.tensors {
            let u = again.tensors[name]!
            guard u.shape == t.shape, u.scalars.map(\.bitPattern) == t.scalars.map(\.bitPattern) else {
                fatalError("round trip changed tensor \(name)")
            }
        }
    } catch is SafetensorsError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
