// Prefix and suffix tests on paths, by their UTF-8 bytes.
//
// Every entry of every layer goes through `PackageCatalog.interest`, and with a vulnerability database `inspect`
// runs it on every line of every dpkg file list too (about 100,000 on a Debian image with Python and Node). The
// catalogers test `Substring` paths, for which the standard library's `hasPrefix`/`hasSuffix` are the generic
// `StringProtocol` ones: a walk over Characters (grapheme breaking) and, for the suffix, over a reversed view.
// In the release build they were a third of `inspect`'s CPU time with a database (perf, the realistic image of
// bench/sbom.sh). These overloads, more specific than the generic ones, are picked for every `Substring` receiver
// with a `String` argument in this module: a path is a byte string (the kernel compares bytes, not canonically
// equivalent Characters), so bytes are also the right comparison. Both sides are compared as contiguous bytes
// (native strings always are; the index-by-index walk is only the fallback).

extension Substring {
    /// Whether the path's UTF-8 bytes start with `prefix`'s.
    func hasPrefix(_ prefix: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { path in
            prefix.utf8.withContiguousStorageIfAvailable { prefix in
                path.count >= prefix.count && UnsafeBufferPointer(rebasing: path[..<prefix.count]).elementsEqual(prefix)
            }
        }
        return (fast ?? nil) ?? utf8.starts(with: prefix.utf8)
    }

    /// Whether the path's UTF-8 bytes end with `suffix`'s.
    func hasSuffix(_ suffix: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { path in
            suffix.utf8.withContiguousStorageIfAvailable { suffix in
                path.count >= suffix.count
                    && UnsafeBufferPointer(rebasing: path[(path.count - suffix.count)...]).elementsEqual(suffix)
            }
        }
        if let fast, let result = fast { return result }
        let count = suffix.utf8.count
        guard utf8.count >= count else { return false }
        return utf8.suffix(count).elementsEqual(suffix.utf8)
    }
}
