import Foundation
import Testing

@testable import VigieKit

/// The executable's GNU build ID, read in memory, names the build in the detection cache's identity.
@Suite("Build ID")
struct BuildIDTests {
    /// The same ID as binutils reads from the file of the running test program.
    @Test func theRunningProgramsIDIsTheOneInItsFile() throws {
        let id = try #require(BuildID.ofExecutable())
        #expect(id.count >= 16 && id.allSatisfy(\.isHexDigit))
        let readelf = Process()
        readelf.executableURL = URL(fileURLWithPath: "/usr/bin/readelf")
        readelf.arguments = ["-n", "/proc/\(getpid())/exe"]
        let out = Pipe()
        readelf.standardOutput = out
        try readelf.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        readelf.waitUntilExit()
        #expect(text.contains("Build ID: \(id)"), "\(text)")
        #expect(BuildID.ofExecutable() == id)
    }

    /// Notes are parsed within their segment: other notes are skipped, a size that runs past the end
    /// is refused, a build ID note of another owner is not taken.
    @Test func notesAreParsedWithinTheirSegment() {
        func note(_ name: String, type: UInt32, _ descriptor: [UInt8], alignment: Int = 4) -> [UInt8] {
            func padded(_ b: [UInt8]) -> [UInt8] { b + [UInt8](repeating: 0, count: (alignment - b.count % alignment) % alignment) }
            let nameBytes = Array(name.utf8) + [0]
            var header: [UInt8] = []
            for v in [UInt32(nameBytes.count), UInt32(descriptor.count), type] { withUnsafeBytes(of: v.littleEndian) { header += $0 } }
            return header + padded(nameBytes) + padded(descriptor)
        }
        let id: [UInt8] = Array(1...20)
        let property = note("GNU", type: 5, [1, 2, 3, 4, 5, 6, 7, 8], alignment: 8)
        for (bytes, alignment, want) in [
            (note("GNU", type: 3, id), 4, id),
            (note("GNU", type: 1, [0, 0, 0, 0, 3, 2, 0, 0]) + note("GNU", type: 3, id), 4, id),
            (property + note("GNU", type: 3, id, alignment: 8), 8, id),
            (note("XYZ", type: 3, id), 4, nil),
            (Array(note("GNU", type: 3, id).prefix(30)), 4, nil),
            ([0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0, 3, 0, 0, 0], 4, nil),
            ([], 4, nil),
        ] as [([UInt8], Int, [UInt8]?)] {
            let found = bytes.withUnsafeBytes { BuildID.buildID(notes: $0, alignment: alignment) }
            #expect(found == want)
        }
    }
}
