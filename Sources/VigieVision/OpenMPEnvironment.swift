import Foundation

/// Tesseract parallelises with OpenMP, which is 3 to 5 times slower in total when every engine uses
/// every core; Vigie parallelises across images instead. libgomp reads `OMP_THREAD_LIMIT` once, before
/// `main`, so setting it later does nothing: an executable that runs OCR calls
/// `OpenMPEnvironment.limitToOneThread()` first thing, and re-executes itself once with the variable set.
public enum OpenMPEnvironment {
    /// Set in the re-executed process so a failed re-execution can never loop.
    static let marker = "VIGIE_OMP_REEXEC"

    /// Re-executes the running program (same arguments, same open files) with `OMP_THREAD_LIMIT=1`
    /// when the variable is not set; returns when it is already set (by the user or a first
    /// re-execution) or when re-execution is impossible (OCR is then only slower).
    public static func limitToOneThread() {
        let env = ProcessInfo.processInfo.environment
        guard env["OMP_THREAD_LIMIT"] == nil, env[marker] == nil else { return }
        setenv("OMP_THREAD_LIMIT", "1", 1)
        setenv(marker, "1", 1)
        let arguments = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        // /proc/self/exe is this very program, whatever argv[0] says. On success execv does not return.
        _ = execv("/proc/self/exe", argv)
        for p in argv { free(p) }
    }
}
