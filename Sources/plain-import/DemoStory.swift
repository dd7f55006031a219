import PlainImport

/// What the demo's steps came to, against what the story expects of each: the demo exits 0
/// when every step went as expected, a failure shown on purpose included.
struct DemoStory {
    /// Each import's `--json` summary, with a title.
    private(set) var runs: [JSONValue] = []
    private var unexpected: [ExitStatus] = []

    /// Notes a step that ended with `status` where the story expects `expected`.
    mutating func expect(_ status: ExitStatus, _ expected: ExitStatus) {
        if status != expected { unexpected.append(status == .complete ? .someRecordsUnsettled : status) }
    }

    /// Notes an import step and keeps its summary.
    mutating func record(_ title: String, _ outcome: (ExitStatus, JSONValue), expected: ExitStatus) {
        expect(outcome.0, expected)
        var run = JSONObject(["title": .string(title)])
        for member in outcome.1.objectValue ?? JSONObject() { run[member.key] = member.value }
        runs.append(.object(run))
    }

    /// 0 when everything went as expected; else the most serious unexpected status.
    var status: ExitStatus { unexpected.max { $0.rawValue < $1.rawValue } ?? .complete }
}
