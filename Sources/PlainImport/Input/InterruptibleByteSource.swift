/// A byte source that stops between two chunks once `stopping` says so: a record that never
/// ends (an endless line on a pipe) or a huge one does not keep a stopping run reading. The
/// reader then throws an `InputError` whose `interrupted` is true.
final class InterruptibleByteSource: ByteSource {
    private let source: any ByteSource
    private let path: String
    private let stopping: @Sendable () -> Bool

    init(_ source: any ByteSource, path: String, stopping: @escaping @Sendable () -> Bool) {
        self.source = source
        self.path = path
        self.stopping = stopping
    }

    var isSeekable: Bool { source.isSeekable }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(InputError) -> Int {
        if stopping() { throw InputError(path: path, reason: "reading stopped (the run is stopping)", interrupted: true) }
        return try source.read(into: buffer)
    }

    func seek(to offset: Int64) throws(InputError) { try source.seek(to: offset) }
}
