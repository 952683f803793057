import Foundation
import Testing

@testable import Registry

@Suite("Retry-After and HTTP dates (RFC 9110)")
struct RetryAfterTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, the RFC's own example.
    static let example: Int64 = 784_111_777

    @Test(
        "the three HTTP-date formats give the same instant",
        arguments: [
            "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
            "  Sun, 06 Nov 1994 08:49:37 GMT ",
        ])
    func formats(text: String) {
        #expect(HTTPDate.parse(text, now: 1_700_000_000) == Self.example)
    }

    @Test(
        "malformed dates are not dates",
        arguments: [
            "", "120s", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 31 Feb 2024 00:00:00 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun Nov  6 08:49:37 94", "Sunday, 06-Nov-1994 08:49:37 GMT",
        ])
    func malformed(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test("leap days and the epoch")
    func calendar() {
        #expect(HTTPDate.parse("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 12:00:00 GMT") == 1_709_208_000)
        #expect(HTTPDate.parse("Tue, 29 Feb 2000 00:00:00 GMT") == 951_782_400)
        #expect(HTTPDate.parse("Sat, 29 Feb 1900 00:00:00 GMT") == nil)
    }

    @Test("a two-digit rfc850 year is at most 50 years ahead")
    func twoDigitYears() {
        // now = 2026-11-29
        let now: Int64 = 1_795_910_400
        #expect(HTTPDate.parse("Tuesday, 01-Jan-80 00:00:00 GMT", now: now) == 315_532_800)  // 1980: 2080 is too far
        #expect(HTTPDate.parse("Sunday, 01-Jan-70 00:00:00 GMT", now: now) == 3_155_760_000)  // 2070: 44 years ahead
        #expect(HTTPDate.parse("Wednesday, 01-Jan-76 00:00:00 GMT", now: now).map { $0 > now } == true)
        #expect(HTTPDate.parse("Friday, 01-Jan-77 00:00:00 GMT", now: now).map { $0 < now } == true)
    }

    @Test("Retry-After as seconds or a date waits until then, capped; otherwise backoff")
    func delays() {
        let client = makeClient(
            "127.0.0.1:1", options: RegistryOptions(retryDelay: .milliseconds(100), maxRetryAfter: .seconds(30)))
        let now = Date(timeIntervalSince1970: TimeInterval(Self.example))
        #expect(client.delay(attempt: 0, retryAfter: "7", now: now) == .seconds(7))
        #expect(client.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 08:49:42 GMT", now: now) == .seconds(5))
        #expect(client.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 08:49:00 GMT", now: now) == .zero)
        #expect(client.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 09:49:37 GMT", now: now) == .seconds(30))
        #expect(client.delay(attempt: 0, retryAfter: "3600", now: now) == .seconds(30))
        #expect(client.delay(attempt: 2, retryAfter: "soon", now: now) == .milliseconds(400))
        #expect(client.delay(attempt: 1, retryAfter: nil, now: now) == .milliseconds(200))
    }
}
