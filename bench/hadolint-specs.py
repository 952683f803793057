#!/usr/bin/env python3
"""Runs hadolint's own rule specs (test/Hadolint/Rule/DL*Spec.hs of a hadolint checkout) against shipshape lint.

For every DL code that `shipshape rules --format json` maps, each assertion of the spec (`ruleCatches`,
`ruleCatchesNot`, `onBuildRuleCatches`, `onBuildRuleCatchesNot`) is read from the Haskell source: its Dockerfile is
a string literal or a `let NAME = [ "…", … ]` list joined by `Text.unlines`, as hadolint's Helpers build it; the
onBuild forms wrap every RUN in ONBUILD, as Helpers' wrapInOnBuild does. An assertion agrees when shipshape reports
one of the mapped rules (catches) or none of them (catches not). Assertions under a non-default `?config` are
counted apart: they test hadolint options, not the rule. Nothing of hadolint is stored here; the specs are read
where they are.

The mapping is what `shipshape explain SSxxxx` prints as "hadolint equivalents".

Environment: BIN (default .build/release/shipshape; bench/hadolint-specs.sh sets it as every bench does), HADOLINT_SRC (a hadolint checkout, or a bare git directory
whose HEAD is read). Prints the agreement per code and overall; `--list` prints every disagreement.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

BIN = os.environ.get("BIN", ".build/release/shipshape")
SRC = os.environ.get("HADOLINT_SRC", "")


def spec_files():
    """(code, text) of each DL spec, from a work tree or a bare git directory."""
    folder = os.path.join(SRC, "test/Hadolint/Rule")
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            match = re.fullmatch(r"(DL\d{4})Spec\.hs", name)
            if match:
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    yield match.group(1), handle.read()
        return
    names = subprocess.run(["git", "-C", SRC, "ls-tree", "--name-only", "HEAD", "test/Hadolint/Rule/"],
                           capture_output=True, text=True, check=True).stdout.split()
    for path in sorted(names):
        match = re.fullmatch(r"test/Hadolint/Rule/(DL\d{4})Spec\.hs", path)
        if match:
            text = subprocess.run(["git", "-C", SRC, "show", f"HEAD:{path}"], capture_output=True, text=True,
                                  check=True).stdout
            yield match.group(1), text


STRING = r'"(?:[^"\\]|\\.)*"'


def haskell_string(literal):
    """The value of a Haskell string literal (the escapes the specs use)."""
    body = literal[1:-1]
    # A string gap: backslash, whitespace, backslash.
    body = re.sub(r"\\\s+\\", "", body)
    out = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            nxt = body[index + 1]
            mapping = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "&": ""}
            if nxt in mapping:
                out.append(mapping[nxt])
                index += 2
                continue
            digits = re.match(r"\d+", body[index + 1:])
            if digits:
                out.append(chr(int(digits.group(0))))
                index += 1 + len(digits.group(0))
                continue
        out.append(char)
        index += 1
    return "".join(out)


ASSERTION = re.compile(r"\b(onBuildRuleCatchesNot|onBuildRuleCatches|ruleCatchesNot|ruleCatches)\s+\"(DL\d{4})\"")
LET_LIST = re.compile(r"\blet\s+(\w+)\s*=\s*(?:Text\.unlines\s*)?\[((?:\s*" + STRING + r"\s*,?)*)\s*\]", re.S)


def assertions(text):
    """(kind, code, dockerfile or None, non-default config) for each assertion in a spec."""
    lists = [(m.start(), m.group(1), [haskell_string(s) for s in re.findall(STRING, m.group(2))])
             for m in LET_LIST.finditer(text)]
    strings = [(m.start(), m.group(1), haskell_string(m.group(2)))
               for m in re.finditer(r"\blet\s+(\w+)\s*=\s*(" + STRING + r")", text)]
    # A `let ?config = def { … }` after the last `it` before an assertion changes the configuration.
    items = [m.start() for m in re.finditer(r"\n\s+it\s+\"", text)]
    configs = [m.start() for m in re.finditer(r"let \?config = def\s*\{", text)]
    for match in ASSERTION.finditer(text):
        kind, code = match.group(1), match.group(2)
        rest = text[match.end():match.end() + 2000].lstrip()
        dockerfile = None
        if rest.startswith('"'):
            literal = re.match(STRING + r"(\s*<>\s*" + STRING + r")*", rest, re.S)
            dockerfile = "".join(haskell_string(s) for s in re.findall(STRING, literal.group(0)))
        else:
            inline = re.match(r"(?:\$|\()\s*Text\.unlines\s*\[((?:\s*" + STRING + r"\s*,?)*)\s*\]", rest, re.S)
            named = re.match(r"(?:\$|\()\s*(?:Text\.)?unlines\s+(\w+)", rest)
            bare = re.match(r"(\w+)\b", rest)
            if bare and not named and not inline:
                candidates = [value for start, name, value in strings
                              if name == bare.group(1) and start < match.start()]
                lines = [(start, value) for start, name, value in lists
                         if name == bare.group(1) and start < match.start()]
                if lines and (not candidates or lines[-1][0] > max(s for s, n, _ in strings if n == bare.group(1))):
                    dockerfile = "".join(line + "\n" for line in lines[-1][1])
                elif candidates:
                    dockerfile = candidates[-1]
            if inline:
                dockerfile = "".join(haskell_string(s) + "\n" for s in re.findall(STRING, inline.group(1)))
            elif named:
                candidates = [lines for start, name, lines in lists
                              if name == named.group(1) and start < match.start()]
                if candidates:
                    dockerfile = "".join(line + "\n" for line in candidates[-1])
        item = max([start for start in items if start < match.start()], default=0)
        custom = any(item < start < match.start() for start in configs)
        yield kind, code, dockerfile, custom


def wrap_onbuild(dockerfile):
    return "".join(("ONBUILD " + line if re.match(r"(?i)run\b", line) else line)
                   for line in dockerfile.splitlines(keepends=True))


def main():
    listing = "--list" in sys.argv
    if not SRC:
        sys.exit("hadolint-specs.py: set HADOLINT_SRC to a hadolint checkout")
    rules = json.loads(subprocess.run([BIN, "rules", "--format", "json"], capture_output=True, text=True,
                                      check=True).stdout)["rules"]
    # The DL codes `explain` names for each lint rule ("hadolint equivalents: DL3008, …").
    mapping = {}
    for rule in rules:
        if rule.get("kind") != "lint":
            continue
        text = subprocess.run([BIN, "explain", rule["id"]], capture_output=True, text=True).stdout
        for line in text.splitlines():
            if line.startswith("hadolint equivalents:"):
                for code in re.findall(r"DL\d{4}", line):
                    mapping.setdefault(code, set()).add(rule["id"])
    cases = []
    unreadable = 0
    custom_config = 0
    for code, text in spec_files():
        if code not in mapping:
            continue
        for kind, asserted, dockerfile, custom in assertions(text):
            if asserted not in mapping:
                continue
            if dockerfile is None:
                unreadable += 1
                continue
            if custom:
                custom_config += 1
                continue
            if kind.startswith("onBuild"):
                dockerfile = wrap_onbuild(dockerfile)
            cases.append((asserted, kind, dockerfile))
    as_written = judge(cases, mapping)
    # Most specs write a bare `RUN …` without FROM, hadolint's shorthand for a RUN in a stage: BuildKit rejects
    # such a file (SS0123) and shipshape judges no stage of it. The second count gives those snippets a FROM.
    adapted = [(code, kind, dockerfile if re.search(r"(?im)^\s*from\s", dockerfile) else "FROM scratch\n" + dockerfile)
               for code, kind, dockerfile in cases]
    results = judge(adapted, mapping)
    print(f"hadolint specs from {SRC}: {len(cases)} assertions for {len(results[0])} mapped DL codes "
          f"({custom_config} under a non-default configuration and {unreadable} unreadable left out)")
    print(f"agree as written: {sum(a for _, a in as_written[0].values())} of {len(cases)}")
    print("with `FROM scratch` before the snippets that have no FROM, per code:")
    for code in sorted(results[0]):
        total, agreed = results[0][code]
        print(f"  {code} -> {','.join(sorted(mapping[code]))}: {agreed} of {total}")
    print(f"agree: {sum(a for _, a in results[0].values())} of {len(cases)}")
    if listing:
        for code, kind, dockerfile in results[1]:
            print(f"--- {code} {kind} (we {'do not catch' if not kind.endswith('Not') else 'catch'})")
            print(dockerfile.rstrip())


def judge(cases, mapping):
    """({code: (assertions, agreeing)}, [disagreeing cases]) for one lint run over every case."""
    with tempfile.TemporaryDirectory(prefix="hadolint-specs-") as folder:
        paths = []
        for index, (_, _, dockerfile) in enumerate(cases):
            path = os.path.join(folder, f"case{index:04d}.Dockerfile")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(dockerfile if dockerfile.endswith("\n") else dockerfile + "\n")
            paths.append(path)
        out = subprocess.run([BIN, "lint", "--format", "json", "--fail-on", "none", *paths], capture_output=True,
                             text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"hadolint-specs.py: lint exited {out.returncode}: {out.stderr[:500]}")
        report = json.loads(out.stdout)
    found = {}
    for finding in report["findings"]:
        found.setdefault(os.path.basename(finding.get("file", "")), set()).add(finding.get("rule"))
    per_code = {}
    disagreements = []
    for index, (code, kind, dockerfile) in enumerate(cases):
        caught = bool(found.get(f"case{index:04d}.Dockerfile", set()) & mapping[code])
        agree = caught == (not kind.endswith("Not"))
        total, agreed = per_code.get(code, (0, 0))
        per_code[code] = (total + 1, agreed + (1 if agree else 0))
        if not agree:
            disagreements.append((code, kind, dockerfile))
    return per_code, disagreements


if __name__ == "__main__":
    main()
