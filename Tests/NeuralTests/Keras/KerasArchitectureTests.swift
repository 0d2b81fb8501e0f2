import Foundation
import Testing
@testable import Neural

/// Reading `config.json`: what Keras writes becomes the layers the engine runs; what it cannot run
/// is refused by name.
@Suite struct KerasArchitectureTests {
    /// A layer entry as Keras 3 writes it.
    static func layer(_ className: String, _ config: [String: Any]) -> [String: Any] {
        ["module": "keras.layers", "class_name": className, "config": config, "registered_name": NSNull()]
    }

    static var input: [String: Any] { layer("InputLayer", ["batch_shape": [NSNull(), NSNull(), 3], "dtype": "float32", "name": "input_layer"]) }

    static func sequential(_ layers: [[String: Any]]) throws -> Data {
        try JSONSerialization.data(withJSONObject: ["module": "keras", "class_name": "Sequential",
                                                    "config": ["name": "sequential", "layers": [input] + layers]])
    }

    static func read(_ layers: [[String: Any]]) throws -> KerasArchitecture {
        try KerasArchitecture(configJSON: sequential(layers))
    }

    @Test func aSequentialModelReadsItsLayersInOrder() throws {
        let a = try Self.read([Self.layer("GRU", ["name": "g", "units": 5, "return_sequences": true, "reset_after": false]),
                               Self.layer("Dense", ["name": "d", "units": 2, "activation": "softmax"])])
        #expect(a.input == KerasInput(shape: [nil, 3], dtype: "float32"))
        #expect(a.layers.map(\.name) == ["g", "d"])
        #expect(a.layers[0].kind == .recurrent(KerasRecurrent(cell: .gru(resetAfter: false), units: 5, useBias: true,
                                                               returnSequences: true, returnState: false, stateful: false)))
        #expect(a.layers[1].kind == .dense(units: 2, activation: .softmax, useBias: true))
    }

    @Test func kerasDefaultsApplyToOptionsLeftOut() throws {
        let a = try Self.read([Self.layer("GRU", ["name": "g", "units": 5])])
        #expect(a.layers[0].kind == .recurrent(KerasRecurrent(cell: .gru(resetAfter: true), units: 5, useBias: true,
                                                               returnSequences: false, returnState: false, stateful: false)))
    }

    @Test func anActivationWrittenAsAnObjectIsRead() throws {
        let a = try Self.read([Self.layer("Dense", ["name": "d", "units": 2,
                                                    "activation": ["module": "keras.activations", "class_name": "function", "config": "tanh"]])])
        #expect(a.layers[0].kind == .dense(units: 2, activation: .tanh, useBias: true))
    }

    @Test func anActivationTheEngineLacksIsNamed() throws {
        #expect(throws: KerasError.unsupportedOption(layer: "d", className: "Dense", option: "activation", value: "'gelu'",
                                                     supported: "linear, relu, sigmoid, tanh, softmax")) {
            try Self.read([Self.layer("Dense", ["name": "d", "units": 2, "activation": "gelu"])])
        }
    }

    @Test func unitsThatAreNoSizeAreRefusedWithoutTrapping() throws {
        for units: Any in [1e300, -3, 2.5, "four", 0] {
            #expect(throws: KerasError.self) { try Self.read([Self.layer("LSTM", ["name": "l", "units": units])]) }
        }
    }

    @Test func aMissingUnitsOptionIsNamed() throws {
        #expect(throws: KerasError.invalidOption(layer: "l", className: "LSTM", option: "units", reason: "is missing")) {
            try Self.read([Self.layer("LSTM", ["name": "l"])])
        }
    }

    @Test func maskingEmbeddingsAreRefused() throws {
        let ids = Self.layer("InputLayer", ["batch_shape": [NSNull(), NSNull()], "dtype": "int32", "name": "i"])
        let data = try JSONSerialization.data(withJSONObject: ["class_name": "Sequential", "config": ["layers": [
            ids, Self.layer("Embedding", ["name": "e", "input_dim": 5, "output_dim": 2, "mask_zero": true])]]])
        #expect(throws: KerasError.self) { try KerasArchitecture(configJSON: data) }
    }

    @Test func bidirectionalWithoutMergeIsRefused() throws {
        let inner = Self.layer("LSTM", ["name": "f", "units": 2])
        #expect(throws: KerasError.self) {
            try Self.read([Self.layer("Bidirectional", ["name": "b", "layer": inner, "merge_mode": NSNull()])])
        }
    }

    @Test func timeDistributedRecurrentLayersAreNamedAsUnsupported() throws {
        let inner = Self.layer("LSTM", ["name": "inner", "units": 2])
        #expect(throws: KerasError.unsupportedLayer(name: "inner", className: "LSTM inside TimeDistributed",
                                                    supported: ["Dense", "Activation", "ReLU", "Softmax", "Dropout"])) {
            try Self.read([Self.layer("TimeDistributed", ["name": "t", "layer": inner])])
        }
    }

    @Test func goBackwardsIsRefused() throws {
        #expect(throws: KerasError.self) { try Self.read([Self.layer("LSTM", ["name": "l", "units": 2, "go_backwards": true])]) }
    }

    @Test func textThatIsNoJSONIsReportedAsSuch() throws {
        guard case .unreadableConfig(let file, let reason)? = catchError({ try KerasArchitecture(configJSON: Data("{\"class_name\": ".utf8)) }) else {
            Issue.record("no unreadableConfig error"); return
        }
        #expect(file == "config.json")
        #expect(reason.hasPrefix("not valid JSON"))
    }

    @Test func aSubclassedModelIsRefused() throws {
        let data = try JSONSerialization.data(withJSONObject: ["class_name": "MyModel", "config": ["name": "m"]])
        #expect(throws: KerasError.unsupportedModel(reason: "MyModel 'm' lists no layers (a subclassed model keeps its structure in Python code, not in config.json)")) {
            try KerasArchitecture(configJSON: data)
        }
    }

    // MARK: Functional

    static func tensor(_ layer: String, _ index: Int = 0) -> [String: Any] {
        ["class_name": "__keras_tensor__", "config": ["shape": [NSNull(), 3], "dtype": "float32", "keras_history": [layer, 0, index]]]
    }

    static func node(_ layer: [String: Any], _ inputs: [[String: Any]]) -> [String: Any] {
        var l = layer
        l["name"] = (layer["config"] as? [String: Any])?["name"]
        l["inbound_nodes"] = inputs.isEmpty ? [] : [["args": inputs.count == 1 ? inputs : [inputs], "kwargs": [:]]]
        return l
    }

    static func functional(_ layers: [[String: Any]], output: [Any]) throws -> Data {
        let inputLayer = node(layer("InputLayer", ["batch_shape": [NSNull(), NSNull(), 3], "name": "in"]), [])
        return try JSONSerialization.data(withJSONObject: ["class_name": "Functional", "config": [
            "name": "f", "layers": [inputLayer] + layers, "input_layers": ["in", 0, 0], "output_layers": output]])
    }

    @Test func aFunctionalChainHandsOnTheStateItsNextLayerReads() throws {
        let data = try Self.functional([
            Self.node(Self.layer("LSTM", ["name": "l", "units": 4, "return_state": true]), [Self.tensor("in")]),
            Self.node(Self.layer("Dense", ["name": "d", "units": 2]), [Self.tensor("l", 2)]),
        ], output: ["d", 0, 0])
        let a = try KerasArchitecture(configJSON: data)
        #expect(a.layers.map(\.name) == ["l", "d"])
        #expect(a.layers.map(\.outputIndex) == [2, 0])
    }

    @Test func aStateOfALayerWithoutReturnStateIsRefused() throws {
        let data = try Self.functional([
            Self.node(Self.layer("LSTM", ["name": "l", "units": 4]), [Self.tensor("in")]),
            Self.node(Self.layer("Dense", ["name": "d", "units": 2]), [Self.tensor("l", 1)]),
        ], output: ["d", 0, 0])
        #expect(throws: KerasError.unsupportedModel(reason: "the next layer reads output 1 of 'l', which has 1 output")) {
            try KerasArchitecture(configJSON: data)
        }
    }

    @Test func aMergeOfTwoBranchesIsRefusedNamingTheLayer() throws {
        let data = try Self.functional([
            Self.node(Self.layer("LSTM", ["name": "a", "units": 4, "return_sequences": true]), [Self.tensor("in")]),
            Self.node(Self.layer("GRU", ["name": "b", "units": 4, "return_sequences": true]), [Self.tensor("in")]),
            Self.node(Self.layer("Add", ["name": "add"]), [Self.tensor("a"), Self.tensor("b")]),
        ], output: ["add", 0, 0])
        #expect(throws: KerasError.unsupportedModel(reason: "layer 'add' (Add) reads 2 tensors; only chains of single-input layers are supported")) {
            try KerasArchitecture(configJSON: data)
        }
    }

    @Test func twoOutputsAreRefused() throws {
        let data = try Self.functional([
            Self.node(Self.layer("Dense", ["name": "d", "units": 2]), [Self.tensor("in")]),
        ], output: [["d", 0, 0], ["in", 0, 0]])
        #expect(throws: KerasError.unsupportedModel(reason: "the model has 2 outputs; wm nn predict writes one tensor y")) {
            try KerasArchitecture(configJSON: data)
        }
    }

    @Test func aGraphThatLoopsIsRefused() throws {
        let data = try Self.functional([
            Self.node(Self.layer("Dense", ["name": "a", "units": 3]), [Self.tensor("b")]),
            Self.node(Self.layer("Dense", ["name": "b", "units": 3]), [Self.tensor("a")]),
        ], output: ["b", 0, 0])
        #expect(throws: KerasError.self) { try KerasArchitecture(configJSON: data) }
    }
}

/// The error `body` throws, nil when it returns.
func catchError<T>(_ body: () throws -> T) -> KerasError? {
    do { _ = try body(); return nil } catch let e as KerasError { return e } catch { return nil }
}
