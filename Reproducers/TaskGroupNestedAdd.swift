// A Swift 6.3.1 optimiser miscompile, reduced from ImageAnalyzer.scanAll at 9eb7014 (the release build trapped
// "Index out of range" on every image of two layers or more; the debug build was right).
//
//   swiftc -O     -swift-version 6 -parse-as-library TaskGroupNestedAdd.swift && ./TaskGroupNestedAdd
//       [Optional(2), nil, nil]                       <- wrong
//   swiftc -Onone -swift-version 6 -parse-as-library TaskGroupNestedAdd.swift && ./TaskGroupNestedAdd
//       [Optional(0), Optional(1), Optional(2)]       <- right
//
// The shape: child tasks added from a nested function that captures the task group and a counter, each child
// returning the index it was given by value with a `Result`, and a source whose type the optimiser does not know
// (an existential here; in Shipshape an unspecialised `some LayerScanning`). With a concrete (or specialised)
// source, without the Result, or with the loop written flat, the output is right. No state is shared between the
// children and the parent in the source, so this is not a data race. Shipshape's fan-outs are flat loops for this
// reason (ImageAnalyzer.scanAll, ImageLayers.forEachLayer, ImageCopier), and STYLE.md asks for that shape.
// Not part of the package: SwiftPM builds only Sources/ and Tests/.
protocol Source: Sendable { func value(_ index: Int) async throws -> Int }
struct Ramp: Source { func value(_ index: Int) async throws -> Int { index } }

func collect(_ source: any Source, count: Int) async -> [Int?] {
    var results = [Int?](repeating: nil, count: count)
    await withTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
        var next = 0
        func add() {
            guard next < count else { return }
            let index = next
            next += 1
            group.addTask {
                do { return (index, .success(try await source.value(index))) } catch { return (index, .failure(error)) }
            }
        }
        add()
        while let (index, outcome) = await group.next() {
            switch outcome {
            case .success(let value): results[index] = value
            case .failure: break
            }
            add()
        }
    }
    return results
}

@main struct Main {
    static func main() async { print(await collect(Ramp(), count: 3)) }
}
