import CHunspell
import Foundation
import VigieMedia

/// The one owner of the Hunspell handles for English and French (Debian's hunspell-en-us and
/// hunspell-fr dictionaries). Not thread-safe: borrow one per worker from a `HandlePool`.
public final class SpellChecker {
    private let handles: [OpaquePointer]

    public static let dictionaryFolder = "/usr/share/hunspell"
    public static let languages = ["en_US", "fr_FR"]

    /// Opens every dictionary; throws when one is missing (a broken install: the caption rule would
    /// otherwise pass everything).
    public init(folder: String = SpellChecker.dictionaryFolder) throws {
        var handles: [OpaquePointer] = []
        for language in Self.languages {
            let aff = folder + "/" + language + ".aff", dic = folder + "/" + language + ".dic"
            guard FileManager.default.fileExists(atPath: aff), FileManager.default.fileExists(atPath: dic),
                let h = Hunspell_create(aff, dic)
            else {
                for h in handles { Hunspell_destroy(h) }
                throw MediaError(.unreadable, "the \(language) spelling dictionary is missing (scripts/setup.sh installs it)")
            }
            handles.append(h)
        }
        self.handles = handles
    }

    deinit { for h in handles { Hunspell_destroy(h) } }

    /// True when any of the languages knows the word.
    public func knows(_ word: String) -> Bool {
        handles.contains { Hunspell_spell($0, word) != 0 }
    }

    /// Words of `text` no dictionary knows. Left alone: words with a capital (names, acronyms),
    /// digits, addresses and handles, and words shorter than three letters.
    public func unknownWords(in text: String) -> [String] {
        var out: [String] = []
        for raw in text.split(whereSeparator: { $0.isWhitespace }) {
            if raw.contains(where: { "@#/:".contains($0) }) { continue }
            let word = raw.trimmingCharacters(in: CharacterSet.letters.inverted)
            guard word.count >= 3, word.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "’" || $0 == "-" }),
                !word.contains(where: { $0.isUppercase })
            else { continue }
            let normalised = word.replacingOccurrences(of: "’", with: "'")
            if !knows(normalised) { out.append(word) }
        }
        return out
    }
}
