import Foundation
import Testing
import VigieMedia
import VigieVision

@Suite("Spelling")
struct SpellCheckerTests {
    @Test func englishAndFrenchWordsAreKnownAndTyposAreNot() throws {
        let speller = try SpellChecker()
        #expect(speller.unknownWords(in: "Our students visited the science museum.").isEmpty)
        #expect(speller.unknownWords(in: "Nos élèves ont visité le musée des sciences, c'était génial !").isEmpty)
        #expect(speller.unknownWords(in: "Our studnets visitted the musuem") == ["studnets", "visitted", "musuem"])
        // Names, acronyms, numbers, handles and addresses are left alone.
        #expect(speller.unknownWords(in: "Bravo Xochitl and the STEM club! #fierte @ecole 2026 www.ecole.qc.ca").isEmpty)
    }

    @Test func aMissingDictionaryIsAnError() {
        #expect(throws: MediaError.self) { try SpellChecker(folder: "/nonexistent") }
    }
}
