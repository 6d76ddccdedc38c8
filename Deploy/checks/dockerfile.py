#!/usr/bin/env python3
"""Deploy/Dockerfile and .dockerignore, parsed with dockerfile-parse (no Docker engine here).

- Multi-stage: built in the official Swift 6 image on bookworm, run on debian:bookworm-slim.
- The runtime stage installs the Debian package of every C library the Swift modules link (their module maps'
  `link` lines), runs as a numeric non-root user, has backfill as ENTRYPOINT and a HEALTHCHECK that runs
  `backfill healthcheck`, and copies only the executable from the build stage.
- .dockerignore keeps build folders, local data, git history and .env out of the context, and lets in everything
  the Dockerfile copies.
"""
import json
import re
import shlex

from common import ROOT, Problems, require_module

problems = Problems("dockerfile")
check = problems.check

# The Debian 12 runtime package of each library that a module map links (`link "hiredis"` → libhiredis.so.0.14).
RUNTIME_PACKAGES = {"hiredis": "libhiredis0.14", "pq": "libpq5", "z": "zlib1g"}
# And the package with its headers, for the build stage.
BUILD_PACKAGES = {"hiredis": "libhiredis-dev", "pq": "libpq-dev", "z": "zlib1g-dev"}

dockerfile_parse = require_module("dockerfile_parse", "dockerfile-parse")
parser = dockerfile_parse.DockerfileParser(path=str(ROOT / "Deploy" / "Dockerfile"))
instructions = [item for item in parser.structure if item["instruction"] != "COMMENT"]

# Split into stages.
stages = []
for item in instructions:
    if item["instruction"] == "FROM":
        words = item["value"].split()
        stages.append({"image": words[0], "name": words[2] if len(words) >= 3 and words[1].upper() == "AS" else None,
                       "instructions": []})
    elif stages:
        stages[-1]["instructions"].append(item)

check(len(stages) >= 2, "Dockerfile: not multi-stage (build in the Swift image, run on slim Debian)")
if len(stages) < 2:
    problems.finish()
build, runtime = stages[0], stages[-1]

args = {item["value"].split("=", 1)[0]: item["value"].split("=", 1)[1] for item in instructions
        if item["instruction"] == "ARG" and "=" in item["value"]}


def expand(text):
    return re.sub(r"\$\{(\w+)\}", lambda match: args.get(match.group(1), match.group(0)), text)


build_image = expand(build["image"])
check(re.fullmatch(r"swift:6(\.\d+)*-bookworm", build_image) is not None,
      f"Dockerfile: the build stage should use the official swift:6.x-bookworm image, not {build_image}")
check(runtime["image"] == "debian:bookworm-slim", f"Dockerfile: run on debian:bookworm-slim, not {runtime['image']}")
check(build["name"] is not None, "Dockerfile: name the build stage (FROM … AS build)")


def of(stage, instruction):
    return [item for item in stage["instructions"] if item["instruction"] == instruction]


def installed_packages(stage):
    packages = set()
    for item in of(stage, "RUN"):
        for command in re.split(r"&&|;", item["value"]):
            words = shlex.split(command.replace("\\\n", " "))
            if "apt-get" in words and "install" in words:
                packages |= {word for word in words[words.index("install") + 1:] if not word.startswith("-")}
    return packages


# Every C library a Swift module links, present at run time (and its headers at build time).
linked = set()
for modulemap in sorted((ROOT / "Sources").glob("*/module.modulemap")):
    linked |= set(re.findall(r'link\s+"([^"]+)"', modulemap.read_text()))
check(linked, "Dockerfile: found no module map linking a C library under Sources/ (did the layout change?)")
runtime_packages = installed_packages(runtime)
build_packages = installed_packages(build)
for library in sorted(linked):
    package = RUNTIME_PACKAGES.get(library)
    if check(package is not None, f"Dockerfile: which Debian package provides lib{library} at run time? "
                                  "Add it to RUNTIME_PACKAGES in Deploy/checks/dockerfile.py"):
        check(package in runtime_packages, f"Dockerfile: the runtime stage does not install {package} (lib{library})")
    check(BUILD_PACKAGES.get(library) in build_packages,
          f"Dockerfile: the build stage does not install lib{library}'s headers ({BUILD_PACKAGES.get(library)})")
for package in ("ca-certificates", "tzdata"):
    check(package in runtime_packages, f"Dockerfile: the runtime stage should install {package}")
extra = runtime_packages - set(RUNTIME_PACKAGES.values()) - {"ca-certificates", "tzdata"}
check(not extra, f"Dockerfile: the runtime stage installs more than the runtime libraries: {sorted(extra)}")
check(not any(name.endswith("-dev") for name in runtime_packages), "Dockerfile: -dev packages in the runtime stage")
check(any("--no-install-recommends" in item["value"] for item in of(runtime, "RUN")),
      "Dockerfile: install runtime packages with --no-install-recommends")
check(any("rm -rf /var/lib/apt/lists" in item["value"] for item in of(runtime, "RUN")),
      "Dockerfile: remove apt's lists in the runtime stage")

