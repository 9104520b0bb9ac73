import Foundation
import Testing
import VigieConsent
import VigieMedia

@testable import VigieChecks
@testable import VigieKit

@Suite("Who is in a photo, where it goes")
struct PhotoDescriptionTests {
    @Test func manifestSidecarAndEmbeddedMetadataCombine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-desc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        file,people,context,channel,caption,tags
        *,,event,newsletter,,
        a.jpg,S001;Claire Roy,classroom,website,"Science fair, grade 5",science;S002
        """.write(to: dir.appendingPathComponent("vigie.csv"), atomically: true, encoding: .utf8)
        try """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Alice Martin</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
        <dc:description><rdf:Alt><rdf:li xml:lang="x-default">From the sidecar</rdf:li></rdf:Alt></dc:description>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        """.write(to: dir.appendingPathComponent("b.xmp"), atomically: true, encoding: .utf8)
        let reader = DescriptionReader()
        let metadata = MediaMetadata(format: .jpeg)
        let a = try reader.describe(path: dir.appendingPathComponent("a.jpg").path, metadata: metadata)
        #expect(a.people == ["S001", "Claire Roy"] && a.tags == ["science", "S002"])
        #expect(a.context == .classroom && a.channel == .website && a.caption == "Science fair, grade 5")
        let b = try reader.describe(path: dir.appendingPathComponent("b.jpg").path, metadata: metadata)
        #expect(b.context == .event && b.channel == .newsletter)
        #expect(b.caption == "From the sidecar")
        #expect(b.metadata.tags == [PersonTag(name: "Alice Martin", source: .personInImage)])
    }

    @Test func faceChoicesAreReadAndWrittenBack() throws {
        let manifest = try FolderManifest(csv: "file,faces\na.jpg,\"blur@0.1,0.2,0.3,0.4; IGNORE@0.5, 0.5, 0.25, 0.25\"\n")
        let faces = try #require(manifest.row(for: "a.jpg")?.faces)
        #expect(
            faces == [
                FaceChoice(.blur, area: UnitRect(x: 0.1, y: 0.2, width: 0.3, height: 0.4)),
                FaceChoice(.ignore, area: UnitRect(x: 0.5, y: 0.5, width: 0.25, height: 0.25)),
            ])
        #expect(faces.map(FolderManifest.text(of:)) == ["blur@0.1000,0.2000,0.3000,0.4000", "ignore@0.5000,0.5000,0.2500,0.2500"])
        // The face a choice is about: the detected box that overlaps it (intersection over union 0.3 or more).
        #expect(faces[0].matches(Region(x: 100, y: 200, width: 300, height: 400), width: 1000, height: 1000))
        #expect(!faces[0].matches(Region(x: 600, y: 600, width: 300, height: 400), width: 1000, height: 1000))
        // Dismissed faces leave the identifiable ones and are counted.
        var result = FacesResult()
        result.identifiable = [IdentifiableFace(region: Region(x: 500, y: 500, width: 250, height: 250), score: 0.9)]
        let dismissed = result.dismissing(faces, width: 1000, height: 1000)
        #expect(dismissed.identifiable.isEmpty && dismissed.dismissed == 1 && dismissed.notIdentifiable == 1)
        for bad in ["blur", "smudge@0.1,0.1,0.1,0.1", "blur@0.1,0.1,0.1", "blur@0.1,0.1,1.5,0.1", "blur@0.1,0.1,0,0.1"] {
            #expect(throws: LedgerError(.invalid, "a faces entry is not action@x,y,w,h", line: 2)) {
                try FolderManifest(csv: "file,faces\na.jpg,\"\(bad)\"\n")
            }
        }
    }

    @Test func aBadManifestNamesItsLine() throws {
        #expect(throws: LedgerError(.invalid, "unknown context", line: 3)) {
            try FolderManifest(csv: "file,context\na.jpg,event\nb.jpg,party\n")
        }
        #expect(throws: LedgerError(.invalid, "unknown channel", line: 2)) {
            try FolderManifest(csv: "file,channel\na.jpg,tiktok\n")
        }
    }
}
