#!/usr/bin/env python3
"""Re-run BuildKit's own build-check test cases against `shipshape lint` and count the cases that agree.

    git clone https://github.com/moby/buildkit     # or any checkout; nothing of it is copied here
    python3 bench/buildkit-cases.py --test-file buildkit/frontend/dockerfile/dockerfile_check_test.go \
        [--bin .build/debug/shipshape] [--verbose]

The test file is read at run time: every `checkLinterWarnings(...)` call is one case, with the Dockerfile (and
`.dockerignore`) it was given and the warnings (check name and line) BuildKit expects on Linux
(`UnmarshalWarnings`, every target, where the case has them; else `Warnings`). Each case is linted in its own
directory; our findings of rules that match a BuildKit check (`shipshape explain` names them) are compared with
BuildKit's as a multiset of (check, line). BuildKit runs its experimental check (InvalidDefinitionDescription) only when
`# check=experimental=` asks, and so does SS0144; the script drops such findings elsewhere all the same. Cases that set build arguments or a check
option through the frontend (`FrontendAttrs`), or expect a check that needs the base image (InvalidBaseImagePlatform)
cannot be compared and are listed apart.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

EXPERIMENTAL = {"InvalidDefinitionDescription"}
NEEDS_IMAGE = {"InvalidBaseImagePlatform"}


def skip_string(text, i):
    """Index after the Go string literal starting at text[i]."""
    quote = text[i]
    i += 1
    while i < len(text):
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if text[i] == quote:
            return i + 1
        i += 1
    return i


def matching_paren(text, i):
    """Index of the `)` closing the `(` at text[i]."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c in "`\"":
            i = skip_string(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced")


def split_arguments(text):
    """Top-level comma-separated arguments of a call's inside."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "`\"":
            i = skip_string(text, i)
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:  # the end of the enclosing literal
                parts.append(text[start:i].strip())
                return [part for part in parts if part]
        elif c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
        i += 1
    if text[start:].strip():
        parts.append(text[start:].strip())
    return parts


def go_string(literal):
    if literal.startswith("`"):
        return literal[1:-1]
    return json.loads(literal)


def evaluate(expression, variables):
    """The value of the simple Go expressions the test file builds Dockerfiles with (Linux side)."""
    expression = expression.strip()
    if expression.startswith("[]byte(") and expression.endswith(")"):
        return evaluate(expression[len("[]byte("):-1], variables)
    if expression.startswith("integration.UnixOrWindows("):
        inside = expression[expression.index("(") + 1:matching_paren(expression, expression.index("("))]
        return evaluate(split_arguments(inside)[0], variables)
    if expression.startswith("fmt.Appendf(") or expression.startswith("fmt.Sprintf("):
        inside = expression[expression.index("(") + 1:matching_paren(expression, expression.index("("))]
        arguments = split_arguments(inside)
        if expression.startswith("fmt.Appendf("):
            arguments = arguments[1:]
        template = evaluate(arguments[0], variables)
        values = [evaluate(argument, variables) for argument in arguments[1:]]
        if template is None or any(value is None for value in values):
            return None
        return re.sub(r"%[sqd]", lambda _: str(values.pop(0)) if values else "", template.replace("%%", "\0")).replace(
            "\0", "%")
    if expression and expression[0] in "`\"":
        return go_string(expression)
    if re.fullmatch(r"\w+", expression):
        return variables.get(expression)
    return None


def field(struct, name):
    match = re.search(r"\b" + name + r"\s*:", struct)
    if not match:
        return None
    rest = struct[match.end():]
    for argument in split_arguments(rest):
        return argument
    return None


def expected_warnings(struct, name, helpers):
    """The (check, line) pairs of the `name` list: `{RuleName: …, Line: …}` literals, or calls of a helper the
    test function defines (`makeLintWarning("CMD", 5)`: its RuleName, the last argument the line)."""
    text = field(struct, name)
    if text is None:
        return None
    brace = text.find("{")
    if brace < 0:
        return []
    found = []
    for entry in split_arguments(text[brace + 1:matching_paren(text, brace)]):
        call = re.match(r"(\w+)\((.*)\)$", entry, re.S)
        if call and call.group(1) in helpers:
            line = split_arguments(call.group(2))[-1]
            found.append((helpers[call.group(1)], int(line) if line.isdigit() else 0))
            continue
        rule = re.search(r"RuleName:\s*\"(\w+)\"", entry)
        line = re.search(r"\bLine:\s*(\d+)", entry)
        if rule:
            found.append((rule.group(1), int(line.group(1)) if line else 0))
    return found


