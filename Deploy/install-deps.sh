#!/usr/bin/env bash
# Installs what Backfill needs on Debian 12 and checks the toolchain. Used by every other script, by developers
# and by CI. As root it installs missing packages with apt-get; otherwise it says what is missing and stops.
set -euo pipefail

# prometheus: for promtool, which checks Deploy/prometheus and the Grafana dashboard's queries. chromium and
# chromium-driver: the dashboard's browser test (headless, driven by selenium from PyPI; nothing downloaded at run time).
packages=(redis-server redis-tools libhiredis-dev libpq-dev zlib1g-dev postgresql postgresql-client prometheus chromium
    chromium-driver)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-deps: missing Debian packages: ${missing[*]}; run this script as root, or: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "install-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian's postgresql package starts a system cluster on 5432 (and prometheus a server on 9090 where an init
    # system runs); Backfill runs its own PostgreSQL and needs only promtool, so leave those alone.
fi

if ! command -v swift >/dev/null 2>&1; then
    if [ -x /opt/swift/usr/bin/swift ]; then
        echo "install-deps: swift is at /opt/swift/usr/bin but not on PATH; the scripts add it." >&2
    else
        echo "install-deps: Swift 6 is not installed (expected on PATH or at /opt/swift); see swift.org/install." >&2
        exit 1
    fi
fi
