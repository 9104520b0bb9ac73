import Foundation
import Testing

@testable import VigieMedia

@Suite("People named in metadata")
struct PersonTagsTests {
    @Test func unnamedFaceRegionsOfARealPhone() throws {
        let bytes = try fixtureBytes("metadata/face-regions.webp")
        let metadata = try MetadataReader.read(ByteReader(bytes), format: .webp)
        let people = PeopleInMetadata(metadata: metadata)
        #expect(people.tags.filter { $0.source != .keyword }.isEmpty)
        #expect(people.unnamedFaceRegions.count == 2)
        let first = try #require(people.unnamedFaceRegions.first)
        // stArea x, y are the centre: 0.4487 - 0.0314 / 2.
        #expect(abs(first.x - (0.44866666666666666 - 0.031428571428571417 / 2)) < 1e-9)
        #expect(abs(first.height - 0.041) < 1e-9)
    }

    @Test func namedRegionsPersonInImageAndKeywords() {
        let packet = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
              xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
              xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:MP="http://ns.microsoft.com/photo/1.2/"
              xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#" xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#">
             <mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>
               <rdf:li><rdf:Description mwg-rs:Name="Alice Martin" mwg-rs:Type="Face">
                 <mwg-rs:Area stArea:x="0.5" stArea:y="0.4" stArea:w="0.2" stArea:h="0.3" stArea:unit="normalized"/>
               </rdf:Description></rdf:li>
               <rdf:li><rdf:Description mwg-rs:Name="Pet" mwg-rs:Type="Pet">
                 <mwg-rs:Area stArea:x="0.1" stArea:y="0.1" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/>
               </rdf:Description></rdf:li>
             </rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>
             <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Benoît Tremblay</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
             <dc:subject><rdf:Bag><rdf:li>field trip</rdf:li><rdf:li>Claire Roy</rdf:li></rdf:Bag></dc:subject>
             <MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag>
               <rdf:li MPReg:PersonDisplayName="Dan Smith" MPReg:Rectangle="0.1, 0.2, 0.3, 0.4"/>
             </rdf:Bag></MPRI:Regions></MP:RegionInfo>
            </rdf:Description></rdf:RDF></x:xmpmeta>
            """
        var people = PeopleInMetadata()
        people.add(xmp: XMPReader.read(Array(packet.utf8)).properties)
        let byName = Dictionary(people.tags.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["Alice Martin"]?.source == .mwgRegion)
        #expect(byName["Alice Martin"]?.area == UnitRect(x: 0.4, y: 0.25, width: 0.2, height: 0.3))
        #expect(byName["Pet"] == nil)
        #expect(byName["Benoît Tremblay"]?.source == .personInImage)
        #expect(byName["Claire Roy"]?.source == .keyword && byName["field trip"]?.source == .keyword)
        #expect(byName["Dan Smith"]?.source == .microsoftRegion)
        #expect(byName["Dan Smith"]?.area == UnitRect(x: 0.1, y: 0.2, width: 0.3, height: 0.4))
        #expect(UnitRect(x: 0, y: 0, width: 1, height: 1).overlap(UnitRect(x: 0, y: 0, width: 0.5, height: 1)) == 0.5)
    }
}
