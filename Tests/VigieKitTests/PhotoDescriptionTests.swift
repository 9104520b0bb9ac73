import Foundation
import Testing
import VigieConsent
import VigieMedia

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

    @Test func aBadManifestNamesItsLine() throws {
        #expect(throws: LedgerError(.invalid, "unknown context", line: 3)) {
            try FolderManifest(csv: "file,context\na.jpg,event\nb.jpg,party\n")
        }
        #expect(throws: LedgerError(.invalid, "unknown channel", line: 2)) {
            try FolderManifest(csv: "file,channel\na.jpg,tiktok\n")
        }
    }
}
