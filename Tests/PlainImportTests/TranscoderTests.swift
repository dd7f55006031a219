import Foundation
import Testing

@testable import PlainImport

/// SPEC §12.18: inputs in UTF-16 and single-byte encodings are read as text, with records at
/// their offsets in the file.
@Suite struct TranscoderTests {
    let directory = temporaryDirectory()

    static let rows = "id,name,note\n1,café,\"two\nlines\"\n2,Zoë,€ 5 – ok\n\n3,naïve,\"quoted, comma\"\n"

    static func utf16(_ text: String, bigEndian: Bool, bom: Bool = true) -> [UInt8] {
        var bytes: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for unit in text.utf16 {
            let high = UInt8(unit >> 8)
            let low = UInt8(unit & 0xFF)
            bytes += bigEndian ? [high, low] : [low, high]
        }
        return bytes
    }

    static func windows1252(_ text: String) -> [UInt8] {
        Array(text.data(using: .windowsCP1252) ?? Data())
    }

    func records(_ bytes: [UInt8], _ name: String, encoding: TextEncoding? = nil) throws -> [SourceRecord] {
        let path = write(bytes: bytes, to: name, in: directory)
        return try readAll(CSVRecordReader(source: try FileByteSource(path: path), encoding: encoding))
    }

    @Test func utf16WithABOMIsReadWithoutBeingAsked() throws {
        let expected = try records(Array(Self.rows.utf8), "utf8.csv")
        for bigEndian in [false, true] {
            let result = try records(Self.utf16(Self.rows, bigEndian: bigEndian), "utf16-\(bigEndian).csv")
            #expect(result.map(\.cells) == expected.map(\.cells))
            #expect(result.map(\.line) == [1, 2, 4, 6])
            #expect(result[1].cells == ["1", "café", "two\nlines"])
        }
    }

    @Test func windows1252AndLatin1AreReadWhenAsked() throws {
        let bytes = Self.windows1252(Self.rows)
        #expect(bytes.count == Self.rows.unicodeScalars.count, "one byte per character")
        let result = try records(bytes, "cp1252.csv", encoding: .windows1252)
        #expect(result[2].cells == ["2", "Zoë", "€ 5 – ok"])
        let latin1 = try records([0x61, 0x2C, 0xE9, 0x80, 0x0A], "latin1.csv", encoding: .latin1)
        #expect(latin1[0].cells == ["a", "é\u{80}"])
    }

    /// Offsets are the file's: the bytes at a record's offset are the start of its row, and a
    /// reader resumed at any record's offset (or end) reads the same records from there.
    @Test(arguments: [TextEncoding.utf8, .utf16LittleEndian, .utf16BigEndian, .windows1252, .latin1])
    func offsetsAreFileOffsetsAndResumeWorks(encoding: TextEncoding) throws {
        let text = Self.rows + "4,\"emoji 😀 here\",x\n"
        let bytes: [UInt8]
        var declared: TextEncoding? = encoding
        switch encoding {
        case .utf8: bytes = Array(text.utf8)
        case .utf16LittleEndian: (bytes, declared) = (Self.utf16(text, bigEndian: false), nil)
        case .utf16BigEndian: bytes = Self.utf16(text, bigEndian: true, bom: false)
        case .windows1252, .latin1:
            bytes = Self.windows1252(
                text.replacingOccurrences(of: "😀", with: "x").replacingOccurrences(of: "€", with: "E").replacingOccurrences(of: "–", with: "-")
            )
        }
        let path = write(bytes: bytes, to: "resume-\(encoding.rawValue).csv", in: directory)
        let all = try readAll(CSVRecordReader(source: try FileByteSource(path: path), encoding: declared))
        #expect(all.count == 5)
        let unit = encoding == .utf16LittleEndian || encoding == .utf16BigEndian ? 2 : 1
        for (index, record) in all.enumerated() {
            // The row's first character (a digit or 'i') sits at the offset in the file.
            let at = Int(record.offset) + (encoding == .utf16LittleEndian ? 0 : unit - 1)
            #expect(bytes[at] == (index == 0 ? UInt8(ascii: "i") : UInt8(ascii: "0") + UInt8(index)))
            let reader = CSVRecordReader(source: try FileByteSource(path: path), encoding: declared)
            try reader.resume(at: record.offset, line: record.line)
            let rest = try readAll(reader)
            #expect(rest.map(\.cells) == all[index...].map(\.cells))
            #expect(rest.map(\.offset) == all[index...].map(\.offset))
            #expect(rest.map(\.line) == all[index...].map(\.line))
        }
        #expect(all.last?.endOffset == Int64(bytes.count))
    }

    /// Characters that straddle 64 KiB chunks (surrogate pairs, 3-byte UTF-8) read the same.
    @Test func largeUTF16FilesReadAsTheirUTF8Twin() throws {
        var text = "id,text\n"
        for row in 0..<6_000 { text += "\(row),\"😀 €é – \(row) \(String(repeating: "x", count: row % 37))\"\n" }
        let plain = try records(Array(text.utf8), "big.csv")
        let wide = try records(Self.utf16(text, bigEndian: false), "big16.csv")
        #expect(wide.map(\.cells) == plain.map(\.cells))
        #expect(wide.count == 6_001)
    }

    /// The CSV reader's step back after a stray quote lands on the right character in UTF-16 too.
    @Test func aStrayQuoteInUTF16CostsOnlyItsRow() throws {
        let text = "a,b\n1,\"café\n2,ok\n3,\"fine\"\n"
        let plain = try records(Array(text.utf8), "stray8.csv")
        let wide = try records(Self.utf16(text, bigEndian: false), "stray16.csv")
        #expect(wide.map(\.cells) == plain.map(\.cells))
        #expect(wide.map(\.line) == plain.map(\.line))
        #expect(wide[1].brokenReason != nil)
        #expect(wide.last?.cells == ["3", "fine"])
    }

