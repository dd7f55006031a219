/// A CSV row's cells: valid UTF-8, stored one after another in one buffer, so that reading a
/// row costs two allocations however many cells it has.
public struct CSVRow: Sendable, Hashable {
    /// Every cell's bytes, in column order, with nothing between them.
    public let bytes: [UInt8]
    /// Where each cell ends in `bytes`.
    let ends: [Int]

    /// A row of these cells.
    public init(cells: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(cells.count)
        for cell in cells {
            bytes.append(contentsOf: cell.utf8)
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    /// A row from bytes already checked to be UTF-8 and the end of each cell in them.
    init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        self.ends = ends
    }

    /// The number of cells.
    public var count: Int { ends.count }

    /// Where the cell at `position` lies in `bytes`.
    func range(of position: Int) -> Range<Int> {
        (position == 0 ? 0 : ends[position - 1])..<ends[position]
    }

    /// The text of the cell at `position` (which must be below `count`).
    public subscript(position: Int) -> String {
        String(decoding: bytes[range(of: position)], as: UTF8.self)
    }

    /// Every cell's text, in column order.
    public var cells: [String] { (0..<count).map { self[$0] } }
}
