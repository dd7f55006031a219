/// One record's new state, written in a batch.
public struct RecordUpdate: Sendable {
    public var sourceId: Int64
    public var offset: Int64
    public var line: Int
    public var externalId: String?
    public var status: RecordStatus
    public var plainId: String?
    /// Error code, message, fields (JSON) and request id, for failed and invalid records.
    public var errorCode: String?
    public var errorMessage: String?
    public var errorFields: String?
    public var requestId: String?
    /// The record as read (JSON), kept for failed and invalid records.
    public var record: String?
    /// Customer or thread event.
    public var kind: EventKind?
    /// The journal key of a customer event's customer (`CustomerIdentifier.journalKey`).
    public var customer: String?
    /// Plain's id of the customer or thread the event landed on, when known.
    public var parentId: String?
    /// The checksum of the source's bytes up to the record's end as read (SPEC §13.3).
    public var checksum: PrefixChecksum?

    /// An update of the record at `offset` of `sourceId`; unset error fields clear the record's error.
    public init(
        sourceId: Int64,
        offset: Int64,
        line: Int,
        externalId: String?,
        status: RecordStatus,
        plainId: String? = nil,
        errorCode: String? = nil,
        errorMessage: String? = nil,
        errorFields: String? = nil,
        requestId: String? = nil,
        record: String? = nil,
        checksum: PrefixChecksum? = nil
    ) {
        self.sourceId = sourceId
        self.offset = offset
        self.line = line
        self.externalId = externalId
        self.status = status
        self.plainId = plainId
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.errorFields = errorFields
        self.requestId = requestId
        self.record = record
        self.checksum = checksum
    }
}

extension RecordUpdate {
    /// The journal's one merge rule: the columns a later state of a record leaves as they were
    /// when it does not set them; every other column takes the later state's value. `merged(over:)`
    /// applies it in Swift, and the journal's SQL upsert is written from this list.
    static let keptWhenUnset: [KeptColumn] = [
        .kept("plainId", \.plainId), .kept("record", \.record), .kept("kind", \.kind),
        .kept("customer", \.customer), .kept("parentId", \.parentId), .kept("checksum", \.checksum),
    ]

    /// A column the merge rule keeps when a later state leaves it unset: its name in SQL, and how
    /// a later state takes the earlier one's value in Swift (both from the one list above).
    struct KeptColumn: Sendable {
        let name: String
        let keep: @Sendable (inout RecordUpdate, RecordUpdate) -> Void

        static func kept<Value: Sendable>(_ name: String, _ path: any WritableKeyPath<RecordUpdate, Value?> & Sendable) -> KeptColumn {
            KeptColumn(name: name) { later, earlier in
                if later[keyPath: path] == nil { later[keyPath: path] = earlier[keyPath: path] }
            }
        }
    }

    /// This state written over `previous`, by the merge rule (`keptWhenUnset`).
    func merged(over previous: RecordUpdate) -> RecordUpdate {
        var merged = self
        for column in Self.keptWhenUnset { column.keep(&merged, previous) }
        return merged
    }

    /// The SQL `SET` list of the upsert: `excluded` values, or the row's own for `keptWhenUnset`.
    static func upsertAssignments(_ columns: [String]) -> String {
        columns.map { column in
            keptWhenUnset.contains { $0.name == column } ? "\(column) = coalesce(excluded.\(column), \(column))" : "\(column) = excluded.\(column)"
        }.joined(separator: ", ")
    }

    /// The updates with each record's successive states in the batch folded into its last one,
    /// in the order of their last states: writing them gives the rows that writing every update
    /// in turn gives (a later state replaces an earlier one, except the columns the journal
    /// keeps when a later state leaves them unset). A record sent and answered between two
    /// commits is then written once, not twice.
    static func folded(_ updates: [RecordUpdate]) -> [RecordUpdate] {
        struct Key: Hashable {
            let sourceId: Int64
            let offset: Int64
        }
        var last: [Key: Int] = [:]
        last.reserveCapacity(updates.count)
        var folded: [RecordUpdate?] = []
        folded.reserveCapacity(updates.count)
        for update in updates {
            let key = Key(sourceId: update.sourceId, offset: update.offset)
            var merged = update
            if let earlier = last[key], let previous = folded[earlier] {
                merged = update.merged(over: previous)
                folded[earlier] = nil
            }
            last[key] = folded.count
            folded.append(merged)
        }
        return folded.compactMap { $0 }
    }
}