    @Test func anUnpairedSurrogateMakesItsRecordInvalid() throws {
        var bytes = Self.utf16("a,b\n", bigEndian: false)
        bytes += [0x31, 0x00, 0x2C, 0x00, 0x00, 0xD8, 0x0A, 0x00]  // 1,<lone high surrogate>\n
        bytes += Self.utf16("2,ok\n", bigEndian: false, bom: false)
        let result = try records(bytes, "lone.csv")
        #expect(result[1].brokenReason?.contains("invalid UTF-16LE in field 2") == true)
        #expect(result[2].cells == ["2", "ok"])
    }

    @Test func theFirstInvalidUTF8GivesOneHint() throws {
        let bytes = Self.windows1252("id,name\n1,plain\n2,café\n3,naïve\n")
        let path = write(bytes: bytes, to: "orders.csv", in: directory)
        let reader = CSVRecordReader(source: try FileByteSource(path: path))
        var hints: [EncodingHint] = []
        var broken = 0
        while let record = try reader.next() {
            if record.brokenReason != nil { broken += 1 }
            if let hint = reader.takeEncodingHint() { hints.append(hint) }
        }
        #expect(broken == 2)
        #expect(hints == [EncodingHint(byte: 0xE9, line: 3, likely: .windows1252)])
        #expect(
            hints.first?.hint(path: "orders.csv")
                == ReadingHint(
                    message: "orders.csv: not UTF-8 (byte 0xE9 at line 3): it looks like windows-1252",
                    suggestion: .encoding(.windows1252)
                )
        )
    }

    @Test func utf16WithoutABOMIsHintedAsUTF16() throws {
        let bytes = Self.utf16("{\"name\":\"café\"}\n", bigEndian: false, bom: false)
        let path = write(bytes: bytes, to: "wide.ndjson", in: directory)
        let reader = NDJSONRecordReader(source: try FileByteSource(path: path))
        _ = try readAll(reader)
        #expect(reader.takeEncodingHint()?.likely == .utf16LittleEndian)
        #expect(reader.takeEncodingHint() == nil, "said once")
    }

    /// A header that cannot be read says which encoding would read it; so does UTF-16 without a
    /// BOM, whose header reads as UTF-8 with zero bytes, and a JSON array in it.
    @Test func headersAndArraysInAnotherEncodingSayWhichOne() throws {
        let mapping = try MappingParser.parse("customer: { email: \"{{email}}\" }\ntitle: \"{{title}}\"\n", file: "m.yaml")
        let accented = write(bytes: Self.windows1252("email,titré\n"), to: "accented.csv", in: directory)
        #expect {
            try OpenedSource.open(InputFile(path: accented, format: .csv, isGzip: false), mapping: mapping)
        } throws: { error in
            "\(error)".hasSuffix("invalid UTF-8 in field 2 at byte 5 (it looks like windows-1252)")
                && (error as? InputError)?.need == .encoding(.windows1252)
        }
        let wide = write(bytes: Self.utf16("email,title\na@example.com,x\n", bigEndian: true, bom: false), to: "wide.csv", in: directory)
        #expect {
            try OpenedSource.open(InputFile(path: wide, format: .csv, isGzip: false), mapping: mapping)
        } throws: { error in
            "\(error)".hasSuffix("line 1: the header holds zero bytes: it looks like utf-16be")
                && (error as? InputError)?.need == .encoding(.utf16BigEndian)
        }
        let told = try OpenedSource.open(InputFile(path: wide, format: .csv, isGzip: false, encoding: .utf16BigEndian), mapping: mapping)
        #expect(try told.reader.next()?.cells == ["a@example.com", "x"])
        let array = write(bytes: Self.utf16("[{\"a\":1}]", bigEndian: false, bom: false), to: "wide.json", in: directory)
        let reader = JSONArrayRecordReader(source: try FileByteSource(path: array))
        #expect(try readAll(reader).count == 1)
        #expect(reader.takeEncodingHint()?.likely == .utf16LittleEndian)
    }

    /// SPEC §5 and §12.18: a record's derived id depends on its content, not on how the file
    /// was written.
    @Test func theSameRowsGetTheSameIdsInEveryEncoding() throws {
        let mapping = try MappingParser.parse(
            """
            event: customer
            customer: { email: "{{email}}" }
            title: "{{title}}"
            components:
              - text: "{{note}}"
            """,
            file: "m.yaml"
        )
        let text = "email,title,note\na@example.com,Café paid,“quoted” – 5 €\nb@example.com,Zoë,naïve\n"
        let variants: [(String, [UInt8], TextEncoding?)] = [
            ("ids-utf8.csv", Array(text.utf8), nil),
            ("ids-utf8-bom.csv", [0xEF, 0xBB, 0xBF] + Array(text.utf8), nil),
            ("ids-utf16.csv", Self.utf16(text, bigEndian: false), nil),
            ("ids-cp1252.csv", Self.windows1252(text), .windows1252),
        ]
        var ids: [[String]] = []
        for (name, bytes, encoding) in variants {
            let path = write(bytes: bytes, to: name, in: directory)
            let opened = try OpenedSource.open(InputFile(path: path, format: .csv, isGzip: false, encoding: encoding), mapping: mapping)
            var found: [String] = []
            while let record = try opened.reader.next() {
                guard case .event(let event) = opened.interpreter.interpret(record) else {
                    Issue.record("\(name):\(record.line) did not map")
                    continue
                }
                found.append(event.externalId)
            }
            ids.append(found)
        }
        #expect(ids[0].count == 2)
        #expect(ids.allSatisfy { $0 == ids[0] })
    }
}
