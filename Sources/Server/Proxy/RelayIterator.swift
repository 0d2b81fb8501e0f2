import LLM

/// The upstream stream's iterator, handed from the handler (which reads the first chunk to choose the status) to
/// the response body writer (which reads the rest). Only one task uses it at a time, one after the other, which
/// is what makes the unchecked `Sendable` sound. Dropping it ends the stream, which cancels the upstream call.
final class RelayIterator: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<RelayedChunk, any Error>.AsyncIterator

    init(_ stream: AsyncThrowingStream<RelayedChunk, any Error>) { iterator = stream.makeAsyncIterator() }

    func next() async throws -> RelayedChunk? { try await iterator.next() }
}
