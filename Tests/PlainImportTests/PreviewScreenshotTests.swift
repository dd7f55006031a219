import CZlib
import Foundation
import Testing

@testable import PlainImport

/// The sample preview rendered by a real browser. Needs `chromium` on PATH (Debian:
/// `apt-get install -y chromium`); without it the test is skipped and says so. It installs
/// nothing itself.
@Suite struct PreviewScreenshotTests {
    static let chromium: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let path = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    /// The screenshot of `page` at 1000×1400, taken by headless Chromium.
    func screenshot(of page: String) async throws -> [UInt8] {
        let chromium = try #require(Self.chromium)
        let directory = temporaryDirectory()
        let html = directory.appendingPathComponent("preview.html")
        try Data(page.utf8).write(to: html)
        let screenshot = directory.appendingPathComponent("out.png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(directory.path)/profile",
            "--screenshot=\(screenshot.path)", "--window-size=1000,1400", html.absoluteString,
        ]
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        #expect(process.terminationStatus == 0)
        return try [UInt8](Data(contentsOf: screenshot))
    }

    /// Whether a screenshot shows a drawn page: big enough, many colours, not all background.
    static func looksDrawn(_ png: [UInt8]) -> Bool {
        guard png.count > 20_000, let image = PNGImage(png), image.width == 1000, image.height == 1400 else { return false }
        let colours = image.colourCounts()
        let background = colours.values.max() ?? 0
        return colours.count > 50 && Double(background) / Double(image.width * image.height) < 0.97
    }

    @Test(.enabled(if: chromium != nil, "no chromium on PATH: apt-get install -y chromium, then run swift test --filter PreviewScreenshot"))
    func headlessChromiumDrawsThePage() async throws {
        let samples = repositoryRoot.appendingPathComponent("samples").path
        let mapping = try MappingParser.load(path: "\(samples)/orders-mapping.yaml")
        let files = try InputFile.expand(["\(samples)/orders.csv"], format: nil)
        let result = try PreviewReader(mapping: mapping, limit: 8).read(files)
        let page = PreviewRenderer(context: .init(inputs: ["orders.csv"], mapping: "orders-mapping.yaml", limit: 8)).page(result)

        let png = try await screenshot(of: page)
        #expect(Self.looksDrawn(png), "\(png.count) bytes")
        let image = try #require(PNGImage(png), "the screenshot is a PNG we can read")
        // The green badge of the sample mapping is drawn in its colour (#17803d on #e6f6eb, give or take antialiasing).
        #expect(image.colourCounts().keys.contains { $0.red < 0x40 && $0.green > 0x60 && $0.green < 0xA0 && $0.blue < 0x70 }, "green badge text")

        // The same checks fail for a blank page, so they can tell.
        let blank = try await screenshot(of: "<!doctype html><title>blank</title><body style=\"background:#f6f6f8\"></body>")
        #expect(PNGImage(blank) != nil)
        #expect(!Self.looksDrawn(blank))
    }
}

/// Just enough PNG to check a screenshot: 8-bit RGB or RGBA, not interlaced.
struct PNGImage {
    struct Colour: Hashable {
        let red: UInt8
        let green: UInt8
        let blue: UInt8
    }

    let width: Int
    let height: Int
    let channels: Int
    /// Unfiltered pixel rows, `width * channels` bytes each.
    let pixels: [UInt8]

    init?(_ bytes: [UInt8]) {
        guard bytes.count > 33, bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { return nil }
        func integer(_ at: Int) -> Int { bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        var offset = 8
        var header: (width: Int, height: Int, depth: UInt8, type: UInt8, interlace: UInt8)?
        var compressed: [UInt8] = []
        while offset + 8 <= bytes.count {
            let length = integer(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = offset + 8
            guard data + length <= bytes.count else { return nil }
            if type == "IHDR" { header = (integer(data), integer(data + 4), bytes[data + 8], bytes[data + 9], bytes[data + 12]) }
            if type == "IDAT" { compressed += bytes[data..<(data + length)] }
            if type == "IEND" { break }
            offset = data + length + 4
        }
        guard let header, header.depth == 8, header.interlace == 0, header.type == 2 || header.type == 6 else { return nil }
        let channels = header.type == 6 ? 4 : 3
        let stride = header.width * channels
        var raw = [UInt8](repeating: 0, count: header.height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { output in
            compressed.withUnsafeBufferPointer { input in
                uncompress(output.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else { return nil }
        var pixels = [UInt8](repeating: 0, count: header.height * stride)
        for row in 0..<header.height {
            let filter = raw[row * (stride + 1)]
            for column in 0..<stride {
                let x = raw[row * (stride + 1) + 1 + column]
                let a = column >= channels ? Int(pixels[row * stride + column - channels]) : 0
                let b = row > 0 ? Int(pixels[(row - 1) * stride + column]) : 0
                let c = row > 0 && column >= channels ? Int(pixels[(row - 1) * stride + column - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: return nil
                }
                pixels[row * stride + column] = UInt8(truncatingIfNeeded: Int(x) + predictor)
            }
        }
        self.width = header.width
        self.height = header.height
        self.channels = channels
        self.pixels = pixels
    }

    /// How many pixels have each colour.
    func colourCounts() -> [Colour: Int] {
        var counts: [Colour: Int] = [:]
        var index = 0
        while index + 2 < pixels.count {
            counts[Colour(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2]), default: 0] += 1
            index += channels
        }
        return counts
    }
}
