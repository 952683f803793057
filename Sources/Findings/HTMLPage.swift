/// The frame every HTML report shares: one self-contained page with its style inline. The Content-Security-Policy
/// forbids every script, font, frame and request (`default-src 'none'`), so nothing in a report can fetch or run
/// anything even if an escaping bug let markup through; colours follow `prefers-color-scheme`, and the page prints.
public struct HTMLPage: Sendable {
    public var title: String
    /// The body's markup, already escaped by the caller (`HTMLText`).
    public var body: String = ""

    public init(title: String) {
        self.title = title
    }

    public func rendered() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(HTMLText.escaped(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static let style = """
        :root{color-scheme:light dark;--fg:#1d2330;--muted:#5b6475;--bg:#ffffff;--card:#f4f6f9;--line:#d9dee7;\
        --error:#c62828;--warning:#b26a00;--info:#1565c0;--ok:#2e7d32;--content:#4f7cc0;--shadow:#e0703a;\
        --compressed:#9aa6b8}
        @media (prefers-color-scheme:dark){:root{--fg:#e4e8ef;--muted:#9aa3b2;--bg:#14171c;--card:#1d2128;\
        --line:#2d333d;--error:#ef5350;--warning:#ffb74d;--info:#64b5f6;--ok:#81c784;--content:#5c8fd6;\
        --shadow:#ff8a50;--compressed:#6b7687}}
        *{box-sizing:border-box}
        body{margin:0 auto;max-width:1100px;padding:24px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",\
        Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        h1{font-size:24px;margin:0 0 4px;word-break:break-all}h2{font-size:19px;margin:32px 0 10px;\
        border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
        code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
        .meta,.note,footer,.digest{color:var(--muted)}.digest{font-size:12px;word-break:break-all}
        .tiles{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:14px 0 0}
        .tile{background:var(--card);border-radius:8px;padding:10px 14px;min-width:120px;border-top:4px solid \
        var(--line)}.tile .value{display:block;font-size:20px;font-weight:600}.tile .label{color:var(--muted);\
        font-size:13px}.tile.error{border-color:var(--error)}.tile.warning{border-color:var(--warning)}\
        .tile.info{border-color:var(--info)}.tile.ok{border-color:var(--ok)}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:6px 8px;\
        border-bottom:1px solid var(--line)}th{font-size:13px;color:var(--muted);font-weight:600}
        td.index{width:2em;color:var(--muted)}td.bars{width:38%}td.sizes{white-space:nowrap;font-size:13px}
        .bar{height:12px;border-radius:3px;margin:2px 0}.bar.content{background:var(--content);min-width:2px;\
        overflow:hidden}.bar.shadow{background:var(--shadow);height:100%;margin:0;border-radius:0}\
        .bar.compressed{background:var(--compressed);height:6px}
        .key{padding:0 4px;border-radius:3px;color:#fff}.key.shadow{background:var(--shadow)}\
        .key.compressed{background:var(--compressed)}.shadowtext{color:var(--shadow)}
        .treemap{width:100%;height:auto;display:block;margin:8px 0 12px;background:var(--card);border-radius:6px}
        .treemap rect{stroke:var(--bg);stroke-width:2}.treemap text{font:12px system-ui,sans-serif;fill:#fff;\
        pointer-events:none}.treemap text.size{opacity:.85}
        .t0{fill:#3d6fb6}.t1{fill:#2f8f6b}.t2{fill:#a05a2c}.t3{fill:#7b52a8}.t4{fill:#b5475f}.t5{fill:#4b7f8c}\
        .t6{fill:#8a7a2a}.t7{fill:#5a6478}
        ul.findings,ol.shadowed{padding-left:0;list-style:none}ul.findings li,ol.shadowed li{background:var(--card);\
        border-left:4px solid var(--line);border-radius:4px;padding:8px 12px;margin:6px 0}\
        ul.findings li.error{border-color:var(--error)}ul.findings li.warning{border-color:var(--warning)}\
        ul.findings li.info{border-color:var(--info)}ol.shadowed li{border-color:var(--shadow)}
        .severity{font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.04em}\
        .severity.error{color:var(--error)}.severity.warning{color:var(--warning)}.severity.info{color:var(--info)}
        .rule{font-weight:600}.message{margin-top:2px;word-break:break-word}.where{font-size:13px;color:var(--muted)}
        .hint{margin-top:4px;font-size:14px}.hint::before{content:"→ ";color:var(--muted)}.ok{color:var(--ok)}
        footer{margin-top:36px;font-size:13px}
        @media print{body{max-width:none;padding:0;font-size:12px}section{break-inside:avoid-page}\
        .tile,ul.findings li,ol.shadowed li,.treemap{background:none;border:1px solid #bbb}}
        """
}
