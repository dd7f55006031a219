/// Failed and invalid records grouped by error code (SPEC §11 `failures --summary`): what
/// broke, how often, and where to look first.
public struct FailureGroup: Sendable, Hashable {
    /// Where one record of the group is.
    public struct Place: Sendable, Hashable {
        public let source: String
        public let line: Int
    }

    public let code: String
    public private(set) var count: Int
    /// The first record's message (for local errors, SPEC §12.13).
    public let message: String
    /// The first few records, in journal order.
    public private(set) var examples: [Place]

    /// Groups `entries` by code, largest group first (ties: the one seen first); keeps up to
    /// `examples` places per group.
    public static func groups(_ entries: [FailureEntry], examples: Int = 3) -> [FailureGroup] {
        var groups: [FailureGroup] = []
        var index: [String: Int] = [:]
        for entry in entries {
            let code = entry.errorCode ?? entry.status.rawValue
            let place = Place(source: entry.source, line: entry.line)
            if let position = index[code] {
                groups[position].count += 1
                if groups[position].examples.count < examples { groups[position].examples.append(place) }
            } else {
                index[code] = groups.count
                groups.append(FailureGroup(code: code, count: 1, message: entry.errorMessage ?? "", examples: examples > 0 ? [place] : []))
            }
        }
        return groups.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }.map(\.element)
    }
}
