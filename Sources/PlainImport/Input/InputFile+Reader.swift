extension InputFile {
    /// The record reader for this input's format over `source`: the one place a format chooses
    /// its reader (the import, every offline command and the progress count read through it).
    /// `layout` lays out CSV (a TSV's delimiter is always a tab) and says where a JSON file's
    /// records are; `checksumming` keeps the checksum of what was read (SPEC §13).
    func reader(over source: any ByteSource, layout: InputLayout?, checksumming: Bool = false) -> any RecordReader {
        let csv = layout?.csv
        return switch format {
        case .ndjson: NDJSONRecordReader(source: source, encoding: encoding, checksumming: checksumming)
        case .json:
            JSONArrayRecordReader(
                source: source,
                encoding: encoding,
                checksumming: checksumming,
                recordsPath: layout?.jsonRecords ?? [],
                path: path
            )
        case .csv, .tsv:
            CSVRecordReader(
                source: source,
                delimiter: format == .tsv ? 0x09 : csv?.delimiter ?? UInt8(ascii: ","),
                encoding: encoding,
                checksumming: checksumming
            )
        }
    }
}
