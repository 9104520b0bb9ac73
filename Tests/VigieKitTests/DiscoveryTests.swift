import Foundation
import Testing

@testable import VigieKit

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func copy(_ fixture: String, to name: String) throws {
        let dst = path + "/" + name
        try FileManager.default.createDirectory(atPath: (dst as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent(fixture).path, toPath: dst)
    }
    func write(_ text: String, to name: String) throws {
        let dst = path + "/" + name
        try FileManager.default.createDirectory(atPath: (dst as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: dst, atomically: true, encoding: .utf8)
    }
}

@Suite("Discovery")
struct DiscoveryTests {
    func discover(_ folder: TemporaryFolder, hidden: Bool = false) throws -> DiscoveryResult {
        var d = Discovery()
        d.includeHidden = hidden
        d.currentDirectory = folder.path
        return try d.discover([folder.path])
    }

    @Test func contentDecidesNotExtension() throws {
        let t = try TemporaryFolder()
        try t.copy("metadata/no-metadata.png", to: "photo.jpg")  // PNG content, JPEG name
        try t.copy("metadata/no-metadata.jpg", to: "noext")
        try t.write("not an image", to: "fake.jpg")
        try t.write("notes", to: "notes.txt")
        let r = try discover(t)
        #expect(r.candidates.map(\.displayPath) == ["fake.jpg", "noext", "photo.jpg"])
        #expect(r.candidates[0].kind == .unsupported)
        #expect(r.candidates[1].kind == .image(.jpeg))
        #expect(r.candidates[2].kind == .image(.png))
        #expect(r.skipped == 1)
    }

    @Test func hiddenFilesAndFoldersAreSkippedUnlessAsked() throws {
        let t = try TemporaryFolder()
        try t.copy("metadata/no-metadata.jpg", to: ".hidden.jpg")
        try t.copy("metadata/no-metadata.jpg", to: ".cache/a.jpg")
        try t.copy("metadata/no-metadata.jpg", to: "visible/b.jpg")
        #expect(try discover(t).candidates.map(\.displayPath) == ["visible/b.jpg"])
        #expect(try discover(t, hidden: true).candidates.count == 3)
    }

    @Test func vigieIgnoreIsHonoured() throws {
        let t = try TemporaryFolder()
        try t.write("drafts/\n*.png\n!keep.png\n/top-only.jpg\n", to: ".vigieignore")
        for name in ["drafts/a.jpg", "x/drafts/b.jpg", "c.png", "keep.png", "top-only.jpg", "sub/top-only.jpg", "d.jpg"] {
            try t.copy(name.hasSuffix(".png") ? "metadata/no-metadata.png" : "metadata/no-metadata.jpg", to: name)
        }
        #expect(try discover(t).candidates.map(\.displayPath) == ["d.jpg", "keep.png", "sub/top-only.jpg"])
    }

    @Test func symlinksAreNotFollowedOutsideTheRootNorIntoFolders() throws {
        let t = try TemporaryFolder()
        let outside = try TemporaryFolder()
        try outside.copy("metadata/no-metadata.jpg", to: "secret.jpg")
        try t.copy("metadata/no-metadata.jpg", to: "in/a.jpg")
        try FileManager.default.createSymbolicLink(atPath: t.path + "/out.jpg", withDestinationPath: outside.path + "/secret.jpg")
        try FileManager.default.createSymbolicLink(atPath: t.path + "/in/again.jpg", withDestinationPath: t.path + "/in/a.jpg")
        try FileManager.default.createSymbolicLink(atPath: t.path + "/in/loop", withDestinationPath: t.path)
        let r = try discover(t)
        #expect(r.candidates.map(\.displayPath) == ["in/a.jpg"])  // the inside link is the same file
        #expect(r.linksNotFollowed == 2)
    }

    /// Foundation drops names that are not valid UTF-8 from a folder's listing: such a photo would
    /// pass unchecked. It is reported (as a folder, for a folder), and other files are skipped.
    @Test func namesThatAreNotUTF8AreReportedNotDropped() throws {
        let t = try TemporaryFolder()
        let photo = try Data(contentsOf: fixtures.appendingPathComponent("metadata/no-metadata.jpg"))
        func create(_ name: [UInt8], _ data: Data?) {
            let path = Array(t.path.utf8) + [UInt8(ascii: "/")] + name + [0]
            path.withUnsafeBufferPointer { p in
                p.withMemoryRebound(to: CChar.self) { c in
                    if let data {
                        let fd = open(c.baseAddress!, O_WRONLY | O_CREAT, 0o600)
                        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, data.count) }
                        close(fd)
                    } else {
                        mkdir(c.baseAddress!, 0o700)
                    }
                }
            }
        }
        create(Array("photo-".utf8) + [0xFF, 0xFE] + Array(".jpg".utf8), photo)
        create(Array("no-extension-é".utf8) + [0xE9], photo)  // an image by its content
        create(Array("notes-".utf8) + [0xC3] + Array(".txt".utf8), Data("text".utf8))
        create(Array("sortie-".utf8) + [0xE9], nil)
        create(Array(".hidden-".utf8) + [0xFF] + Array(".jpg".utf8), photo)
        let r = try discover(t)
        #expect(r.candidates.map(\.displayPath) == ["no-extension-é\\xE9", "photo-\\xFF\\xFE.jpg", "sortie-\\xE9"])
        for c in r.candidates {
            if case .unreadable(let reason) = c.kind {
                #expect(reason.contains("UTF-8"))
            } else {
                Issue.record("\(c.displayPath) should be unreadable")
            }
        }
        #expect(r.skipped == 1)
    }

    @Test func missingPathIsAUsageError() {
        #expect(throws: MissingPathError.self) { try Discovery().discover(["/nonexistent/vigie/path"]) }
    }

    /// Root reads every file, so this needs another user; as root it is reported as skipped, not
    /// passed (the pipeline tests cover unreadable files by content).
    @Test(.enabled(if: getuid() != 0, "root can read a file whose mode is 0"))
    func unreadableFileIsReportedNotSkipped() throws {
        let t = try TemporaryFolder()
        try t.copy("metadata/no-metadata.jpg", to: "locked.jpg")
        chmod(t.path + "/locked.jpg", 0)
        let r = try discover(t)
        if case .unreadable = r.candidates.first?.kind {} else { Issue.record("expected unreadable") }
    }
}

@Suite("Ignore patterns")
struct IgnoreRuleTests {
    @Test func globSemantics() {
        let rules = IgnoreRules("# comment\n*.tmp\n/build\nlogs/**/debug.jpg\nraw/\n!raw/keep.jpg\na?c.jpg\n[xy].png\n")
        #expect(rules.isIgnored("x/y/z.tmp", isDirectory: false) == true)
        #expect(rules.isIgnored("build", isDirectory: true) == true)
        #expect(rules.isIgnored("sub/build", isDirectory: true) == nil)
        #expect(rules.isIgnored("logs/debug.jpg", isDirectory: false) == true)
        #expect(rules.isIgnored("logs/a/b/debug.jpg", isDirectory: false) == true)
        #expect(rules.isIgnored("raw", isDirectory: true) == true)
        #expect(rules.isIgnored("raw", isDirectory: false) == nil)
        #expect(rules.isIgnored("abc.jpg", isDirectory: false) == true)
        #expect(rules.isIgnored("abbc.jpg", isDirectory: false) == nil)
        #expect(rules.isIgnored("x.png", isDirectory: false) == true)
        #expect(rules.isIgnored("z.png", isDirectory: false) == nil)
    }
}
