import Testing

@testable import YAML

@Suite("YAML parser")
struct YAMLParserTests {
    func json(_ text: String) throws -> String {
        try YAMLParser.parse(text)?.jsonText() ?? "null"
    }

    @Test("a block mapping with a sequence and a flow list")
    func basic() throws {
        #expect(
            try json("a: 1\nb: [x, 'y']\nc:\n- d\n- e: f\n") == #"{"a": 1, "b": ["x", "y"], "c": ["d", {"e": "f"}]}"#)
    }
}
