#!/usr/bin/env python3
"""Lint precision on the shared corpus: how many files fail at the default threshold, how often each rule fires,
and a reproducible sample of each rule's findings to judge by hand.

    python3 bench/precision.py [--sample N] [--seed S] [--group real|fixture|template] [--rule SS0050]
                               [--judgments FILE] [--per-file]

Environment: BIN (the shipshape binary, default .build/release/shipshape), CORPUS (default
../shared/corpus/dockerfiles), QUICK=1 (3 findings a rule instead of 10; no file-by-file comparison).

Every corpus file is named on the command line (templates too, which discovery would skip) and linted in one
process with `--format json --fail-on none`. Files are classed by name: *templates* (`*.template`, `*.tmpl`, …:
a generator renders them into Dockerfiles), *fixtures* (deliberate test inputs: checkov's and trivy-checks'
check examples, BuildKit's parser test files, every `test`/`tests`/`testdata`/`testfiles` path) and *real* (the
rest). Figures and samples are per class; the default-threshold failure rate is over real files.

The sample is drawn per rule with `random.Random(f"{seed}:{rule}")` from the findings sorted by file and line, so
a run with the same seed and the same findings prints the same sample. Each sampled finding prints the file, the
line, the instruction text (first lines) and the message; a judge writes one line per finding into a judgments
file:   RULE<TAB>FILE<TAB>LINE<TAB>true|false|debatable[<TAB>why]
and `--judgments FILE` prints the per-rule table (fired, sampled, true, false, debatable) and the overall
figures, each rule's sample weighted by how often the rule fires (warnings and errors; info apart).

`--per-file` also lints every file in a process of its own and reports any finding that differs from the
one-process run (a finding about a file must depend on that file only).
"""
import argparse, collections, json, os, random, re, subprocess, sys

TEMPLATE = re.compile(r"\.(template|tmpl|tpl|j2|jinja2?|in)$", re.I)
FIXTURE_REPOS = {"bridgecrewio+checkov", "aquasecurity+trivy-checks"}
FIXTURE = re.compile(r"(^|[_.])(tests?|testdata|testfiles(-negative)?|testfile-line|TestImages)([_.]|$)", re.I)


def file_class(path):
    repo, name = path.split("/")[-2:]
    if TEMPLATE.search(name):
        return "template"
    if repo in FIXTURE_REPOS or FIXTURE.search(name):
        return "fixture"
    return "real"


def lint(binary, files):
    out = subprocess.run([binary, "lint", "--format", "json", "--fail-on", "none", *files],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"precision.py: {binary} lint exited {out.returncode}: {out.stderr.strip()[:500]}")
    return json.loads(out.stdout)["findings"]


