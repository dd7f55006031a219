#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input to read: a file (plain or gzip), a stream (a FIFO, a pipe such as `<(…)`, a
/// device) or standard input.
public struct InputFile: Sendable, Hashable {
    /// The path as it will be reported and journaled: the file's real path (absolute, no `.`,
    /// `..` or symbolic links, so one file is one source however it is named), `-` for stdin, a
    /// stream's path as given.
    public let path: String
    public let format: InputFormat
    public let isGzip: Bool
    /// The encoding it is read in; nil: UTF-8 unless a UTF-16 byte order mark says otherwise.
    public let encoding: TextEncoding?
    /// Not a regular file: its bytes can be read once only (no header check ahead, no count, no
    /// checksums, no resume at an offset), like standard input.
    public let isStream: Bool
    public var isStandardInput: Bool { path == "-" }
    /// Standard input or another stream: opened once, read once, from its start.
    public var isReadOnce: Bool { isStream || isStandardInput }

    /// An input at `path` read as `format`, gzip-compressed or not, in `encoding` (nil: UTF-8
    /// unless a BOM says UTF-16); `isStream` for what is not a regular file.
    public init(path: String, format: InputFormat, isGzip: Bool, encoding: TextEncoding? = nil, isStream: Bool = false) {
        self.path = path
        self.format = format
        self.isGzip = isGzip
        self.encoding = encoding
        self.isStream = isStream
    }

    /// Opens the input's bytes.
    public func open() throws(InputError) -> any ByteSource {
        if isStandardInput { return FileByteSource(standardInput: ()) }
        return isGzip ? try GzipByteSource(path: path) : try FileByteSource(path: path)
    }

    /// Expands command-line inputs: files as given, directories into their `.csv`, `.tsv`,
    /// `.ndjson`, `.jsonl` and `.json` files (plain or `.gz`) in name order, `-` as stdin.
    /// `format` overrides what names imply; a file whose format cannot be told is an error. Each
    /// file is known by its real path (`orders.csv`, `./orders.csv` and `../dir/orders.csv` are
    /// one input, listed once); its format is told from the name as given. Every file is read in
    /// `encoding` (nil: told per file, SPEC §12.18).
    ///
    /// Arguments that name no input at all (an empty directory, or one holding only other files)
    /// are an error, the same for every command. `skipped` hears, once per directory, the names
    /// of the files it holds that are not inputs by their names (`README.txt`, `x.bak`).
    public static func expand(
        _ arguments: [String],
        format: InputFormat?,
        encoding: TextEncoding? = nil,
        skipped: (_ directory: String, _ names: [String]) -> Void = { _, _ in }
    ) throws(InputError) -> [InputFile] {
        var result: [InputFile] = []
        var seen = Set<String>()
        func add(_ file: InputFile) {
            if file.isReadOnce || seen.insert(file.path).inserted { result.append(file) }
        }
        for argument in arguments {
            if argument == "-" {
                guard let format else {
                    throw InputError(path: "-", reason: "stdin has no name to tell its format by", need: .format)
                }
                add(InputFile(path: "-", format: format, isGzip: false, encoding: encoding))
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                throw InputError.system(path: argument, doing: "cannot read", errno: errno)
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                let names = try directoryEntries(argument)
                let others = names.filter { InputFormat.implied(byName: $0) == nil }
                if !others.isEmpty { skipped(argument, others) }
                for name in names {
                    guard let implied = InputFormat.implied(byName: name) else { continue }
                    let path = try realPath(argument.hasSuffix("/") ? argument + name : argument + "/" + name)
                    add(InputFile(path: path, format: format ?? implied, isGzip: name.lowercased().hasSuffix(".gz"), encoding: encoding))
                }
            } else {
                guard let chosen = format ?? InputFormat.implied(byName: argument) else {
                    throw InputError(path: argument, reason: "cannot tell the format from the name", need: .format)
                }
                if (info.st_mode & S_IFMT) != S_IFREG {
                    // A FIFO, a pipe (`<(…)`, /dev/fd/N) or a device: read once, as given.
                    add(InputFile(path: argument, format: chosen, isGzip: argument.lowercased().hasSuffix(".gz"), encoding: encoding, isStream: true))
                    continue
                }
                add(
                    InputFile(
                        path: try realPath(argument),
                        format: chosen,
                        isGzip: argument.lowercased().hasSuffix(".gz"),
                        encoding: encoding
                    )
                )
            }
        }
        if !arguments.isEmpty && result.isEmpty {
            throw InputError(path: arguments.joined(separator: " "), reason: "no \(InputFormat.extensionsText) files found")
        }
        return result
    }

    /// The absolute path of `path` with `.`, `..` and symbolic links resolved.
    static func realPath(_ path: String) throws(InputError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw InputError.system(path: path, doing: "cannot resolve the path", errno: errno)
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func directoryEntries(_ path: String) throws(InputError) -> [String] {
        guard let directory = opendir(path) else {
            throw InputError.system(path: path, doing: "cannot list directory", errno: errno)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            var info = stat()
            let full = path.hasSuffix("/") ? path + name : path + "/" + name
            if stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                names.append(name)
            } else if InputFormat.implied(byName: name) != nil {
                // Named as an input but not one that can be read as a file: never skipped in silence.
                let reason =
                    stat(full, &info) != 0
                    ? "\(String(cString: strerror(errno))) (a dangling symbolic link, or a link loop?)"
                    : (info.st_mode & S_IFMT) == S_IFDIR ? "is a directory" : "is not a regular file (a FIFO, socket or device)"
                throw InputError(path: full, reason: "in an input directory: \(reason); remove it or name the files to import")
            }
        }
        return names.sorted()
    }
}