# Only the executables come from the build stage, built in release mode with the Swift runtime linked in.
copies = of(runtime, "COPY")
check(copies and all(f"--from={build['name']}" in item["value"] for item in copies),
      "Dockerfile: the runtime stage should copy only from the build stage")
check(any(item["value"].split()[-1] == "/usr/local/bin/backfill" for item in copies),
      "Dockerfile: backfill is not copied to /usr/local/bin/backfill")
# `backfill worker` hands over to backfill-worker (no Foundation, a quarter less memory) only when it sits beside it.
check(any(item["value"].split()[-1] == "/usr/local/bin/backfill-worker" for item in copies),
      "Dockerfile: backfill-worker is not copied to /usr/local/bin/backfill-worker, beside backfill")
build_runs = " ".join(item["value"] for item in of(build, "RUN"))
check("swift build -c release" in build_runs and "--product backfill " in build_runs,
      "Dockerfile: build the backfill product in release mode")
check("--product backfill-worker" in build_runs, "Dockerfile: build the backfill-worker product too")
check("--static-swift-stdlib" in build_runs, "Dockerfile: link the Swift runtime statically (the runtime stage has none)")

# Non-root, numeric, so Kubernetes' runAsNonRoot can check it.
users = of(runtime, "USER")
user = users[-1]["value"].split(":")[0] if users else "root"
check(user.isdigit() and user != "0", f"Dockerfile: the final stage should run as a numeric non-root USER, not {user}")
check(any(f"--uid {user}" in item["value"] for item in of(runtime, "RUN")),
      f"Dockerfile: create the user {user} with useradd --uid")

# ENTRYPOINT backfill (exec form), HEALTHCHECK `backfill healthcheck`.
def exec_form(text):
    """An instruction's JSON (exec) form as a list, or None for the shell form."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, list) else None


entrypoints = of(runtime, "ENTRYPOINT")
check(entrypoints and exec_form(entrypoints[-1]["value"]) == ["/usr/local/bin/backfill"],
      "Dockerfile: ENTRYPOINT should be [\"/usr/local/bin/backfill\"] (exec form, so SIGTERM reaches backfill)")
healthchecks = of(runtime, "HEALTHCHECK")
if check(healthchecks, "Dockerfile: no HEALTHCHECK"):
    value = healthchecks[-1]["value"]
    command = value[value.index("CMD") + 3:].strip() if "CMD" in value else ""
    check(exec_form(command) == ["/usr/local/bin/backfill", "healthcheck"],
          f"Dockerfile: HEALTHCHECK should be CMD [\"/usr/local/bin/backfill\", \"healthcheck\"], not {command}")
    check("--start-period" in value, "Dockerfile: give the HEALTHCHECK a --start-period (workers connect first)")
signals = of(runtime, "STOPSIGNAL")
check(not signals or signals[-1]["value"] == "SIGTERM", "Dockerfile: the worker shuts down gracefully on SIGTERM")

# .dockerignore: Docker's rules (last matching pattern wins; a pattern that matches a parent matches its files).
ignore_file = ROOT / ".dockerignore"
patterns = []
if check(ignore_file.is_file(), ".dockerignore is missing"):
    for line in ignore_file.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            negated = line.startswith("!")
            patterns.append((negated, line.lstrip("!").strip("/")))


def pattern_matches(pattern, path):
    regex = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            regex += "(?:.*/)?"
            index += 3
        elif pattern.startswith("**", index):
            regex += ".*"
            index += 2
        elif pattern[index] == "*":
            regex += "[^/]*"
            index += 1
        elif pattern[index] == "?":
            regex += "[^/]"
            index += 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            regex += pattern[index:end + 1]
            index = end + 1
        else:
            regex += re.escape(pattern[index])
            index += 1
    parts = path.split("/")
    return any(re.fullmatch(regex, "/".join(parts[:count])) for count in range(1, len(parts) + 1))


def ignored(path):
    result = False
    for negated, pattern in patterns:
        if pattern_matches(pattern, path):
            result = not negated
    return result


for path in (".build", ".build-tsan/debug/x", ".run/test/redis.aof", ".git/HEAD", ".env", ".swiftpm/config",
             "Sources/Fleet/.build/x", "Benchmarks/Package.swift", "docker-compose.yml"):
    check(ignored(path), f".dockerignore: {path} would be sent to the build")
for item in of(build, "COPY"):
    words = [word for word in item["value"].split() if not word.startswith("--")]
    for source in words[:-1]:
        pattern = any(character in source for character in "*?[")
        matches = list(ROOT.glob(source)) if pattern else [ROOT / source]
        if not pattern and not (ROOT / source).exists():
            problems.add(f"Dockerfile: COPY {source}: no such file or folder in the repository")
            continue
        for match in matches:
            files = [match] if match.is_file() else [path for path in match.rglob("*") if path.is_file()]
            for file in files[:50]:
                name = str(file.relative_to(ROOT))
                if "/.build" not in f"/{name}":
                    check(not ignored(name), f".dockerignore: {name} is ignored, but the Dockerfile copies it")

problems.finish()
