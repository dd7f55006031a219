/// Column name to position, built once per CSV source. The first of repeated names wins.
public struct ColumnIndex: Sendable {
    public let names: [String]
    private let positions: [String: Int]

    /// The positions of the columns `names`, in order.
    public init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where positions[name] == nil { positions[name] = position }
        self.positions = positions
    }

    /// The position of the column `name`, or nil when the header has none.
    public func position(of name: String) -> Int? { positions[name] }
}
