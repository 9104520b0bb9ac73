import Foundation
import Testing
import VigieReport
import VigieTestSupport

@testable import VigieKit

/// A file alone on the machine reads its text on another thread while its faces are found.
@Suite("Spare cores")
struct SpareCoresTests {
    struct Failure: Error {}

    @Test func backgroundWorkGivesItsValueOrItsErrorToEveryCaller() throws {
        let value = BackgroundWork { 6 * 7 }
        #expect(try value.result() == 42)
        #expect(try value.result() == 42)
        let failing = BackgroundWork<Int> { throw Failure() }
        #expect(throws: Failure.self) { try failing.result() }
        #expect(throws: Failure.self) { try failing.result() }
    }

    @Test func aCoreIsSpareWhileFewerFilesThanCoresAreInFlight() {
        let counter = FilesInFlight()
        #expect(counter.spareCore)
        /// Tracks `depth` files at once, then reports whether a core is spare.
        func nested(_ depth: Int) -> Bool { depth == 0 ? counter.spareCore : counter.track { nested(depth - 1) } }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(nested(cores - 1))
        #expect(!nested(cores))
        #expect(counter.spareCore)
    }

    /// The same entry whether the text was read alongside the faces or after them.
    @Test func aFileCheckedAloneGivesTheSameEntryAsOneCheckedAmongOthers() throws {
        let candidate = Candidate(path: Fixtures.path("text/contact-paragraph.png"), displayPath: "contact.png", kind: .image(.png))
        let pipeline = Pipeline(options: CheckOptions())
        let alone = pipeline.check(candidate)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        func busy(_ depth: Int) -> Report.Entry {
            depth == 0 ? pipeline.check(candidate) : FilesInFlight.shared.track { busy(depth - 1) }
        }
        let amongOthers = busy(cores)
        #expect(alone.findings == amongOthers.findings)
        #expect(alone.faces == amongOthers.faces)
        #expect(alone.findings.contains { $0.rule == "text.personal-info" })
    }
}
