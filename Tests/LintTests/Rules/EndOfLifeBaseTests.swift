import Testing

@testable import Lint

@Suite("SS0061 end-of-life-base")
struct EndOfLifeBaseTests {
    static func on(_ day: String) -> Configuration {
        var configuration = Configuration()
        configuration.today = CalendarDate(iso: day)
        return configuration
    }

    @Test("long-ended releases: centos:7, debian:buster, ubuntu:18.04, python:2.7, node:16")
    func longEnded() {
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
            FROM node:16-alpine AS e
            ^ SS0061
            FROM python:2-alpine
            ^ SS0061
            """, configuration: Self.on("2026-12-03"))
    }

    @Test("supported on the day: bookworm, noble, Python 3.13, Node 22, Alpine 3.22")
    func supported() {
        expectFindings(
            EndOfLifeBase(),
            """
            FROM debian:bookworm-slim AS a
            FROM ubuntu:24.04 AS b
            FROM python:3.13-slim AS c
            FROM node:22-alpine AS d
            FROM alpine:3.22
            """, configuration: Self.on("2026-12-03"))
    }

    @Test("Python 3.10 ends on 2026-10-31: silent the day before, reported on the day")
    func bothSidesOfTheDate() {
        let file = "FROM python:3.10-slim\n"
        expectFindings(EndOfLifeBase(), file, configuration: Self.on("2026-10-30"))
        let findings = expectFindings(
            EndOfLifeBase(), file + "^ SS0061", configuration: Self.on("2026-10-31"))
        #expect(findings.first?.message == "python:3.10-slim: Python 3.10 reached end of life on 2026-10-31")
    }

    @Test("Debian counts to the end of LTS: bullseye on 2026-08-30 and 2026-08-31")
    func debianLTS() {
        expectFindings(EndOfLifeBase(), "FROM debian:bullseye\n", configuration: Self.on("2026-08-30"))
        let findings = expectFindings(
            EndOfLifeBase(), "FROM debian:bullseye\n^ SS0061", configuration: Self.on("2026-08-31"))
        #expect(findings.first?.message.contains("Debian 11 (bullseye) reached end of life on 2026-08-31") == true)
    }

    @Test("Ubuntu focal by number, codename and dated tag; ESM does not count")
    func focal() {
        expectFindings(
            EndOfLifeBase(),
            """
            FROM ubuntu:20.04 AS a
            ^ SS0061
            FROM ubuntu:focal AS b
            ^ SS0061
            FROM ubuntu:focal-20240530 AS c
            ^ SS0061
            FROM eclipse-temurin:17-jre-focal
            ^ SS0061
            """, configuration: Self.on("2025-06-01"))
        expectFindings(EndOfLifeBase(), "FROM ubuntu:focal\n", configuration: Self.on("2025-05-30"))
    }

    @Test("Go 1.24 and 1.25, .NET 5 to 7 on mcr.microsoft.com, Java images")
    func runtimes() {
        expectFindings(
            EndOfLifeBase(),
            """
            FROM golang:1.24-alpine AS a
            ^ SS0061
            FROM golang:1.25.3 AS b
            ^ SS0061
            FROM golang:1.26 AS c
            FROM mcr.microsoft.com/dotnet/sdk:5.0 AS d
            ^ SS0061
            FROM mcr.microsoft.com/dotnet/aspnet:7.0-alpine AS e
            ^ SS0061
            FROM mcr.microsoft.com/dotnet/runtime:10.0 AS f
            FROM eclipse-temurin:20-jdk AS g
            ^ SS0061
            FROM eclipse-temurin:21-jre AS h
            FROM amazoncorretto:8u392 AS i
            FROM openjdk:18-slim
            ^ SS0061
            """, configuration: Self.on("2026-12-03"))
    }

    @Test("the distribution in another image's tag: -bullseye, -alpine3.18; both reasons in one finding")
    func distributionInTag() {
        let findings = expectFindings(
            EndOfLifeBase(),
            """
            FROM node:18-alpine3.18 AS a
            ^ SS0061
            FROM python:3.13-bullseye AS b
            ^ SS0061
            FROM python:3.13-alpine3.22
            """, configuration: Self.on("2026-12-03"))
        #expect(findings.first?.message.contains("Node.js 18") == true)
        #expect(findings.first?.message.contains("Alpine 3.18") == true)
    }

    @Test("every CentOS Linux release has ended: centos:latest and centos:centos7 too")
    func centos() {
        expectFindings(
            EndOfLifeBase(),
            """
            FROM centos AS a
            ^ SS0061
            FROM centos:centos7.9.2009 AS b
            ^ SS0061
            FROM centos:8
            ^ SS0061
            """, configuration: Self.on("2026-12-03"))
        // Before CentOS 7 ended, `latest` is not judged (7 was still supported).
        expectFindings(EndOfLifeBase(), "FROM centos:latest\n", configuration: Self.on("2024-01-01"))
    }

    @Test("a tag from a global ARG's default is judged by that default")
    func argDefault() {
        expectFindings(
            EndOfLifeBase(), "ARG V=3.8\nFROM python:$V\n^ SS0061", configuration: Self.on("2026-12-03"))
    }

    @Test("tags that name no release, symbolic tags and other registries are not judged")
    func unknown() {
        expectFindings(
            EndOfLifeBase(),
            """
            ARG V
            FROM python:3 AS a
            FROM python:$V AS b
            FROM debian:stable-slim AS c
            FROM node:lts AS d
            FROM ghcr.io/acme/python:2.7 AS e
            FROM openjdk AS f
            FROM redis:7.4
            """, configuration: Self.on("2026-12-03"))
    }

    @Test("the shipped table parses whole, names its source, and holds the releases the issue names")
    func table() throws {
        let table = EndOfLifeTable.shipped
        let text = String(decoding: PackageResources.end_of_life_tsv, as: UTF8.self)
        let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(table.count == rows.count)
        #expect(table.source.contains("endoflife.date"))
        for (product, cycle) in [
            ("ubuntu", "20.04"), ("go", "1.24"), ("go", "1.25"), ("python", "3.10"), ("dotnet", "5"), ("dotnet", "7"),
        ] {
            #expect(table.releases[product]?[cycle] != nil, "\(product) \(cycle)")
        }
        #expect(table.codenames["ubuntu"]?["focal"]?.cycle == "20.04")
    }

    @Test("dates: ISO parsing, the civil calendar, ordering")
    func dates() throws {
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2024-02-29")?.description == "2024-02-29")
        #expect(CalendarDate(iso: "2026-1-05") == nil)
        #expect(CalendarDate(iso: "２０２６-01-05") == nil)
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CalendarDate(daysSinceEpoch: 20_790).description == "2026-12-03")
        #expect(CalendarDate(daysSinceEpoch: -1).description == "1969-12-31")
        let a = try #require(CalendarDate(iso: "2026-10-30"))
        let b = try #require(CalendarDate(iso: "2026-10-31"))
        #expect(a < b)
    }
}
