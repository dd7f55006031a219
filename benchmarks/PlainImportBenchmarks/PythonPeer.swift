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

    /// What one run of `python3` took: wall-clock and CPU seconds, its start included.
    struct Timing {
        let wall: Double
        let cpu: Double
    }

    /// Runs `script` on `path` with `python3`; nil when there is no python3 on the PATH.
    static func time(_ script: String, on path: String) -> Timing? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let before = childrenCPUSeconds()
        let start = ContinuousClock.now
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        let elapsed = (ContinuousClock.now - start).components
        let wall = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        guard process.terminationStatus == 0 else { return nil }
        return Timing(wall: wall, cpu: childrenCPUSeconds() - before)
    }

    /// What starting `python3` and importing the modules the loops use takes (subtracted from
    /// the loops' figures, so that they count only reading the file).
    static let startScript = "import csv, json, sys"

    private static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
