import Foundation

/// libFuzzer target: `KerasArchitecture(configJSON:)`, the reader of a `.keras` archive's `config.json`,
/// on arbitrary bytes. Anything it accepts must be a model the builder can take (at least one layer,
/// positive sizes, a state index the layer has) and read the same twice; anything else must be a
/// `KerasError`, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKerasConfig(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    do {
        let architecture = try KerasArchitecture(configJSON: data)
        guard !architecture.layers.isEmpty else { fatalError("accepted a model without layers") }
        for layer in architecture.layers {
            switch layer.kind {
            case .recurrent(let r), .bidirectional(let r, _):
                guard r.units >= 1, layer.outputIndex <= (r.returnState ? 2 * r.stateCount : 0) else {
                    fatalError("accepted layer \(layer.name) with units \(r.units), output \(layer.outputIndex)")
                }
            case .dense(let units, _, _), .embedding(_, let units):
                guard units >= 1, layer.outputIndex == 0 else { fatalError("accepted layer \(layer.name) of width \(units)") }
            default:
                guard layer.outputIndex == 0 else { fatalError("accepted a state of layer \(layer.name)") }
            }
        }
        guard try KerasArchitecture(configJSON: data) == architecture else { fatalError("two reads differ") }
    } catch is KerasError {
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
