import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One XMP property value: its namespace URI, local name, the names of the structures it sits in
/// (outermost first, without rdf containers), and its text.
public struct XMPProperty: Sendable, Equatable {
    public let namespace: String
    public let name: String
    public let parents: [String]
    public let value: String
    /// The packet-wide number of the nearest enclosing `rdf:li`, so that the fields of one structure
    /// in a list (a face region's name and area) can be put back together; nil outside lists.
    public let item: Int?

    public init(namespace: String, name: String, parents: [String], value: String, item: Int? = nil) {
        self.namespace = namespace
        self.name = name
        self.parents = parents
        self.value = value
        self.item = item
    }
}

/// Well-known XMP namespace URIs.
public enum XMPNamespace {
    public static let exif = "http://ns.adobe.com/exif/1.0/"
    public static let exifEX = "http://cipa.jp/exif/1.0/"
    public static let aux = "http://ns.adobe.com/exif/1.0/aux/"
    public static let tiff = "http://ns.adobe.com/tiff/1.0/"
    public static let photoshop = "http://ns.adobe.com/photoshop/1.0/"
    public static let iptcCore = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
    public static let iptcExt = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    public static let dc = "http://purl.org/dc/elements/1.1/"
    public static let xmp = "http://ns.adobe.com/xap/1.0/"
    public static let xmpMM = "http://ns.adobe.com/xap/1.0/mm/"
    public static let xmpRights = "http://ns.adobe.com/xap/1.0/rights/"
    public static let mwgRegions = "http://www.metadataworkinggroup.com/schemas/regions/"
    public static let microsoftPhoto = "http://ns.microsoft.com/photo/1.2/"
    public static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    public static let xmpNote = "http://ns.adobe.com/xmp/note/"
}

/// Reads the properties of an XMP packet.
public enum XMPReader {
    public static let maxPacketBytes = 16 << 20

    /// Parses `packet`. `complete` is false when the XML was malformed and the properties come (in
    /// part) from a textual scan instead.
    public static func read(_ packet: [UInt8]) -> (properties: [XMPProperty], complete: Bool) {
        guard packet.count <= maxPacketBytes else { return ([], false) }
        // Foundation's XMLParser traps on a name libxml2 passes on that is not valid UTF-8 (found by
        // fuzzing, Fuzz/regressions/xmp): the parser only ever sees valid UTF-8. XMP may be UTF-8,
        // UTF-16 or UTF-32; a packet that is none of them only gets the textual scan.
        guard var bytes = utf8(packet) else { return (scan(String(decoding: packet, as: UTF8.self)), false) }
        // Trailing padding and NULs are common; libxml2 rejects content after the root element.
        while let last = bytes.last, last == 0 || last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { bytes.removeLast() }
        let delegate = Collector()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        if ok { return (delegate.properties, true) }
        var found = delegate.properties
        for p in scan(String(decoding: bytes, as: UTF8.self)) where !found.contains(p) { found.append(p) }
        return (found, false)
    }

    /// The packet as UTF-8 bytes: transcoded when it is valid UTF-16 or UTF-32 (told by its byte order
    /// mark or by its first character, `<`, with its zero bytes; ASCII in UTF-16 is also valid UTF-8),
    /// as it is when it is valid UTF-8; nil otherwise.
    static func utf8(_ packet: [UInt8]) -> [UInt8]? {
        let head = Array(packet.prefix(4)) + [1, 1, 1, 1]
        // Foundation's converters, compiled optimised: the standard library's generic validation,
        // compiled into a debug build, cost a fifth of a second per 24 kB packet (found by fuzzing).
        func text(_ width: Int, bigEndian: Bool) -> String? {
            // Padding NULs after the packet may leave a partial code unit: it is dropped.
            let count = packet.count / width
            guard count > 0, packet[(count * width)...].allSatisfy({ $0 == 0 }) else { return nil }
            let encoding: String.Encoding =
                width == 2 ? (bigEndian ? .utf16BigEndian : .utf16LittleEndian) : (bigEndian ? .utf32BigEndian : .utf32LittleEndian)
            return String(data: Data(packet[..<(count * width)]), encoding: encoding)
        }
        let decoded: String?
        switch (head[0], head[1], head[2], head[3]) {
        case (0, 0, 0xFE, 0xFF), (0, 0, 0, 0x3C): decoded = text(4, bigEndian: true)
        case (0xFF, 0xFE, 0, 0), (0x3C, 0, 0, 0): decoded = text(4, bigEndian: false)
        case (0xFE, 0xFF, _, _), (0, 0x3C, _, _): decoded = text(2, bigEndian: true)
        case (0xFF, 0xFE, _, _), (0x3C, 0, _, _): decoded = text(2, bigEndian: false)
        default: return String(validating: packet, as: UTF8.self) != nil ? packet : nil
        }
        guard var s = decoded else { return nil }
        if s.hasPrefix("\u{FEFF}") { s.removeFirst() }
        return Array(s.utf8)
    }

