/// An input opened for reading records: its reader, positioned after any CSV header, and the
/// interpreter that turns its records into events.
public struct OpenedSource {
    public let file: InputFile
    public let reader: any RecordReader
    public let interpreter: RecordInterpreter
    /// Where the first record after the header starts.
    public let firstRecord: (offset: Int64, line: Int)

    /// Opens `file` in its encoding; a CSV or TSV header that cannot be read, or that lacks a
    /// column the mapping requires (SPEC §12.15, the message names the mapping file's line), is
    /// an `InputError`. A TSV is read with tabs whatever the mapping's `csv.delimiter`, which is
    /// for CSV files (so that one mapping reads both exports); `csv.header` and `columns` apply
    /// to both.
    /// With `checksumming`, the reader keeps the checksum of the bytes before its position (SPEC §13).
    /// With `stopping`, reading ends between two chunks once it says so (an `InputError` whose
    /// `interrupted` is true), even inside a record that never ends.
    /// A CSV or TSV input is read only through a mapping: without one, an `InputError` saying so.
    public static func requireMapping(for file: InputFile, _ mapping: Mapping?) throws(InputError) {
        if file.format.isDelimited, mapping == nil { throw missingMapping(file) }
    }

    private static func missingMapping(_ file: InputFile) -> InputError {
        InputError(path: file.path, reason: "a \(file.format.rawValue.uppercased()) input needs a mapping file", need: .mappingFile)
    }

    public static func open(
        _ file: InputFile,
        mapping: Mapping?,
        checksumming: Bool = false,
        stopping: (@Sendable () -> Bool)? = nil
    ) throws(InputError) -> OpenedSource {
        let opened = try file.open()
        let bytes: any ByteSource = stopping.map { InterruptibleByteSource(opened, path: file.path, stopping: $0) } ?? opened
        let reader = file.reader(over: bytes, layout: mapping?.layout, checksumming: checksumming)
        switch file.format {
        case .ndjson, .json:
            return OpenedSource(
                file: file,
                reader: reader,
                interpreter: RecordInterpreter(mapping: mapping, columns: nil),
                firstRecord: (0, 1)
            )
        case .csv, .tsv:
            guard let mapping else { throw missingMapping(file) }
            var names = mapping.csv.columns ?? []
            if mapping.csv.header {
                guard let header = try reader.next() else {
                    throw InputError(path: file.path, reason: "the file is empty: no header line")
                }
                guard case .fields(let row) = header.content else {
                    let hint = reader.takeEncodingHint()
                    let guess = hint.map { " (\($0.guessText))" } ?? ""
                    if case .broken(let reason, _) = header.content {
                        throw InputError(
                            path: file.path,
                            reason: "line \(header.line): the header cannot be read: \(reason)\(guess)",
                            need: hint.map { .encoding($0.likely) }
                        )
                    }
                    throw InputError(path: file.path, reason: "the header cannot be read\(guess)", need: hint.map { .encoding($0.likely) })
                }
                let cells = row.cells
                // Zero bytes in the header: UTF-16 without a byte order mark, read as UTF-8.
                let headerBytes = Array(cells.joined(separator: ",").utf8)
                if headerBytes.contains(0), let zeros = EncodingHint.zeroBytes(in: headerBytes, line: header.line) {
                    throw InputError(
                        path: file.path,
                        reason: "line \(header.line): the header holds zero bytes: \(zeros.guessText)",
                        need: .encoding(zeros.likely)
                    )
                }
                names = cells
            }
            let columns = ColumnIndex(names: names)
            do {
                try mapping.checkColumns(columns)
            } catch {
                throw InputError(path: file.path, reason: "\(error)")
            }
            let interpreter = RecordInterpreter(mapping: mapping, columns: columns)
            return OpenedSource(file: file, reader: reader, interpreter: interpreter, firstRecord: (reader.position, reader.line))
        }
    }
}
