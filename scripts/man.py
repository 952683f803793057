#!/usr/bin/env python3
"""Writes shipshape(1), the man page, from the tool's own description of its commands and options
(`shipshape --experimental-dump-help`, swift-argument-parser's ToolInfo JSON): every subcommand with its abstract,
discussion, arguments and options, so the page cannot drift from the tool.

  shipshape --experimental-dump-help | python3 scripts/man.py VERSION > shipshape.1
"""
import json, sys

def roff(text):
    """Escapes text for roff: backslashes, and a leading dot or apostrophe that would start a request."""
    lines = []
    for line in (text or "").replace("\\", "\\e").splitlines():
        lines.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(lines)

def names(argument):
    spelled = []
    for name in argument.get("names", []):
        spelled.append(("-" if name["kind"] == "short" else "--") + name["name"])
    value = argument.get("valueName")
    if argument["kind"] == "option" and value:
        return ", ".join("\\fB%s\\fR \\fI<%s>\\fR" % (n.replace("-", "\\-"), value) for n in spelled)
    if argument["kind"] == "positional":
        return "\\fI<%s>\\fR%s" % (value, "..." if argument.get("isRepeating") else "")
    return ", ".join("\\fB%s\\fR" % n.replace("-", "\\-") for n in spelled)

def command(out, info, path):
    full = " ".join(path)
    out.append('.SS "%s"' % full if len(path) > 1 else ".SH OPTIONS")
    if len(path) > 1 and info.get("abstract"):
        out.append(roff(info["abstract"]))
    if len(path) > 1 and info.get("discussion"):
        out.append(".PP")
        out.append(roff(info["discussion"]))
    for argument in info.get("arguments", []):
        if not argument.get("shouldDisplay", True):
            continue
        out.append(".TP")
        out.append(names(argument))
        abstract = argument.get("abstract", "")
        if argument.get("defaultValue"):
            abstract += " (default: %s)" % argument["defaultValue"]
        out.append(roff(abstract))
    for sub in info.get("subcommands", []):
        if sub["commandName"] != "help" and sub.get("shouldDisplay", True):
            command(out, sub, path + [sub["commandName"]])

def main():
    version = sys.argv[1] if len(sys.argv) > 1 else ""
    tool = json.load(sys.stdin)["command"]
    out = ['.TH SHIPSHAPE 1 "" "shipshape %s" "User Commands"' % version, ".SH NAME",
           "shipshape \\- %s" % roff(tool.get("abstract", "")), ".SH SYNOPSIS",
           "\\fBshipshape\\fR \\fIcommand\\fR [\\fIoptions\\fR]", ".SH DESCRIPTION", roff(tool.get("discussion", "")),
           ".PP", "Commands: " + ", ".join("\\fB%s\\fR" % s["commandName"] for s in tool.get("subcommands", [])
                                         if s["commandName"] != "help") + "."]
    command(out, tool, ["shipshape"])
    out += [".SH SEE ALSO", "\\fBshipshape\\-init\\fR(1): \\fBshipshape\\-init \\-\\-help\\fR"]
    sys.stdout.write("\n".join(out) + "\n")

main()
