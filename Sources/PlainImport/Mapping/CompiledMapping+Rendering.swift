import Foundation

/// How a `CompiledMapping` runs over one record.
extension CompiledMapping {
    /// A record as the program reads it.
    enum Record {
        case row(CSVRow)
        case object(JSONObject)
    }

    /// What a record the mapping accepts renders to.
    struct Rendered {
        /// The input object's JSON, without `externalId` (empty when only the verdict was wanted).
        var input: [UInt8]
        /// The mapping's externalId, when it has one and it renders non-empty.
        var externalId: String?
        var prerequisite: Prerequisite?
        /// The customer the input names (customer events; written only when writing).
        var customer: CustomerIdentifier?
        /// The thread the input names by Plain's id (`threadId:` mappings; written only when writing).
        var threadId: String?
        /// The record does not meet the `where:` conditions: nothing else was rendered.
        var filtered = false
    }

    /// A field that cannot be rendered: required and missing, or a filter that cannot apply
    /// (`reason`); `field` is its index in `fieldNames`.
    struct Missing: Error {
        let field: Int
        var reason: String?
    }

    /// Where a component sits in the mapping, for messages: built into text only for a problem.
    struct Place {
        let index: Int
        var row: (part: String, index: Int)?

        var description: String {
            guard let row else { return "components[\(index)]" }
            return "components[\(index)].row.\(row.part)[\(row.index)]"
        }

        func inRow(_ part: String, _ position: Int) -> Place { Place(index: index, row: (part, position)) }
    }

    /// The program's buffers and the record, read through pointers while a record is rendered.
    struct Buffers {
        let literals: UnsafeBufferPointer<UInt8>
        let pieces: UnsafeBufferPointer<Piece>
        let parts: UnsafeBufferPointer<Part>
        let fieldNames: UnsafeBufferPointer<String>
        let steps: UnsafeBufferPointer<FilterStep>
        let row: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<Int>
        let object: JSONObject?
        let zoneInstants: UnsafeBufferPointer<Int64>
        let zoneOffsets: UnsafeBufferPointer<Int>
        /// False when only the verdict is wanted: the JSON is then not written.
        let writing: Bool