def instruction_text(path, line, end_line, cache={}):
    if path not in cache:
        with open(path, encoding="utf-8", errors="replace") as handle:
            cache[path] = handle.read().splitlines()
    lines = cache[path][line - 1:min(end_line, line + 3)]
    text = " | ".join(part.strip() for part in lines)
    return text[:240] + (" …" if len(text) > 240 or end_line > line + 3 else "")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick = os.environ.get("QUICK", "0") == "1"
    parser.add_argument("--sample", type=int, default=3 if quick else 10)
    parser.add_argument("--seed", default="12")
    parser.add_argument("--group", default="real", choices=["real", "fixture", "template"])
    parser.add_argument("--rule", action="append", help="sample only these rules (repeatable)")
    parser.add_argument("--judgments", help="a judgments file: print the judged table")
    parser.add_argument("--per-file", action="store_true", help="compare with one process per file")
    parser.add_argument("--no-sample", action="store_true", help="print the tables only")
    args = parser.parse_args()

    binary = os.environ.get("BIN") or ".build/release/shipshape"
    corpus = os.environ.get("CORPUS") or "../shared/corpus/dockerfiles"
    if not os.path.isdir(corpus):
        sys.exit(f"precision.py: the corpus {corpus} is absent (CORPUS=dir names another)")
    files = sorted(os.path.join(root, name) for root, _, names in os.walk(corpus) for name in names
                   if not name.endswith(".md") and root != corpus)
    classes = {path: file_class(path) for path in files}
    per_class = collections.Counter(classes.values())
    findings = lint(binary, files)
    for finding in findings:
        finding["class"] = classes.get(finding["file"], "real")

    # The default threshold is warning: a file fails when it has a warning or an error.
    failing = {f["file"] for f in findings if f["severity"] in ("error", "warning") and f["class"] == "real"}
    print(f"corpus: {len(files)} files ({per_class['real']} real, {per_class['fixture']} fixtures, "
          f"{per_class['template']} templates); {len(findings)} findings")
    print(f"real files failing at the default threshold (warning): {len(failing)} of {per_class['real']} "
          f"({100 * len(failing) / max(per_class['real'], 1):.1f} %)")
    print()
    rules = sorted({f["rule"] for f in findings})
    print(f"{'rule':7} {'name':34} {'severity':8} {'real':>5} {'files':>5} {'%files':>6} {'fixt':>5} {'tmpl':>5}")
    for rule in rules:
        of_rule = [f for f in findings if f["rule"] == rule]
        real = [f for f in of_rule if f["class"] == "real"]
        real_files = {f["file"] for f in real}
        count = collections.Counter(f["class"] for f in of_rule)
        print(f"{rule:7} {of_rule[0]['name'][:34]:34} {of_rule[0]['severity']:8} {len(real):5} {len(real_files):5} "
              f"{100 * len(real_files) / max(per_class['real'], 1):5.1f}% {count['fixture']:5} {count['template']:5}")

    if args.per_file and not quick:
        together = collections.Counter((f["file"], f["line"], f["rule"], f["message"]) for f in findings)
        alone = collections.Counter()
        for path in files:
            alone.update((f["file"], f["line"], f["rule"], f["message"]) for f in lint(binary, [path]))
        extra, missing = together - alone, alone - together
        print(f"\none process against one per file: {sum(extra.values())} findings only together, "
              f"{sum(missing.values())} only alone")
        for key in sorted(extra)[:10]:
            print("  only together:", *key)
        for key in sorted(missing)[:10]:
            print("  only alone:", *key)

    if args.judgments:
        print_judged(findings, args.judgments)
    if args.no_sample:
        return
    for rule in rules:
        if args.rule and rule not in args.rule:
            continue
        pool = sorted((f for f in findings if f["rule"] == rule and f["class"] == args.group),
                      key=lambda f: (f["file"], f["line"], f["column"], f["message"]))
        if not pool:
            continue
        sample = random.Random(f"{args.seed}:{rule}").sample(pool, min(args.sample, len(pool)))
        print(f"\n## {rule} {pool[0]['name']} ({pool[0]['severity']}): {len(pool)} {args.group} findings, "
              f"{len(sample)} sampled")
        for f in sorted(sample, key=lambda f: (f["file"], f["line"])):
            short = "/".join(f["file"].split("/")[-2:])
            print(f"{rule}\t{short}\t{f['line']}")
            print(f"    > {instruction_text(f['file'], f['line'], f.get('endLine', f['line']))}")
            print(f"    = {f['message']}")


def print_judged(findings, path):
    verdicts = {}
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip() or raw.startswith("#"):
                continue
            parts = raw.rstrip("\n").split("\t")
            if len(parts) < 4 or parts[3] not in ("true", "false", "debatable"):
                sys.exit(f"precision.py: {path}:{number}: expected RULE, FILE, LINE, true|false|debatable")
            verdicts[(parts[0], parts[1], int(parts[2]))] = parts[3]
    real = [f for f in findings if f["class"] == "real"]
    fired = collections.Counter(f["rule"] for f in real)
    severity = {f["rule"]: f["severity"] for f in real}
    judged = collections.defaultdict(collections.Counter)
    for f in real:
        key = (f["rule"], "/".join(f["file"].split("/")[-2:]), f["line"])
        if key in verdicts:
            judged[f["rule"]][verdicts[key]] += 1
    print(f"\n| rule | severity | fired | sampled | true | false | debatable |")
    print("|---|---|---|---|---|---|---|")
    weighted = {"warning+error": collections.Counter(), "info": collections.Counter()}
    for rule in sorted(fired):
        counts = judged.get(rule, collections.Counter())
        sampled = sum(counts.values())
        print(f"| {rule} | {severity[rule]} | {fired[rule]} | {sampled} | {counts['true']} | {counts['false']} | "
              f"{counts['debatable']} |")
        if sampled:
            group = "info" if severity[rule] == "info" else "warning+error"
            for verdict in ("true", "false", "debatable"):
                weighted[group][verdict] += fired[rule] * counts[verdict] / sampled
    for group, counts in weighted.items():
        total = sum(counts.values())
        if total:
            print(f"\n{group}, weighted by how often each judged rule fires: "
                  + ", ".join(f"{100 * counts[v] / total:.1f} % {v}" for v in ("true", "false", "debatable")))


if __name__ == "__main__":
    main()
