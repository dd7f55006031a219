#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input to read: a file (plain or gzip) or standard input.
public struct InputFile: Sendable, Hashable {
    /// The path as it will be reported and journaled (`-` for stdin).
    public let path: String
    public let format: InputFormat
    public let isGzip: Bool
    public var isStandardInput: Bool { path == "-" }

    public init(path: String, format: InputFormat, isGzip: Bool) {
        self.path = path
        self.format = format
        self.isGzip = isGzip
    }

    /// Opens the input's bytes.
    public func open() throws(InputError) -> any ByteSource {
        if isStandardInput { return FileByteSource(standardInput: ()) }
        return isGzip ? try GzipByteSource(path: path) : try FileByteSource(path: path)
    }

    /// Expands command-line inputs: files as given, directories into their `.csv`, `.ndjson`
    /// and `.jsonl` files (plain or `.gz`) in name order, `-` as stdin. `format` overrides
    /// what names imply; a file whose format cannot be told is an error.
    public static func expand(_ arguments: [String], format: InputFormat?) throws(InputError) -> [InputFile] {
        var result: [InputFile] = []
        for argument in arguments {
            if argument == "-" {
                guard let format else {
                    throw InputError(path: "-", reason: "stdin needs --format csv or --format ndjson")
                }
                result.append(InputFile(path: "-", format: format, isGzip: false))
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                throw InputError.system(path: argument, doing: "cannot read", errno: errno)
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                for name in try directoryEntries(argument) {
                    guard let implied = InputFormat.implied(byName: name) else { continue }
                    let path = argument.hasSuffix("/") ? argument + name : argument + "/" + name
                    result.append(InputFile(path: path, format: format ?? implied, isGzip: name.lowercased().hasSuffix(".gz")))
                }
            } else {
                guard let chosen = format ?? InputFormat.implied(byName: argument) else {
                    throw InputError(path: argument, reason: "cannot tell the format from the name; use --format csv or --format ndjson")
                }
                result.append(InputFile(path: argument, format: chosen, isGzip: argument.lowercased().hasSuffix(".gz")))
            }
        }
        return result
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
            if stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG { names.append(name) }
        }
        return names.sorted()
    }
}
