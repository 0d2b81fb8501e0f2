import Foundation

/// libFuzzer target: the JSON-lines readers of `wm eval` (items, questions, rankings) on arbitrary bytes.
/// Every failure must be a `MemoryError` naming the line; nothing may trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLines(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    func expectMemoryError(_ body: () throws -> Void) {
        do { try body() } catch is MemoryError {} catch { fatalError("unexpected error type: \(error)") }
    }
    expectMemoryError { _ = try JSONLines.objects(in: data, source: "fuzz") }
    expectMemoryError { _ = try EvaluationItem.parseLines(data, source: "fuzz") }
    expectMemoryError { _ = try EvaluationQuery.parseLines(data, source: "fuzz") }
    return 0
}
