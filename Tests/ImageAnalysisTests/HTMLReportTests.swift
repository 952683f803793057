import Findings
import Testing

@testable import ImageAnalysis

@Suite("The treemap layout")
struct TreemapTests {
    static let bounds = Treemap.Rectangle(x: 0, y: 0, width: 1000, height: 420)

    @Test(
        "areas proportional to the values, inside the bounds, tiling them without overlap",
        arguments: [[6.0, 6, 4, 3, 2, 2, 1], [100.0], [50.0, 1, 1, 1, 0.5], [3.0, 3, 3, 3, 3, 3, 3, 3, 3]])
    func tiles(values: [Double]) {
        let rectangles = Treemap.layout(values, in: Self.bounds)
        #expect(rectangles.count == values.count)
        let total = values.reduce(0, +)
        let area = Self.bounds.width * Self.bounds.height
        for (value, rectangle) in zip(values, rectangles) {
            #expect(abs(rectangle.width * rectangle.height - value / total * area) < 0.01 * area / Double(values.count))
            #expect(rectangle.x >= -1e-9 && rectangle.y >= -1e-9)
            #expect(rectangle.x + rectangle.width <= Self.bounds.width + 1e-6)
            #expect(rectangle.y + rectangle.height <= Self.bounds.height + 1e-6)
        }
        for (i, a) in rectangles.enumerated() {
            for b in rectangles[(i + 1)...] {
                let overlapX = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
                let overlapY = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
                #expect(overlapX <= 1e-6 || overlapY <= 1e-6, "\(a) overlaps \(b)")
            }
        }
        let covered = rectangles.reduce(0) { $0 + $1.width * $1.height }
        #expect(abs(covered - area) < 1e-6 * area)
    }

    @Test("squarified: equal values give rectangles close to squares, not slivers")
    func squares() {
        let rectangles = Treemap.layout(
            [Double](repeating: 1, count: 16), in: .init(x: 0, y: 0, width: 400, height: 400))
        for rectangle in rectangles {
            #expect(max(rectangle.width / rectangle.height, rectangle.height / rectangle.width) < 2.5, "\(rectangle)")
        }
    }

    @Test("zero, negative and empty input give empty rectangles, not NaN")
    func degenerate() {
        #expect(Treemap.layout([], in: Self.bounds).isEmpty)
        for rectangle in Treemap.layout([0, -3], in: Self.bounds) { #expect(rectangle.width == 0) }
        let mixed = Treemap.layout([5, 0], in: Self.bounds)
        #expect(mixed[0].width == 1000 && mixed[0].height == 420 && mixed[1].width == 0)
    }
}

@Suite("HTML and Markdown reports")
struct HTMLReportTests {
    static let hostile = "/srv/<img src=x onerror=alert(1)>\"'&[link](http://evil)|\u{1B}[2J.txt"

    static func report() -> ImageReport {
        let layers = [
            LayerReport(
                index: 0, digest: "sha256:" + String(repeating: "a", count: 64), compressedBytes: 900, tarBytes: 4096,
                contentBytes: 3000, entries: 3, whiteouts: 0, createdBy: "/bin/sh -c #(nop) ADD file:<b>x</b> in /"),
            LayerReport(
                index: 1, digest: "sha256:" + String(repeating: "b", count: 64), compressedBytes: 100, tarBytes: 2048,
                contentBytes: 500, entries: 1, whiteouts: 1, createdBy: "/bin/sh -c rm -rf /srv/*"),
        ]
        let shadowed = ShadowedFile(
            path: hostile, bytes: 2000, addedIn: 0, hiddenIn: 1, cause: .deleted, advice: "delete it in the same RUN")
        let waste = WasteReport(
            shadowedBytes: 2000, shadowedFiles: 1, storedBytes: 3500, largest: [shadowed], shadowedByLayer: [2000, 0],
            shadowedByDirectory: [DirectoryUsage(directory: "/srv", files: 1, bytes: 2000)])
        let finding = Finding(
            rule: "SS1099", name: "test-check", practice: .secrets, severity: .error,
            message: "a secret in \(hostile)", hint: "remove <it>", layer: layers[0].digest, path: hostile)
        return ImageReport(
            image: "docker-archive:<script>alert(1)</script>.tar", platform: "linux/amd64", layers: layers,
            historyHeuristic: false, waste: waste,
            diveCompat: DiveCompat(efficiency: 0.5, wastedBytes: 2000, userWastedPercent: 0.4),
            directories: [DirectoryUsage(directory: "/srv", files: 2, bytes: 1500)],
            subdirectories: [DirectoryUsage(directory: "/srv", files: 2, bytes: 1500)], files: 2, contentBytes: 1500,
            distribution: "debian 12", findings: [finding])
    }

    @Test("everything from the image is text, never markup; the page can fetch and run nothing")
    func escaping() {
        let page = Self.report().html(toolVersion: "1.0")
        #expect(!page.contains("<img"))
        #expect(!page.contains("<script"))
        #expect(!page.contains("<b>x</b>"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"))
        #expect(!page.contains("\u{1B}"))
        #expect(page.contains("\\x1b[2J"))
        #expect(page.contains("default-src 'none'"))
        // The only URL in the page is SVG's namespace name, which is never fetched.
        let urls = page.ranges(of: "://").count
        let svg = page.ranges(of: "xmlns=\"http://www.w3.org/2000/svg\"").count
        #expect(urls == svg + page.ranges(of: "(http://evil)").count)
    }

    @Test("the page shows the layers, the shadowed bytes per layer, the findings by practice and the hints")
    func content() {
        let page = Self.report().html(toolVersion: "1.0")
        #expect(page.contains("<h2>Layers</h2>"))
        #expect(page.contains("2.0 kB shadowed"))
        #expect(page.contains("RUN rm -rf /srv/*"))
        #expect(page.contains("<h3>secrets</h3>"))
        #expect(page.contains("remove &lt;it&gt;"))
        #expect(page.contains("<svg class=\"treemap\""))
    }

    @Test("Markdown escapes what would become a link, a table cell or a heading")
    func markdown() {
        let text = Self.report().markdown()
        #expect(text.contains("\\[link\\]\\(http://evil\\)\\|"))
        #expect(text.contains("&lt;img src=x onerror=alert\\(1\\)&gt;"))
        #expect(!text.contains("<script"))
        #expect(text.contains("| 1 | 500 B |"))
        #expect(text.contains("**1** errors"))
    }
}
