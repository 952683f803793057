/// Where the database lives: `$SHIPSHAPE_DB`, else `$XDG_CACHE_HOME/shipshape/osv.db`, else
/// `$HOME/.cache/shipshape/osv.db` (the XDG Base Directory Specification's default for the cache directory).
public enum DatabaseLocation {
    public static func path(environment: [String: String]) -> String {
        if let path = environment["SHIPSHAPE_DB"], !path.isEmpty { return path }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/shipshape/osv.db" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return home + "/.cache/shipshape/osv.db"
    }

    /// The variables `path(environment:)` reads, from this process.
    public static var processEnvironment: [String: String] {
        var out: [String: String] = [:]
        for name in ["SHIPSHAPE_DB", "XDG_CACHE_HOME", "HOME"] { out[name] = LocalFile.environment(name) }
        return out
    }
}