        func literal(_ span: Span) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: literals[span.range]) }

        /// Appends the template at `span` rendered for the record: literals as written, fields'
        /// values verbatim, a missing optional field as nothing.
        @inline(__always)
        func render(_ span: Span, into output: inout [UInt8]) throws(Missing) {
            for index in span.range {
                switch pieces[index] {
                case .literal(let bytes):
                    output.append(contentsOf: literal(bytes))
                case .column(let position, let field, let optional, let filters):
                    let cell: UnsafeBufferPointer<UInt8>? =
                        position < ends.count
                        ? UnsafeBufferPointer(rebasing: row[(position == 0 ? 0 : ends[position - 1])..<ends[position]]) : nil
                    if filters.count == 0, let cell {
                        output.append(contentsOf: cell)
                        continue
                    }
                    try append(cell.map(Array.init) ?? [], present: cell != nil, field, optional, filters, into: &output)
                case .path(let field, let optional, let filters):
                    let text = object.flatMap { JSONFieldPath.text(at: fieldNames[field], in: $0) }
                    try append(text.map { Array($0.utf8) } ?? [], present: text != nil, field, optional, filters, into: &output)
                case .absent(let field, let optional, let filters):
                    try append([], present: false, field, optional, filters, into: &output)
                }
            }
        }

        /// Appends a field's UTF-8 value (`present` false: missing) after its filters.
        private func append(
            _ value: [UInt8],
            present: Bool,
            _ field: Int,
            _ optional: Bool,
            _ filters: Span,
            into output: inout [UInt8]
        ) throws(Missing) {
            var value = value
            var present = present
            for index in filters.range {
                do { try steps[index].apply(to: &value, present: &present) } catch { throw Missing(field: field, reason: error.message) }
            }
            guard present else {
                if optional { return }
                throw Missing(field: field)
            }
            output.append(contentsOf: value)
        }
    }

    /// The record rendered (its JSON written only when `writing`), or its first problem.
    func rendered(_ record: Record, writing: Bool) throws(InputProblem) -> Rendered {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var object: JSONObject?
        switch record {
        case .row(let row):
            guard let columnCount else { throw InputProblem(field: nil, message: "a CSV row reached a mapping compiled for JSON records") }
            guard row.count == columnCount else {
                throw InputProblem(field: nil, message: "the row has \(row.count) fields; the header has \(columnCount)")
            }
            bytes = row.bytes
            ends = row.ends
        case .object(let value):
            object = value
        }
        if case .unmapped(let field) = subject { throw InputProblem(field: field, message: "is not mapped") }
        var output: [UInt8] = []
        if writing { output.reserveCapacity(bytes.count * 2 + 256) }
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        var result = Rendered(input: [])
        try literals.withUnsafeBufferPointer { literals throws(InputProblem) in
            try pieces.withUnsafeBufferPointer { pieces throws(InputProblem) in
                try parts.withUnsafeBufferPointer { parts throws(InputProblem) in
                    try fieldNames.withUnsafeBufferPointer { fieldNames throws(InputProblem) in
                        try steps.withUnsafeBufferPointer { steps throws(InputProblem) in
                            try bytes.withUnsafeBufferPointer { bytes throws(InputProblem) in
                                try ends.withUnsafeBufferPointer { ends throws(InputProblem) in
                                    try zoneInstants.withUnsafeBufferPointer { zoneInstants throws(InputProblem) in
                                        try zoneOffsets.withUnsafeBufferPointer { zoneOffsets throws(InputProblem) in
                                            let buffers = Buffers(
                                                literals: literals,
                                                pieces: pieces,
                                                parts: parts,
                                                fieldNames: fieldNames,
                                                steps: steps,
                                                row: bytes,
                                                ends: ends,
                                                object: object,
                                                zoneInstants: zoneInstants,
                                                zoneOffsets: zoneOffsets,
                                                writing: writing
                                            )
                                            result = try render(buffers, &output, &scratch)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        result.input = output
        return result
    }

    /// A missing field as the problem it is: named by the template, with the hint to write
    /// `{{name?}}` unless the field must not go missing quietly (`timestamp:`).
    private func missing(_ error: Missing, _ buffers: Buffers, hint: Bool = true) -> InputProblem {
        let name = buffers.fieldNames[error.field]
        if let reason = error.reason { return InputProblem(field: name, message: reason) }
        return InputProblem(field: name, message: hint ? "is missing (use {{\(name)?}} if it may be)" : "is missing")
    }

    /// Renders the template at `span` into `scratch` (cleared first).
    private func render(_ span: Span, _ buffers: Buffers, _ scratch: inout [UInt8], hint: Bool = true) throws(InputProblem) {
        scratch.removeAll(keepingCapacity: true)
        do { try buffers.render(span, into: &scratch) } catch { throw missing(error, buffers, hint: hint) }
    }

    /// Renders a template that must not render empty into `scratch`; `field` and `template`
    /// name the problem when it does.
    private func required(
        _ span: Span,
        _ buffers: Buffers,
        _ scratch: inout [UInt8],
        field: @autoclosure () -> String,
        template: @autoclosure () -> Template?
    ) throws(InputProblem) {
        try render(span, buffers, &scratch)
        guard scratch.isEmpty else { return }
        throw InputProblem(field: field(), message: "renders empty (\(template().map(\.description) ?? ""))")
    }

    /// The template at `span` rendered as text, nil for no span.
    private func text(_ span: Span?, _ buffers: Buffers, _ scratch: inout [UInt8]) throws(InputProblem) -> String? {
        guard let span else { return nil }
        try render(span, buffers, &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    private func render(_ buffers: Buffers, _ output: inout [UInt8], _ scratch: inout [UInt8]) throws(InputProblem) -> Rendered {
        var result = Rendered(input: [])
        for condition in conditions {
            try render(condition.value, buffers, &scratch)
            let kept = condition.values.contains(scratch) != condition.negated
            if !kept {
                result.filtered = true
                return result
            }
        }
        if buffers.writing { output.append(contentsOf: buffers.literal(head)) }
        switch subject {
        case .customer(let key, let span, let upsert):
            try required(span, buffers, &scratch, field: "customer.\(key.rawValue)", template: mapping.customer?.template)
            if key == .emailAddress { try Self.checkEmail(scratch, field: "customer.\(key.rawValue)") }
            if buffers.writing {
                JSONWriter.appendString(scratch, to: &output)
                result.customer = CustomerIdentifier(key: key, value: String(decoding: scratch, as: UTF8.self))
            }
            if let upsert {
                let identifier = result.customer ?? CustomerIdentifier(key: key, value: String(decoding: scratch, as: UTF8.self))
                result.prerequisite = .customer(identifier, upsert: try upsertInput(upsert, identifier, buffers, &scratch))
            }
        case .threadId(let span):
            try required(span, buffers, &scratch, field: "threadId", template: mapping.threadId)
            if buffers.writing {
                JSONWriter.appendString(scratch, to: &output)
                result.threadId = String(decoding: scratch, as: UTF8.self)
            }
        case .threadReference(let key, let customerSpan, let externalIdSpan):
            try required(
                customerSpan,
                buffers,
                &scratch,
                field: "thread.customer.\(key.rawValue)",
                template: mapping.thread?.customer.template
            )
            if key == .emailAddress { try Self.checkEmail(scratch, field: "thread.customer.\(key.rawValue)") }
            let customer = CustomerIdentifier(key: key, value: String(decoding: scratch, as: UTF8.self))
            try required(externalIdSpan, buffers, &scratch, field: "thread.externalId", template: mapping.thread?.externalId)
            result.prerequisite = .thread(customer: customer, externalId: String(decoding: scratch, as: UTF8.self))
        case .unmapped(let field):
            throw InputProblem(field: field, message: "is not mapped")
        }

        if buffers.writing { output.append(contentsOf: buffers.literal(titleKey)) }
        try required(title, buffers, &scratch, field: "title", template: mapping.title)
        if buffers.writing { JSONWriter.appendString(scratch, to: &output) }

        if buffers.writing { output.append(contentsOf: buffers.literal(fixed.componentsKey)) }
        // Problems name a component by its place among those sent (empty ones are left out),
        // as Plain would; a timestamp that does not read, by its place in the mapping.
        var sent = 0
        var limit: InputProblem?
        for (position, index) in components.range.enumerated() {
            let problem = try render(buffers.parts[index], buffers, &output, &scratch, sent: &sent, at: Place(index: position))
            if limit == nil, let problem { limit = problem.within("components[\(sent - 1)]") }
        }
        if buffers.writing { output.append(UInt8(ascii: "]")) }

        if let timestamp {
            // No "use {{x?}}" hint: a backfilled event without its timestamp would show the import's time.
            try render(timestamp, buffers, &scratch, hint: false)
            if !scratch.isEmpty {
                if buffers.writing { output.append(contentsOf: buffers.literal(fixed.timestampKey)) }
                try appendTimestamp(scratch, buffers, &output, field: "timestamp")
            }
        }
        if buffers.writing { output.append(UInt8(ascii: "}")) }

        if let externalId {
            try render(externalId, buffers, &scratch)
            if !scratch.isEmpty { result.externalId = String(decoding: scratch, as: UTF8.self) }
        }
        // Plain's limits are named only once everything else renders.
        if let limit { throw limit }
        return result
    }

    /// The `UpsertCustomerInput` of SPEC §9: `onCreate` with the optional fields that render
    /// non-empty, `onUpdate: {}` so that an existing customer is never changed.
    private func upsertInput(
        _ upsert: Upsert,
        _ identifier: CustomerIdentifier,
        _ buffers: Buffers,
        _ scratch: inout [UInt8]
    ) throws(InputProblem) -> JSONObject {
        let email = try text(upsert.email, buffers, &scratch) ?? (identifier.key == .emailAddress ? identifier.value : "")
        guard !email.isEmpty else {
            throw InputProblem(field: "upsertCustomer.email", message: "renders empty: Plain creates a customer with an email")
        }
        if upsert.email != nil { try Self.checkEmail(Array(email.utf8), field: "upsertCustomer.email") }
        var fullName = try text(upsert.fullName, buffers, &scratch) ?? ""
        if fullName.isEmpty { fullName = email }
        var onCreate = JSONObject(["fullName": .string(fullName)])
        if let shortName = try text(upsert.shortName, buffers, &scratch), !shortName.isEmpty { onCreate["shortName"] = .string(shortName) }
        onCreate["email"] = .object(JSONObject(["email": .string(email), "isVerified": .bool(false)]))
        let externalId = try text(upsert.externalId, buffers, &scratch) ?? (identifier.key == .externalId ? identifier.value : "")
        if !externalId.isEmpty { onCreate["externalId"] = .string(externalId) }
        return JSONObject([
            "identifier": .object(identifier.json),
            "onCreate": .object(onCreate),
            "onUpdate": .object(JSONObject()),
        ])
    }

    /// Appends one component (with its comma) unless it renders empty, counting it in `sent`.
    /// Returns the first of Plain's limits it breaks, named from the component
    /// (`componentText.text`): limits are named after every other problem, so the caller holds it.
    private func render(
        _ part: Part,
        _ buffers: Buffers,
        _ output: inout [UInt8],
        _ scratch: inout [UInt8],
        sent: inout Int,
        at place: Place
    ) throws(InputProblem) -> InputProblem? {
        func comma() {
            if sent > 0 && buffers.writing { output.append(UInt8(ascii: ",")) }
            sent += 1
        }
        func append(_ span: Span) {
            if buffers.writing { output.append(contentsOf: buffers.literal(span)) }
        }
        func append(string: ArraySlice<UInt8>) {
            if buffers.writing { JSONWriter.appendString(string, to: &output) }
        }
        func renderBoth(_ a: Span, _ b: Span) throws(InputProblem) -> Int {
            try render(a, buffers, &scratch)
            let end = scratch.count
            do { try buffers.render(b, into: &scratch) } catch { throw missing(error, buffers) }
            return end
        }
        switch part {
        case .single(let template, let open, let close, let check):
            try render(template, buffers, &scratch)
            if scratch.isEmpty { return nil }
            var problem: InputProblem?
            if case .length(let limit, let label) = check { problem = Self.length(scratch[...], limit, label: labels[label]) }
            comma()
            append(open)
            if case .timestamp = check {
                try appendTimestamp(scratch, buffers, &output, field: "\(place.description).dateTime")
            } else {
                append(string: scratch[...])
            }
            append(close)
            return problem
        case .fixed(let bytes):
            comma()
            append(bytes)
            return nil
        case .linkButton(let labelTemplate, let urlTemplate):
            let labelEnd = try renderBoth(labelTemplate, urlTemplate)
            let label = scratch[..<labelEnd]
            let url = scratch[labelEnd...]
            if label.isEmpty || url.isEmpty { return nil }
            var problem = Self.length(label, Limits.linkButtonLabel, label: "componentLinkButton.linkButtonLabel")
            if problem == nil, !EventInputRules.isValidURL(utf8: url) {
                let text = String(decoding: url, as: UTF8.self)
                problem = InputProblem(field: "componentLinkButton.linkButtonUrl", message: "is not a valid URL: \"\(text)\"", isLimit: true)
            }
            comma()
            append(fixed.linkButtonOpen)
            append(string: label)
            append(fixed.linkButtonURL)
            append(string: url)
            append(fixed.closeTwo)
            return problem
        case .copyButton(let valueTemplate, let tooltipTemplate):
            try render(valueTemplate, buffers, &scratch)
            let valueEnd = scratch.count
            if valueEnd == 0 { return nil }
            if let tooltipTemplate {
                do { try buffers.render(tooltipTemplate, into: &scratch) } catch { throw missing(error, buffers) }
            }
            let value = scratch[..<valueEnd]
            let tooltip = scratch[valueEnd...]
            let problem =
                Self.length(tooltip, Limits.copyButtonTooltip, label: "componentCopyButton.copyButtonTooltipLabel")
                ?? Self.length(value, Limits.copyButtonValue, label: "componentCopyButton.copyButtonValue")
            comma()
            append(fixed.copyButtonOpen)
            append(string: value)
            if !tooltip.isEmpty {
                append(fixed.copyButtonTooltip)
                append(string: tooltip)
            }
            append(fixed.closeTwo)
            return problem
        case .workflowButton(let labelTemplate, let key, let identifierTemplate):
            let labelEnd = try renderBoth(labelTemplate, identifierTemplate)
            let label = scratch[..<labelEnd]
            let identifier = scratch[labelEnd...]
            if label.isEmpty || identifier.isEmpty { return nil }
            let problem = Self.length(label, Limits.workflowButtonLabel, label: "componentWorkflowButton.workflowButtonLabel")
            comma()
            append(fixed.workflowButtonOpen)
            append(string: label)
            append(key)
            append(string: identifier)
            append(fixed.closeThree)
            return problem
        case .row(let main, let aside):
            let mark = output.count
            let sentBefore = sent
            comma()
            append(fixed.rowOpen)
            var sentMain = 0
            var mainProblem: InputProblem?
            for (position, index) in main.range.enumerated() {
                let problem = try render(buffers.parts[index], buffers, &output, &scratch, sent: &sentMain, at: place.inRow("main", position))
                if mainProblem == nil, let problem { mainProblem = problem.within("[\(sentMain - 1)]").within("rowMainContent") }
            }
            if sentMain == 0 {
                // No main content: the row is left out, aside and all.
                output.removeSubrange(mark...)
                sent = sentBefore
                return nil
            }
            append(fixed.rowAside)
            var sentAside = 0
            var asideProblem: InputProblem?
            for (position, index) in aside.range.enumerated() {
                let problem = try render(buffers.parts[index], buffers, &output, &scratch, sent: &sentAside, at: place.inRow("aside", position))
                if asideProblem == nil, let problem { asideProblem = problem.within("[\(sentAside - 1)]").within("rowAsideContent") }
            }
            append(fixed.rowClose)
            return (asideProblem ?? mainProblem)?.within("componentRow")
        }
    }

    /// A customer email Plain would refuse (SPEC §15.4): surrounding or inner spaces, or not
    /// one `@` between a name and a domain. Said as a fact, with the filters that fix it.
    static func checkEmail(_ bytes: [UInt8], field: String) throws(InputProblem) {
        // ASCII, the usual case, is judged on its bytes.
        if bytes.allSatisfy({ $0 < 0x80 && $0 > 0x20 && $0 != 0x7F }), bytes.count(where: { $0 == UInt8(ascii: "@") }) == 1,
            bytes.first != UInt8(ascii: "@"), bytes.last != UInt8(ascii: "@")
        {
            return
        }
        let email = String(decoding: bytes, as: UTF8.self)
        let reason: String
        if let first = email.unicodeScalars.first, let last = email.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            reason = "has spaces around it"
        } else if email.unicodeScalars.contains(where: \.properties.isWhitespace) {
            reason = "has a space inside"
        } else if bytes.count(where: { $0 == UInt8(ascii: "@") }) != 1 || bytes.first == UInt8(ascii: "@") || bytes.last == UInt8(ascii: "@") {
            reason = "is not one name, @ and a domain"
        } else {
            return
        }
        let fix = reason == "has spaces around it" ? " (| trim | lower in the template removes them)" : ""
        throw InputProblem(field: field, message: "\(JSONWriter.string(.string(email))) \(reason): Plain refuses it as an email\(fix)")
    }

    /// Plain's limits on the fields of components of two values, as `EventInputRules` states them
    /// (looked up once, not per record).
    private enum Limits {
        static let linkButtonLabel = EventInputRules.maximumLength("componentLinkButton.linkButtonLabel")
        static let copyButtonTooltip = EventInputRules.maximumLength("componentCopyButton.copyButtonTooltipLabel")
        static let copyButtonValue = EventInputRules.maximumLength("componentCopyButton.copyButtonValue")
        static let workflowButtonLabel = EventInputRules.maximumLength("componentWorkflowButton.workflowButtonLabel")
    }

    /// The problem of a UTF-8 `text` longer than `limit` UTF-16 code units (SPEC §7.7), or nil.
    @inline(__always)
    private static func length(_ text: ArraySlice<UInt8>, _ limit: Int, label: @autoclosure () -> String) -> InputProblem? {
        // UTF-16 never counts more units than UTF-8 has bytes: only long texts are counted.
        guard text.count > limit else { return nil }
        var units = 0
        for byte in text where byte & 0xC0 != 0x80 { units += byte >= 0xF0 ? 2 : 1 }
        guard units > limit else { return nil }
        return InputProblem(field: label(), message: "is \(units) characters long; Plain allows at most \(limit)", isLimit: true)
    }

    /// Appends the timestamp `text` as ISO 8601 UTC in quotes; a local time is read in the
    /// mapping's zone through its table (Foundation only past the table's years). A value that
    /// is not a timestamp is a problem of `field`.
    private func appendTimestamp(_ text: [UInt8], _ buffers: Buffers, _ output: inout [UInt8], field: @autoclosure () -> String) throws(InputProblem)
    {
        // Checking only: the value is still normalized (that is the check), then dropped.
        let mark = output.count
        defer { if !buffers.writing { output.removeSubrange(mark...) } }
        output.append(UInt8(ascii: "\""))
        do {
            // The closure captures only the buffers: capturing `self` would copy the program,
            // and every lane would count references to it.
            try TimestampParser.normalize(utf8: text, into: &output, zone: timezone) { local in
                let instants = buffers.zoneInstants
                let offsets = buffers.zoneOffsets
                guard let guess = ZoneOffsets.offset(atUTC: local, instants: instants, offsets: offsets) else { return nil }
                return ZoneOffsets.offset(atUTC: local - Int64(guess), instants: instants, offsets: offsets)
            }
        } catch {
            throw InputProblem(field: field(), message: error.message)
        }
        output.append(UInt8(ascii: "\""))
    }
}
