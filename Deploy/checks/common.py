"""Shared helpers of the deployment checks in this folder (no Docker engine or cluster runs here: all static).

Every check prints one line per problem and exits 1 if there is any, 0 otherwise. A tool or Python package that
is missing exits 77 ("skipped") on a developer's machine, and is a problem (exit 1) when CI is set: CI never goes
green on a check that did not run. Deploy/test.sh installs everything they need.
"""
import importlib
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SKIPPED = 77


def in_ci():
    value = os.environ.get("CI", "")
    return value not in ("", "0", "false")


class Problems:
    """Collects problems; `finish()` prints them, one a line, and exits."""

    def __init__(self, name):
        self.name = name
        self.lines = []

    def check(self, condition, message):
        if not condition:
            self.lines.append(message)
        return condition

    def add(self, message):
        self.lines.append(message)

    def finish(self):
        for line in self.lines:
            print(line)
        sys.exit(1 if self.lines else 0)


def missing(what, install):
    """A required tool is missing: fail under CI, otherwise skip the whole check visibly."""
    if in_ci():
        print(f"missing {what} (CI must run every check): {install}")
        sys.exit(1)
    print(f"skipped: {what} is not installed ({install})")
    sys.exit(SKIPPED)


def require_module(module, package):
    try:
        return importlib.import_module(module)
    except ImportError:
        missing(f"Python package {package}", f"python3 -m pip install '{package}'")


def require_tool(tool, package):
    path = shutil.which(tool)
    if path is None:
        missing(f"command {tool}", f"apt-get install {package}")
    return path


def load_yaml(path):
    yaml = require_module("yaml", "pyyaml")
    return yaml.safe_load(Path(path).read_text())


def load_yaml_documents(path):
    yaml = require_module("yaml", "pyyaml")
    return [document for document in yaml.safe_load_all(Path(path).read_text()) if document is not None]


def relative(path):
    return str(Path(path).resolve().relative_to(ROOT))


def read_env_file(path):
    """`KEY=value` lines of a .env file: {key: value}, and {key: the comment of the group of lines it is in}."""
    values, comments, pending, after_key = {}, {}, [], False
    for line in Path(path).read_text().splitlines():
        stripped = line.strip()
        if not stripped:
            pending, after_key = [], False
            continue
        if stripped.startswith("#"):
            pending = [] if after_key else pending
            pending.append(stripped.lstrip("#").strip())
            after_key = False
            continue
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", stripped)
        if match:
            key, value = match.groups()
            values[key] = value.strip().strip("'\"")
            # A comment covers the lines below it up to the next blank line or comment.
            comments[key] = " ".join(pending)
        after_key = True
    return values, comments


class InterpolationError(Exception):
    def __init__(self, message, name):
        super().__init__(message)
        self.name = name


# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}, ${VAR:+alt}, ${VAR+alt}, and $VAR.
_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}|"
                       r"(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


def interpolate(text, environment, where=""):
    """Compose's variable substitution on one string (`$$` is a literal `$`); raises on a failing `:?`/`?`."""
    result, index = [], 0
    while index < len(text):
        if text.startswith("$$", index):
            result.append("$")
            index += 2
            continue
        match = _VARIABLE.match(text, index) if text[index] == "$" else None
        if not match:
            result.append(text[index])
            index += 1
            continue
        name = match.group("braced") or match.group("plain")
        op, arg = match.group("op"), match.group("arg") or ""
        value = environment.get(name)
        if op is None:
            result.append(value or "")
        elif op in (":-", "-"):
            use_default = value is None or (op == ":-" and value == "")
            result.append(interpolate(arg, environment, where) if use_default else value)
        elif op in (":?", "?"):
            if value is None or (op == ":?" and value == ""):
                raise InterpolationError(f"{where}: required variable {name} is missing a value: {arg}", name)
            result.append(value)
        else:  # :+ and +
            present = value is not None and (op == "+" or value != "")
            result.append(interpolate(arg, environment, where) if present else "")
        index = match.end()
    return "".join(result)


def interpolate_tree(node, environment, where=""):
    """Interpolates every string (values, not keys) in a parsed YAML tree, as Compose does."""
    if isinstance(node, dict):
        return {key: interpolate_tree(value, environment, f"{where}.{key}") for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate_tree(value, environment, f"{where}[{i}]") for i, value in enumerate(node)]
    if isinstance(node, str):
        return interpolate(node, environment, where.lstrip("."))
    return node


def referenced_variables(text):
    """Names of the variables a Compose file reads (`$$` escapes excluded)."""
    text = text.replace("$$", "")
    return {match.group("braced") or match.group("plain") for match in _VARIABLE.finditer(text)}
