import Testing

@testable import Lint

@Suite("SS0061 end-of-life-base")
struct EndOfLifeBaseTests {
    @Test("centos:7, debian:buster, ubuntu:18.04, python:2.7, node:16")
    func case1() {
        expectFindings(
            EndOfLifeBase(),
            """
            FROM centos:7 AS a
            ^ SS0061
            FROM debian:buster-slim AS b
            ^ SS0061
            FROM ubuntu:18.04 AS c
            ^ SS0061
            FROM python:2.7-slim AS d
            ^ SS0061
            FROM node:16-alpine
            ^ SS0061
            """)
    }
    @Test("supported releases")
    func case2() {
        expectFindings(
            EndOfLifeBase(),
            """
            FROM debian:bookworm-slim AS a
            FROM ubuntu:24.04 AS b
            FROM python:3.13-slim AS c
            FROM node:22-alpine AS d
            FROM alpine:3.21
            """)
    }
}
