/// A squarified treemap (Bruls, Huizing and van Wijk, "Squarified Treemaps", 2000): rectangles whose areas are
/// proportional to the values, laid out row by row along the shorter side so that they stay close to squares.
/// Pure geometry; the HTML report draws the result as SVG.
public enum Treemap {
    public struct Rectangle: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// One rectangle per value, in the order given (values should come largest first, as the algorithm assumes;
    /// zero and negative values get an empty rectangle). The rectangles tile `bounds` exactly.
    public static func layout(_ values: [Double], in bounds: Rectangle) -> [Rectangle] {
        var result = [Rectangle](
            repeating: Rectangle(x: bounds.x, y: bounds.y, width: 0, height: 0), count: values.count)
        let total = values.reduce(0) { $0 + max($1, 0) }
        guard total > 0, bounds.width > 0, bounds.height > 0 else { return result }
        // Areas in the bounds' units.
        let scale = bounds.width * bounds.height / total
        let areas = values.map { max($0, 0) * scale }
        var free = bounds
        var start = 0
        while start < areas.count, areas[start] > 0 {
            // Grow the row while that makes its worst aspect ratio better.
            let side = min(free.width, free.height)
            var end = start + 1
            var rowArea = areas[start]
            while end < areas.count, areas[end] > 0 {
                let grown = rowArea + areas[end]
                if worst(areas[start...end], sum: grown, side: side)
                    > worst(areas[start..<end], sum: rowArea, side: side)
                {
                    break
                }
                rowArea = grown
                end += 1
            }
            // Lay the row along the shorter side, then cut it off the free space.
            if free.width >= free.height {
                let rowWidth = rowArea / free.height
                var y = free.y
                for index in start..<end {
                    let height = areas[index] / rowWidth
                    result[index] = Rectangle(x: free.x, y: y, width: rowWidth, height: height)
                    y += height
                }
                free = Rectangle(
                    x: free.x + rowWidth, y: free.y, width: max(free.width - rowWidth, 0), height: free.height)
            } else {
                let rowHeight = rowArea / free.width
                var x = free.x
                for index in start..<end {
                    let width = areas[index] / rowHeight
                    result[index] = Rectangle(x: x, y: free.y, width: width, height: rowHeight)
                    x += width
                }
                free = Rectangle(
                    x: free.x, y: free.y + rowHeight, width: free.width, height: max(free.height - rowHeight, 0))
            }
            start = end
        }
        return result
    }

    /// The worst aspect ratio of a row of `areas` summing to `sum`, laid along a side of length `side`.
    static func worst(_ areas: ArraySlice<Double>, sum: Double, side: Double) -> Double {
        guard let largest = areas.max(), let smallest = areas.min(), smallest > 0, sum > 0 else { return .infinity }
        let side2 = side * side
        let sum2 = sum * sum
        return max(side2 * largest / sum2, sum2 / (side2 * smallest))
    }
}
