import Foundation

/// Escaping shared by the markup reports (JUnit XML and HTML): the same rules serve element text and
/// quoted attribute values. File names and messages are hostile input; every string from outside
/// goes through here.
public enum Markup {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(ch)
            default:
                // XML 1.0 forbids other control characters, even escaped (HTML calls them errors).
                if ch.value < 0x20 || (0xFFFE...0xFFFF).contains(ch.value) { out += "\u{FFFD}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}
