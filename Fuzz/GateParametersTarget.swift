import Foundation

/// libFuzzer target: gate parameters decoded from arbitrary JSON. Decoding fails with a `DecodingError` or
/// yields parameters; `validate` accepts or throws `MemoryError`; valid parameters survive an encode and
/// decode unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGateParameters(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    let p: GateParameters
    do { p = try JSONDecoder().decode(GateParameters.self, from: data) } catch is DecodingError { return 0 } catch {
        fatalError("unexpected error type: \(error)")
    }
    _ = JSONErrorText.describe(DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "x")))
    do { try p.validate() } catch is MemoryError { return 0 } catch { fatalError("unexpected error type: \(error)") }
    do {
        let again = try JSONDecoder().decode(GateParameters.self, from: try JSONEncoder().encode(p))
        if again != p { fatalError("parameters changed in an encode/decode round trip") }
    } catch {
        fatalError("valid parameters did not round-trip: \(error)")
    }
    return 0
}
