import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP server that answers every request with the same bytes and may then stall,
/// as a broken proxy, a redirecting host or an endless rate limit would. Threads of its own;
/// it serves until `stop()`.
final class HostileServer: @unchecked Sendable {
    /// What is written for each request; `stall` keeps the connection open without more bytes.
    struct Answer: Sendable {
        var bytes: String
        var stall = false
    }

    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var stopped = false
    private var requestCount = 0
    private var requestHeads: [String] = []

    var requests: Int { lock.withLock { requestCount } }
    /// Each request's head as received (request line and headers).
    var heads: [String] { lock.withLock { requestHeads } }
    var endpoint: String { "http://127.0.0.1:\(port)/graphql/v1" }

    init(answer: Answer) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { return }
                Thread.detachNewThread { [self] in serve(connection, answer: answer) }
            }
        }
    }

    private func serve(_ connection: Int32, answer: Answer) {
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var pending: [UInt8] = []
        while !lock.withLock({ stopped }) {
            // One request: its head, then Content-Length bytes of body.
            guard let headEnd = pending.firstRange(of: Array("\r\n\r\n".utf8)) else {
                let count = read(connection, &buffer, buffer.count)
                if count <= 0 { return }
                pending += buffer[0..<count]
                continue
            }
            let original = String(decoding: pending[..<headEnd.lowerBound], as: UTF8.self)
            let head = original.lowercased()
            let length =
                head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            while pending.count < headEnd.upperBound + length {
                let count = read(connection, &buffer, buffer.count)
                if count <= 0 { return }
                pending += buffer[0..<count]
            }
            pending.removeFirst(headEnd.upperBound + length)
            lock.withLock {
                requestCount += 1
                requestHeads.append(original)
            }
            let bytes = Array(answer.bytes.utf8)
            _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if answer.stall {
                while !lock.withLock({ stopped }) { usleep(50_000) }
                return
            }
        }
    }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
