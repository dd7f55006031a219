extension InputFile {
    /// The record reader for this input's format over `source`: the one place a format chooses
    /// its reader (the import, every offline command and the progress count read through it).
    /// `csv` lays out CSV (a TSV's delimiter is always a tab); `checksumming` keeps the checksum
    /// of what was read (SPEC §13).
    func reader(over source: any ByteSource, csv: CSVOptions?, checksumming: Bool = false) -> any RecordReader {
        switch format {
        case .ndjson: NDJSONRecordReader(source: source, encoding: encoding, checksumming: checksumming)
        case .json: JSONArrayRecordReader(source: source, encoding: encoding, checksumming: checksumming)
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