def cases(source):
    variables = {}
    position = 0
    assignment = re.compile(r"^\s*(\w+)\s*:?=\s*", re.M)
    call = "checkLinterWarnings("
    events = []
    for match in assignment.finditer(source):
        events.append((match.start(), "assign", match))
    index = source.find(call)
    while index >= 0:
        if not source[:index].endswith("func "):  # the helper's own definition
            events.append((index, "call", None))
        index = source.find(call, index + 1)
    events.sort(key=lambda event: event[0])
    function = ""
    for start, kind, match in events:
        if start < position:
            continue
        header = source.rfind("\nfunc ", 0, start)
        name = re.match(r"\nfunc (\w+)", source[header:]) if header >= 0 else None
        if name and name.group(1) != function:
            function = name.group(1)
            variables = {}
        if kind == "assign":
            end = start + len(match.group(0))
            # The expression runs to the end of its balanced parentheses or string.
            i = end
            while i < len(source) and source[i] not in "`\"(\n":
                i += 1
            if i < len(source) and source[i] in "`\"":
                stop = skip_string(source, i)
            elif i < len(source) and source[i] == "(":
                stop = matching_paren(source, i) + 1
            else:
                continue
            value = evaluate(source[end:stop], variables)
            if value is not None:
                variables[match.group(1)] = value
            position = stop
        else:
            open_paren = start + len(call) - 1
            close = matching_paren(source, open_paren)
            arguments = split_arguments(source[open_paren + 1:close])
            struct = arguments[-1]
            dockerfile = evaluate(field(struct, "Dockerfile") or "", variables)
            ignore_expr = field(struct, "DockerIgnore")
            dockerignore = evaluate(ignore_expr, variables) if ignore_expr else None
            body = source[source.rfind("\nfunc ", 0, start):start]
            helpers = {helper.group(1): helper.group(2) for helper in re.finditer(
                r"(\w+) := func\([^)]*\) expectedLintWarning \{.*?RuleName:\s*\"(\w+)\"", body, re.S)}
            warnings = expected_warnings(struct, "UnmarshalWarnings", helpers)
            if warnings is None:
                warnings = expected_warnings(struct, "Warnings", helpers) or []
            line = source.count("\n", 0, start) + 1
            yield {
                "function": function, "line": line, "dockerfile": dockerfile, "dockerignore": dockerignore,
                "expected": sorted(warnings), "frontend_attrs": "FrontendAttrs" in struct,
            }
            position = close


def rule_checks(binary, rule, cache):
    if rule not in cache:
        text = subprocess.run([binary, "explain", rule], capture_output=True, text=True).stdout
        match = re.search(r"^BuildKit build checks: (.+)$", text, re.M)
        cache[rule] = [check.strip() for check in match.group(1).split(",")] if match else []
    return cache[rule]


def check_of(finding, checks):
    """Which BuildKit check a finding is, for rules that cover two (as the rules themselves tell)."""
    if finding["rule"] == "SS0129":
        return "UndefinedArgInFrom" if finding["message"].startswith("FROM ") else "UndefinedVar"
    if finding["rule"] == "SS0133":
        return "ExposeProtoCasing" if finding["message"].endswith("lower case") else "ExposeInvalidFormat"
    return checks[0] if checks else None


def experimental_enabled(dockerfile):
    match = re.match(r"#\s*check\s*=\s*(\S+)", dockerfile)
    enabled = set()
    if match:
        for part in match.group(1).split(";"):
            key, _, value = part.partition("=")
            if key.strip() == "experimental":
                enabled |= EXPERIMENTAL if value.strip() == "all" else {v.strip() for v in value.split(",")}
    return enabled


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--test-file", required=True)
    parser.add_argument("--bin", default=os.environ.get("BIN", ".build/debug/shipshape"))
    parser.add_argument("--verbose", action="store_true")
    arguments = parser.parse_args()
    arguments.bin = os.path.abspath(arguments.bin)
    source = open(arguments.test_file, encoding="utf-8").read()
    cache = {}
    agree, differ, apart = [], [], []
    for case in cases(source):
        label = f"{case['function']} (line {case['line']})"
        if case["dockerfile"] is None:
            apart.append((label, "the Dockerfile is built by code this script does not evaluate"))
            continue
        if case["frontend_attrs"]:
            apart.append((label, "sets build arguments or check options through the frontend"))
            continue
        if any(check in NEEDS_IMAGE for check, _ in case["expected"]):
            apart.append((label, "expects a check that needs the base image"))
            continue
        with tempfile.TemporaryDirectory(prefix="lint3-buildkit-") as directory:
            with open(os.path.join(directory, "Dockerfile"), "w", encoding="utf-8") as handle:
                handle.write(case["dockerfile"])
            if case["dockerignore"] is not None:
                with open(os.path.join(directory, ".dockerignore"), "w", encoding="utf-8") as handle:
                    handle.write(case["dockerignore"])
            result = subprocess.run(
                [arguments.bin, "lint", "--format", "json", "--fail-on", "none", "Dockerfile"], cwd=directory,
                capture_output=True, text=True)
        report = json.loads(result.stdout)
        enabled = experimental_enabled(case["dockerfile"])
        ours = []
        for finding in report["findings"]:
            checks = rule_checks(arguments.bin, finding["rule"], cache)
            check = check_of(finding, checks)
            if check is None or (check in EXPERIMENTAL and check not in enabled):
                continue
            ours.append((check, finding.get("line") or 0))
        ours = sorted(ours)
        if ours == case["expected"]:
            agree.append(label)
        else:
            differ.append((label, case["expected"], ours))
    compared = len(agree) + len(differ)
    print(f"BuildKit build-check cases: {compared + len(apart)}; compared {compared}; "
          f"agree at the same lines {len(agree)} of {compared}")
    for label, expected, ours in differ:
        print(f"  differ: {label}: BuildKit {expected}, shipshape {ours}")
    for label, reason in apart:
        print(f"  not compared: {label}: {reason}")
    if arguments.verbose:
        for label in agree:
            print(f"  agree: {label}")


if __name__ == "__main__":
    sys.exit(main())
