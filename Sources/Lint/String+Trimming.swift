extension StringProtocol {
    /// Without the spaces and tabs at either end (Foundation's `trimmingWhitespace()`).
    func trimmingWhitespace() -> String {
        String(
            drop { $0.isWhitespace && !$0.isNewline }.reversed().drop { $0.isWhitespace && !$0.isNewline }.reversed())
    }
}
