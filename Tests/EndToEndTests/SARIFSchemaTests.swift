import Foundation
import Testing

/// The official SARIF 2.1.0 schema, vendored (origin and licence in Schemas/README.md).
let sarifSchema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Schemas/sarif-schema-2.1.0.json")

/// Validates the JSON file `document` against the SARIF schema with Python's jsonschema (Debian's
/// python3-jsonschema, installed by scripts/setup.sh). Returns the validator's complaints, empty when valid.
func sarifSchemaErrors(_ document: URL) throws -> [String] {
    let script = """
        import json, sys
        import jsonschema
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        doc = json.load(open(sys.argv[2], encoding="utf-8"))
        # No check_schema: the official schema's language pattern "^(?i)..." is valid ECMA-262 but not
        # a Python regex; it is only compiled if a document has a language, which Vigie's does not.
        validator = jsonschema.validators.validator_for(schema)
        errors = sorted(validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            print("/".join(str(p) for p in e.absolute_path) + ": " + e.message[:200])
        sys.exit(1 if errors else 0)
        """
    // Debian's python3 first: scripts/setup.sh installs python3-jsonschema for it.
    let debian = "/usr/bin/python3"
    guard let python = FileManager.default.isExecutableFile(atPath: debian) ? debian : executable(["python3"]) else {
        Issue.record("python3 is not installed: run scripts/setup.sh")
        return ["no python3"]
    }
    let r = try runTool(python, ["-c", script, sarifSchema.path, document.path])
    if r.stderr.contains("ModuleNotFoundError") {
        Issue.record("python3-jsonschema is not installed: run scripts/setup.sh")
        return ["no jsonschema"]
    }
    #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
    let complaints = r.stdout.split(separator: "\n").map(String.init)
    return r.status == 0 ? [] : (complaints.isEmpty ? [r.stderr] : complaints)
}

@Suite("SARIF output against the SARIF 2.1.0 schema")
struct SARIFSchemaTests {
    @Test func outputIsValid() throws {
        let dir = try temporaryDirectory("vigie-sarif")
        defer { try? FileManager.default.removeItem(at: dir) }
        let inputs =
            goldenInputs + [
                "Fixtures/metadata/gps-exif.jpg", "Fixtures/malformed/truncated-with-gps.jpg", "Fixtures/faces/three-faces.jpg",
            ]
        for language in ["en", "fr"] {
            let out = dir.appendingPathComponent("vigie-\(language).sarif")
            // An absolute path too: its artifact location is a file: URI.
            let r = try run(
                ["check", "--format", "sarif", "-o", out.path, "--lang", language, "--no-progress"] + inputs + [
                    root.appendingPathComponent("Fixtures/metadata/gps-exif.jpg").path
                ])
            #expect(r.status == 1, "\(r.stderr)")
            let errors = try sarifSchemaErrors(out)
            #expect(errors.isEmpty, "SARIF (\(language)) is not valid: \(errors.prefix(10))")
        }
    }

    @Test func theValidatorRejectsInvalidSARIF() throws {
        // The check can fail: a result with a level SARIF does not know, and a log without runs.
        let dir = try temporaryDirectory("vigie-sarif")
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.sarif")
        try #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"vigie"}},"results":[{"message":{"text":"x"},"level":"fatal"}]}]}"#
            .write(to: bad, atomically: true, encoding: .utf8)
        #expect(try sarifSchemaErrors(bad).contains { $0.contains("level") || $0.contains("fatal") })
        try #"{"version":"2.1.0"}"#.write(to: bad, atomically: true, encoding: .utf8)
        #expect(!(try sarifSchemaErrors(bad)).isEmpty)
    }
}
