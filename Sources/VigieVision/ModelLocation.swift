import Foundation

/// Where the networks' model files are looked for.
public enum ModelLocation {
    /// `$VIGIE_MODEL_DIR/NAME` when that variable is set (the only place looked then); else the first
    /// readable of `~/.local/share/vigie/models/NAME` (where scripts/setup.sh puts it) and
    /// `vigie/models/NAME` in each folder of `$XDG_DATA_DIRS` (default `/usr/local/share:/usr/share`;
    /// the Debian package installs the models in /usr/share). When none is readable, the one in the
    /// home folder, for the error to name.
    public static func path(
        of name: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        isReadable: (String) -> Bool = { FileManager.default.isReadableFile(atPath: $0) }
    ) -> String {
        if let dir = environment["VIGIE_MODEL_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir).appendingPathComponent(name).path
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        let own = URL(fileURLWithPath: home).appendingPathComponent(".local/share/vigie/models/\(name)").path
        let dataDirs = environment["XDG_DATA_DIRS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/share:/usr/share"
        let shared = dataDirs.split(separator: ":").filter { $0.hasPrefix("/") }.map {
            URL(fileURLWithPath: String($0)).appendingPathComponent("vigie/models/\(name)").path
        }
        return ([own] + shared).first(where: isReadable) ?? own
    }
}
