#!/usr/bin/env python3
"""The independent implementation YAMLTests compares the YAML module with: PyYAML's safe loader, with its YAML 1.1
implicit types (yes/no booleans, sexagesimals, timestamps, `<<` merges, `=`) replaced by the YAML 1.2 core schema the
module implements. Reads file paths, one a line, on stdin; prints `path<TAB>json` or `path<TAB>ERROR: reason`."""
import json
import re
import sys

import yaml


class CoreLoader(yaml.SafeLoader):
    pass


CoreLoader.yaml_implicit_resolvers = {}


def resolver(tag, pattern, first):
    CoreLoader.add_implicit_resolver("tag:yaml.org,2002:" + tag, re.compile(pattern, re.X), list(first))


resolver("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
resolver("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
resolver("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
resolver(
    "float",
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    "-+0123456789.",
)


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def construct_float(loader, node):
    text = loader.construct_scalar(node)
    special = {".inf": float("inf"), ".nan": float("nan")}
    key = text.lower().lstrip("+")
    if key in special:
        return special[key]
    if key == "-.inf":
        return float("-inf")
    return float(text)


def construct_bool(loader, node):
    return loader.construct_scalar(node) in ("true", "True", "TRUE")


CoreLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
CoreLoader.add_constructor("tag:yaml.org,2002:float", construct_float)
CoreLoader.add_constructor("tag:yaml.org,2002:bool", construct_bool)

for line in sys.stdin:
    path = line.rstrip("\n")
    try:
        with open(path, encoding="utf-8") as handle:
            value = yaml.load(handle, Loader=CoreLoader)
        print(path + "\t" + json.dumps(value, ensure_ascii=False))
    except Exception as error:  # noqa: BLE001 - every failure is a result to compare
        print(path + "\tERROR: " + " ".join(str(error).split()))
