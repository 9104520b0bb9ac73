import Foundation

/// The repository's `Fixtures/` folder: small real files the tests read (origins and licences in
/// each folder's sources file).
public enum Fixtures {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of `name` under `Fixtures/`.
    public static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}
