import Foundation

/// The scripts a user would write instead (issue 8): bare Python loops that only read the same
/// files, timed in CPU seconds in the same run as plain-import.
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

    /// The CPU seconds `python3` spends running `script` on `path` (its start included); nil
    /// when there is no python3 on the PATH.
    static func cpuSeconds(_ script: String, on path: String) -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let before = childrenCPUSeconds()
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return childrenCPUSeconds() - before
    }

    private static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
