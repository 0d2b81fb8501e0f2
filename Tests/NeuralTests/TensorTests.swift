import Testing
@testable import Neural

@Suite struct TensorTests {
    @Test func rejectsScalarsThatDoNotFitTheShape() {
        #expect(throws: NeuralError.self) { try Tensor(shape: [2, 3], scalars: [1, 2, 3]) }
    }

    @Test func matmulMatchesHandComputedProduct() throws {
        // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]
        let a = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        let b = try Tensor(shape: [2, 2], scalars: [5, 6, 7, 8])
        #expect(try a.matmul(b).scalars == [19, 22, 43, 50])
    }

    @Test func matmulRejectsMismatchedInnerExtents() throws {
        let a = Tensor.zeros([2, 3])
        #expect(throws: NeuralError.self) { try a.matmul(Tensor.zeros([2, 3])) }
    }
}
