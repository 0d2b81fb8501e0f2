import Testing
@testable import WorkingMemory

@Suite struct MemoryErrorTests {
    @Test func descriptionSaysWhatWasWrong() {
        #expect(MemoryError.notFound("session 'a'").description == "not found: session 'a'")
    }
}
