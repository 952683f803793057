import Foundation

/// What a gated test needs (a program, root, a Debian package). Outside CI a test whose requirement is not met is
/// skipped with its reason; in CI (`CI=true`, as `.ci/run` and GitHub set it) every requirement counts as met, so a
/// missing dependency fails the test that needs it instead of skipping it quietly.
public enum Requirement {
    /// Whether the tests run in CI, where nothing may be skipped for want of a dependency.
    public static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// `condition`, or true in CI: use as `.enabled(if: Requirement.met(…), "needs …")`.
    public static func met(_ condition: @autoclosure () -> Bool) -> Bool {
        inCI || condition()
    }
}
