import FoundationEssentials

/// What went wrong, for a message: for a FoundationEssentials file error its POSIX reason ("No such file or
/// directory"), otherwise the error's own description. (FoundationEssentials has no `localizedDescription`.)
package func errorReason(_ error: any Error) -> String {
    if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
        return SystemCalls.message(posix.code.rawValue)
    }
    if let posix = error as? POSIXError { return SystemCalls.message(posix.code.rawValue) }
    return "\(error)"
}

extension StringProtocol {
    /// Without the spaces and tabs at either end (Foundation's `trimmingWhitespace()`).
    package func trimmingWhitespace() -> String {
        String(
            drop { $0.isWhitespace && !$0.isNewline }.reversed().drop { $0.isWhitespace && !$0.isNewline }.reversed())
    }

    /// Without whitespace or line breaks at either end (`trimmingWhitespaceAndNewlines()`).
    package func trimmingWhitespaceAndNewlines() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
