import Foundation

/// A rectangle in fractions of the displayed picture (0...1, origin top left).
public struct UnitRect: Sendable, Equatable, Hashable {
    public let x: Double
    public let y: Double
    public let width: Double
    public let height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Intersection over union with another rectangle.
    public func overlap(_ o: UnitRect) -> Double {
        let ix = Swift.max(0, Swift.min(x + width, o.x + o.width) - Swift.max(x, o.x))
        let iy = Swift.max(0, Swift.min(y + height, o.y + o.height) - Swift.max(y, o.y))
        let inter = ix * iy
        let union = width * height + o.width * o.height - inter
        return union > 0 ? inter / union : 0
    }
}

/// A person named in a file's metadata: a tag that identifies someone, with the face region it
/// marks when it has one.
public struct PersonTag: Sendable, Equatable, Hashable {
    public enum Source: String, Sendable, Codable {
        case personInImage = "IPTC PersonInImage"
        case mwgRegion = "MWG face region"
        case microsoftRegion = "Microsoft face region"
        case keyword = "keyword"
    }
    public let name: String
    public let source: Source
    public let area: UnitRect?

    public init(name: String, source: Source, area: UnitRect? = nil) {
        self.name = name
        self.source = source
        self.area = area
    }
}

/// The face regions a file declares (named or not), and the people its tags name.
public struct PeopleInMetadata: Sendable, Equatable {
    /// Every name, from every source. Keywords are only candidates: a rule keeps those that match
    /// the roster.
    public var tags: [PersonTag] = []
    /// Face regions without a name (cameras and phones write them): where faces were seen.
    public var unnamedFaceRegions: [UnitRect] = []

    public init() {}

    /// Reads XMP (IPTC Extension PersonInImage, MWG regions, Microsoft Photo regions, dc:subject)
    /// and IPTC-IIM keywords.
    public init(metadata: MediaMetadata) {
        for block in metadata.xmp { add(xmp: block.properties) }
        for block in metadata.iptc {
            for d in block.datasets where d.record == 2 && d.dataset == 25 && !d.text.isEmpty {
                tags.append(PersonTag(name: d.text, source: .keyword))
            }
        }
    }

    /// Adds what an XMP packet (embedded or a sidecar) says.
    public mutating func add(xmp properties: [XMPProperty]) {
        for p in properties where p.namespace == XMPNamespace.iptcExt && p.name == "PersonInImage" {
            tags.append(PersonTag(name: p.value, source: .personInImage))
        }
        for p in properties where p.namespace == XMPNamespace.dc && p.name == "subject" {
            tags.append(PersonTag(name: p.value, source: .keyword))
        }
        // MWG: mwg-rs:RegionList/li with Name, Type and stArea:x/y (centre), w, h, normalised.
        let mwg = Dictionary(grouping: properties.filter { $0.item != nil && $0.parents.contains("RegionList") }, by: { $0.item ?? 0 })
        for (_, fields) in mwg.sorted(by: { $0.key < $1.key }) {
            func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
            let type = value("Type")?.lowercased()
            guard type == nil || type == "face" else { continue }
            let unit = value("unit")?.lowercased() ?? "normalized"
            guard unit == "normalized", let cx = value("x").flatMap(Double.init), let cy = value("y").flatMap(Double.init),
                let w = value("w").flatMap(Double.init), let h = value("h").flatMap(Double.init), w > 0, h > 0
            else {
                if let name = value("Name"), !name.isEmpty { tags.append(PersonTag(name: name, source: .mwgRegion)) }
                continue
            }
            let area = UnitRect(x: cx - w / 2, y: cy - h / 2, width: w, height: h)
            if let name = value("Name"), !name.isEmpty {
                tags.append(PersonTag(name: name, source: .mwgRegion, area: area))
            } else {
                unnamedFaceRegions.append(area)
            }
        }
        // Microsoft Photo: MPRI:Regions/li with MPReg:PersonDisplayName and Rectangle "x, y, w, h" (top left).
        let microsoft = Dictionary(
            grouping: properties.filter {
                $0.item != nil && $0.namespace.hasPrefix("http://ns.microsoft.com/photo/1.2/") && $0.parents.contains("Regions")
            },
            by: { $0.item ?? 0 })
        for (_, fields) in microsoft.sorted(by: { $0.key < $1.key }) {
            guard let name = fields.first(where: { $0.name == "PersonDisplayName" })?.value, !name.isEmpty else { continue }
            let numbers = (fields.first { $0.name == "Rectangle" }?.value ?? "").split(separator: ",").compactMap {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
            let area =
                numbers.count == 4 && numbers[2] > 0 && numbers[3] > 0
                ? UnitRect(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3]) : nil
            tags.append(PersonTag(name: name, source: .microsoftRegion, area: area))
        }
    }
}
