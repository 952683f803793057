import Testing

@testable import Lint

@Suite("SS0080 mixed-base-tags")
struct MixedBaseTagsTests {
    @Test("two tags of golang")
    func case1() {
        expectFindings(
            MixedBaseTags(),
            """
            FROM golang:1.24 AS build
            FROM golang:1.25 AS test
            ^ SS0080
            """)
    }
    @Test("one tag, or different images")
    func case2() {
        expectFindings(
            MixedBaseTags(),
            """
            FROM golang:1.25 AS build
            FROM golang:1.25 AS test
            FROM alpine:3.21
            """)
    }
}
