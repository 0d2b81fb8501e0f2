import Foundation

/// libFuzzer target: `wm eval retrieval --config` files, decoded as `RetrievalConfiguration` from arbitrary
/// JSON, and their error sentences. A decoded configuration must rank a small memory without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvalConfiguration(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    let configuration: RetrievalConfiguration
    do { configuration = try JSONDecoder().decode(RetrievalConfiguration.self, from: data) } catch let e as DecodingError {
        _ = JSONErrorText.describe(e)
        return 0
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    var retriever = Retriever(configuration: configuration)
    for (i, text) in ["The cat sleeps on the sofa.", "我下周去上海开会。", "Meeting on 2024-05-08 about the roof."].enumerated() {
        try? retriever.add(RetrievalDocument(id: String(i), text: text, date: Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 86_400),
                                            speaker: nil, episode: "e\(i % 2)", order: i))
    }
    var scratch = RetrievalScratch()
    _ = retriever.search(RetrievalQuery("where does the cat sleep yesterday", date: Date(timeIntervalSince1970: 1_700_300_000), limit: 3), scratch: &scratch)
    return 0
}
