import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PlainImport

/// The peer of an import (issue 8): the same request bodies POSTed with AsyncHTTPClient alone,
/// at the same concurrency, with no mapping, journal, pacing or retries.
enum BareClientLoop {
    /// The bodies `import` would send for the native events in `path`.
    static func bodies(of path: String) throws -> [[UInt8]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard case .object(let object) = try JSONParser.parse(String(line)) else { return [] }
            return JSONWriter.bytes(GraphQLDocuments.body(for: try NativeInputReader.event(from: object)))
        }
    }

    /// Sends every body to `endpoint` with `concurrency` in flight; returns how many were answered 200.
    static func run(_ bodies: [[UInt8]], endpoint: String, key: String, concurrency: Int) async throws -> Int {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        configuration.httpVersion = .http1Only
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var answered = 0
        do {
            answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                var next = 0
                var completed = 0
                var ok = 0
                while completed < bodies.count {
                    while next < bodies.count && next - completed < concurrency {
                        let body = bodies[next]
                        next += 1
                        group.addTask {
                            var request = HTTPClientRequest(url: endpoint)
                            request.method = .POST
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.headers.add(name: "Authorization", value: "Bearer \(key)")
                            request.body = .bytes(ByteBuffer(bytes: body))
                            let response = try await http.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            return response.status.code == 200
                        }
                    }
                    guard let result = try await group.next() else { break }
                    completed += 1
                    if result { ok += 1 }
                }
                return ok
            }
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
        return answered
    }
}
