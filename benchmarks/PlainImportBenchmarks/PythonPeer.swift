import Foundation

/// The scripts a user would write instead (issue 8): bare Python loops that only read the same
/// files, timed in the same run as plain-import.
enum PythonPeer {
    /// Reads every row of a CSV file with `csv.DictReader`.
    static let csvLoop = """
        import csv, sys
        with open(sys.argv[1], newline='', encoding='utf-8') as f:
            for row in csv.DictReader(f): pass
        """

    /// Parses every line of an NDJSON file with `json.loads`.
    static let jsonLoop = """
        import json, sys
        with open(sys.argv[1], encoding='utf-8') as f:
            for line in f:
                if line.strip(): json.loads(line)
        """

    /// The wall-clock seconds `python3` takes to run `script` on `path`, its start included;
    /// nil when there is no python3 on the PATH.
    static func wallSeconds(_ script: String, on path: String) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        let elapsed = (ContinuousClock.now - start).components
        guard process.terminationStatus == 0 else { return nil }
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }

    /// What starting `python3` and importing the modules the loops use takes (subtracted from
    /// the loops' figures, so that they count only reading the file).
    static let startScript = "import csv, json, sys"
}
