import Foundation
import VigieMedia

/// The XMP sidecar `vigie review` writes beside a photo (`photo.jpg.xmp`, which digiKam and Lightroom
/// read too): one MWG face region per face the teacher named, its name the person's ledger id. `vigie
/// check` reads it back through `DescriptionReader`, so the command line and CI see what the teacher
/// decided.
struct Sidecar: Equatable {
    /// A named face: the ledger id and the face's box in fractions of the picture as displayed.
    struct Region: Equatable {
        var person: String
        var area: UnitRect
    }
    var regions: [Region] = []

    /// Marks the sidecars Vigie wrote, which it may rewrite; another program's sidecar is never replaced.
    static let creator = "Vigie review"

    /// The sidecar's path for the photo at `path`.
    static func path(for photo: String) -> String { photo + ".xmp" }

    /// The other name `DescriptionReader` accepts (`photo.xmp`).
    static func otherPath(for photo: String) -> String { (photo as NSString).deletingPathExtension + ".xmp" }

    /// Reads the sidecar of `photo`: empty when there is none; an error when one exists that Vigie
    /// did not write (it could hold anything: Vigie does not rewrite what it cannot read back whole).
    static func load(for photo: String) throws -> Sidecar {
        guard let data = try AtomicFile.read(path(for: photo)) else {
            if FileManager.default.fileExists(atPath: otherPath(for: photo)) {
                throw ReviewWriteError("this photo has a sidecar written by another program; Vigie does not change it")
            }
            return Sidecar()
        }
        let properties = XMPReader.read([UInt8](data)).properties
        guard properties.contains(where: { $0.name == "CreatorTool" && $0.value == creator }) else {
            throw ReviewWriteError("this photo has a sidecar written by another program; Vigie does not change it")
        }
        var people = PeopleInMetadata()
        people.add(xmp: properties)
        return Sidecar(
            regions: people.tags.compactMap { tag in
                guard tag.source == .mwgRegion, let area = tag.area else { return nil }
                return Region(person: tag.name, area: area)
            })
    }

    /// The XMP packet: MWG regions (centre, width and height, normalised), in a Description whose
    /// CreatorTool says Vigie wrote it.
    func packet(width: Int, height: Int) -> String {
        func number(_ v: Double) -> String { String(format: "%.6f", v) }
        let items = regions.map { r in
            """
                  <rdf:li><rdf:Description mwg-rs:Name="\(Self.escaped(r.person))" mwg-rs:Type="Face">
                   <mwg-rs:Area stArea:x="\(number(r.area.x + r.area.width / 2))" stArea:y="\(number(r.area.y + r.area.height / 2))" \
            stArea:w="\(number(r.area.width))" stArea:h="\(number(r.area.height))" stArea:unit="normalized"/>
                  </rdf:Description></rdf:li>
            """
        }
        return """
            <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
                xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
                xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#"
                xmp:CreatorTool="\(Self.creator)">
               <mwg-rs:Regions rdf:parseType="Resource">
                <mwg-rs:AppliedToDimensions stDim:w="\(width)" stDim:h="\(height)" stDim:unit="pixel"/>
                <mwg-rs:RegionList>
                 <rdf:Bag>
            \(items.joined(separator: "\n"))
                 </rdf:Bag>
                </mwg-rs:RegionList>
               </mwg-rs:Regions>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>

            """
    }

    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;"
        )
        .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