    /// A forgiving scan for `prefix:Name="value"` and `<prefix:Name>value</prefix:Name>` with the
    /// packet's namespace declarations, used when the XML does not parse.
    ///
    /// Every pattern is linear in the text: names are at most 64 characters and no repetition can run
    /// past the next `<` or `>` (an attribute part written `[^>]*` took 81 s on 256 kB of `<a:b `).
    static func scan(_ text: String) -> [XMPProperty] {
        var prefixes: [String: String] = [:]
        let decl = try? NSRegularExpression(pattern: #"xmlns:([A-Za-z0-9_.-]{1,64})\s{0,64}=\s{0,64}["']([^"'<>]*)["']"#)
        let ns = text as NSString
        for m in decl?.matches(in: text, range: NSRange(location: 0, length: ns.length)) ?? [] {
            prefixes[ns.substring(with: m.range(at: 1))] = ns.substring(with: m.range(at: 2))
        }
        var result: [XMPProperty] = []
        let patterns = [
            #"([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9_.-]{1,64})\s{0,64}=\s{0,64}"([^"<>]*)""#,
            #"<([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9_.-]{1,64})(?:\s[^<>]*)?>([^<>]+)</\1:\2>"#,
        ]
        for pattern in patterns {
            guard let re = try? NSRegularExpression(pattern: pattern) else { continue }
            for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)).prefix(10_000) {
                let prefix = ns.substring(with: m.range(at: 1))
                guard prefix != "xmlns", prefix != "rdf", prefix != "xml", let uri = prefixes[prefix] else { continue }
                let value = ns.substring(with: m.range(at: 3)).trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty else { continue }
                result.append(XMPProperty(namespace: uri, name: ns.substring(with: m.range(at: 2)), parents: [], value: value))
            }
        }
        return result
    }

    private final class Collector: NSObject, XMLParserDelegate {
        struct Open {
            let namespace: String
            let name: String
            var text = ""
            var hasChildElements = false
            var item: Int? = nil
        }
        var stack: [Open] = []
        var items = 0
        /// The nearest enclosing list item.
        var item: Int? { stack.last(where: { $0.item != nil })?.item }
        var properties: [XMPProperty] = []
        let limit = 100_000
        /// XMP nests a few levels (structures in lists in properties); a packet nesting deeper is not
        /// XMP, and every element would cost a walk of the open ones: the parse stops there
        /// (a 1 MB packet of unclosed elements took 16 s before this limit).
        static let maxDepth = 64

        var parents: [String] {
            stack.filter { $0.namespace != XMPNamespace.rdf && $0.name != "xmpmeta" }.map(\.name)
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            guard stack.count < Self.maxDepth else {
                parser.abortParsing()
                return
            }
            if !stack.isEmpty { stack[stack.count - 1].hasChildElements = true }
            let ns = namespaceURI ?? ""
            var open = Open(namespace: ns, name: elementName)
            if ns == XMPNamespace.rdf && elementName == "li" {
                items += 1
                open.item = items
            }
            // Attributes of an rdf:li belong to its item.
            let attributeItem = open.item ?? item
            // Attributes of rdf:Description (and of struct elements) are properties (RDF shorthand).
            // With namespace processing on, their keys keep the prefix; resolve it from known prefixes.
            for (key, value) in attributes where properties.count < limit {
                let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0] != "xmlns", parts[0] != "rdf", parts[0] != "xml" else { continue }
                let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !trimmed.isEmpty else { continue }
                let uri = namespaces[parts[0]] ?? parts[0]
                var p = parents
                if ns != XMPNamespace.rdf { p.append(elementName) }
                properties.append(XMPProperty(namespace: uri, name: parts[1], parents: p, value: trimmed, item: attributeItem))
            }
            stack.append(open)
        }

        var namespaces: [String: String] = [:]
        func parser(_ parser: XMLParser, didStartMappingPrefix prefix: String, toURI namespaceURI: String) {
            namespaces[prefix] = namespaceURI
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty, stack[stack.count - 1].text.utf8.count < 1 << 20 else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            let enclosingItem = item
            guard let open = stack.popLast() else { return }
            let value = open.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !open.hasChildElements, !value.isEmpty, properties.count < limit else { return }
            if open.namespace == XMPNamespace.rdf {
                // rdf:li: the value belongs to the nearest enclosing property.
                guard let owner = stack.last(where: { $0.namespace != XMPNamespace.rdf }) else { return }
                let p = Array(parents.dropLast())
                properties.append(XMPProperty(namespace: owner.namespace, name: owner.name, parents: p, value: value, item: enclosingItem))
            } else {
                properties.append(
                    XMPProperty(namespace: open.namespace, name: open.name, parents: parents, value: value, item: enclosingItem))
            }
        }
    }
}
