#!/usr/bin/env bash
# The dashboard under load: 500,000 queued chunks, the overview's render time (median, p95), and what 50 open event
# streams cost PostgreSQL and Redis against an idle dashboard. Uses its own throwaway Redis and PostgreSQL
# (.run/dashboard-bench, deleted afterwards). Prints one table.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
export BACKFILL_RUN_DIR="$repo/.run/dashboard-bench"
Deploy/local-services.sh reset
trap 'Deploy/local-services.sh reset' EXIT
eval "$(Deploy/local-services.sh start)"
swift build -c release --product backfill >&2
python3 Deploy/dashboard_bench.py "$(swift build -c release --show-bin-path)/backfill"
