#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing, starts a throwaway Redis and
# PostgreSQL (in .run/test, removed afterwards), builds, runs every test (unit and integration) with `swift test`,
# then runs the concurrency-sensitive tests again under ThreadSanitizer.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
# Formatting first: it takes seconds and fails fast (rules in .swift-format; `swift format format -i -r …` fixes).
swift format lint --strict -r Sources Tests Benchmarks/Sources Package.swift Benchmarks/Package.swift
# The deployment checks (Deploy/checks, run by DeploymentFilesTests) parse YAML with PyYAML, validate the compose
# files against the Compose Specification's schema that check-jsonschema bundles, the Kubernetes manifests against
# the schemas kubernetes-validate bundles (offline), and the Dockerfile with dockerfile-parse; promtool comes from
# Debian's prometheus package (Deploy/install-deps.sh). The interop tests drive the simulator with IB's official
# Python client and with ib_async.
# The dashboard's browser test drives Debian's chromium with selenium.
python3 -c 'import yaml, jsonschema, check_jsonschema, kubernetes_validate, dockerfile_parse, ibapi, ib_async, selenium' \
    2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check pyyaml 'jsonschema>=4.18,<5' \
        'check-jsonschema>=0.33,<1' 'kubernetes-validate>=1.31,<2' 'dockerfile-parse>=2,<3' ibapi-stable ib_async \
        'selenium>=4.20,<5'

# Nautilus Trader's IB adapter (the interop tests' third client) needs Python 3.12 or newer and pins its own
# ibapi, so it gets its own virtual environment, kept in .run/ between runs; the tests find its interpreter in
# BACKFILL_NAUTILUS_PYTHON.
nautilus_venv="$repo/.run/nautilus-venv"
if ! "$nautilus_venv/bin/python" -c 'import nautilus_trader, sys; sys.exit(nautilus_trader.__version__ != "1.231.0")' \
    2>/dev/null; then
    interpreter=""
    for candidate in python3.14 python3.13 python3.12 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[234]*/bin/python3; do
        if command -v "$candidate" >/dev/null 2>&1 \
            && "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            interpreter=$candidate
            break
        fi
    done
    if [ -z "$interpreter" ]; then
        # Debian 13 and Ubuntu 24.04 ship one; Debian 12 does not (then the Nautilus tests fail under CI).
        apt-get install -y python3-venv >/dev/null 2>&1 || true
        interpreter=$(command -v python3.13 || command -v python3.12 || true)
    fi
    if [ -n "$interpreter" ]; then
        rm -rf "$nautilus_venv"
        "$interpreter" -m venv "$nautilus_venv"
        "$nautilus_venv/bin/python" -m pip install --quiet --disable-pip-version-check 'nautilus_trader[ib]==1.231.0'
    else
        echo "test.sh: no Python 3.12+ for Nautilus Trader; its interop tests cannot run" >&2
    fi
fi
[ -x "$nautilus_venv/bin/python" ] && export BACKFILL_NAUTILUS_PYTHON="$nautilus_venv/bin/python"

export BACKFILL_RUN_DIR="$repo/.run/test"
Deploy/local-services.sh reset
trap 'Deploy/local-services.sh reset' EXIT
eval "$(Deploy/local-services.sh start)"
echo "test.sh: Redis at $REDIS_URL, PostgreSQL at $DATABASE_URL"

log=$(mktemp)
# Tests run the real `backfill` executable too, so build every product first.
swift build
swift test --disable-xctest 2>&1 | tee "$log"

# Data races in the C wrappers and the executor show up here. The test that spawns `backfill` processes is left
# out: it would need a second, sanitized build of the executable, and the migration race it covers is also
# exercised in-process by twoConnectionsMigratingAtOnce.
swift test --disable-xctest --sanitize=thread --scratch-path .build-tsan \
    --filter 'BlockingIOTests|RedisConnectionTests|RedisServerLifecycleTests|PostgresConnectionTests|MigrationTests/twoConnections' \
    2>&1 | tee -a "$log"

# One plain closing line for the whole run, summed over both runs above.
passed=$(grep -oE 'Test run with [0-9]+ tests?' "$log" | awk '{ sum += $4 } END { print sum + 0 }')
rm -f "$log"
echo "tests: ${passed:-0} passed, 0 failed"
