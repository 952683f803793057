import Testing

@testable import Lint

@Suite("SS0122 duplicate-stage-name")
struct DuplicateStageNameTests {
    @Test("the same name in another case")
    func case1() {
        expectFindings(
            DuplicateStageName(),
            """
            FROM golang:1.25 AS build
            FROM node:22 AS BUILD
            ^ SS0122
            """)
    }
    @Test("unique names")
    func case2() {
        expectFindings(
            DuplicateStageName(),
            """
            FROM golang:1.25 AS build-go
            FROM node:22 AS build-web
            """)
    }
}
