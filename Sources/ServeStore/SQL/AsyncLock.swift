/// A first-come, first-served lock for async code: SQLite's transactions hold it from `BEGIN` to `COMMIT`, so two
/// tasks never interleave their statements on the one connection.
actor AsyncLock {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
