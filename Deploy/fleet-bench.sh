#!/usr/bin/env bash
# Pacing efficiency and worker memory: three workers with the strict pacing profile and more small-bar work than
# one pacing window can take, against the simulator at 1/20 of real time (the 10-minute window lasts 30 s).
#
# Prints the fleet's historical requests in each full 60-request window (IB allows 60; the target is at least
# 90 % of that), the rules the simulator saw broken (target 0) and each worker's peak resident memory (target under
# 64 MB). Uses its own PostgreSQL schema and Redis database 14, emptied first.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
eval "$(Deploy/local-services.sh start)"
swift build -c release --product backfill >&2
backfill=$(swift build -c release --show-bin-path)/backfill

scale=0.05
window=$(python3 -c "print(600 * $scale)")
measure=${BENCH_WINDOWS:-3}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

psql "$DATABASE_URL" -qc "DROP SCHEMA IF EXISTS fleet_bench CASCADE; CREATE SCHEMA fleet_bench"
export DATABASE_URL="$DATABASE_URL?options=-csearch_path%3Dfleet_bench"
export REDIS_URL="${REDIS_URL%/*}/14"
redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null
"$backfill" migrate >&2

source "$repo/Deploy/simulator.sh"
start_simulator "$backfill" "$work/sim.log" --pacing-scale "$scale" --strict-large-bars --audit "$work/audit.jsonl"
pids+=("$sim_pid")
export BACKFILL_PACING_SCALE=$scale BACKFILL_PACING_PROFILE=strict
export BACKFILL_LOG_LEVEL=warning

# Five-second bars for the last month: far more requests than the measured windows allow.
from=$(date -u -d '40 days ago' +%Y-%m-%d)
to=$(date -u -d '3 days ago' +%Y-%m-%d)
"$backfill" enqueue --symbols AAPL,MSFT,NVDA,AMZN,GOOGL,META,TSLA,JPM --from "$from" --to "$to" --bar 5s >&2

# Each worker serves /metrics, so the memory figures include the metrics endpoint and the numbers below come from it.
metrics_base=${BENCH_METRICS_PORT:-19470}
for worker in 1 2 3; do
    "$backfill" worker --concurrency 4 --metrics-port $((metrics_base + worker)) >"$work/worker-$worker.log" 2>&1 &
    pids+=($!)
done
# One window to reach the steady state, then the measured windows.
sleep "$(python3 -c "print($window * ($measure + 1) + 2)")"

echo "Fleet pacing benchmark: 3 workers, strict profile, pacing scale $scale (10-minute window = $window s)"
for pid in "${pids[@]:1}"; do
    peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    echo "worker $pid peak resident memory: $((peak / 1024)) MB (target < 64 MB)"
done
python3 - "$metrics_base" <<'PY'
import sys, urllib.request
base = int(sys.argv[1])
totals = {}
for worker in (1, 2, 3):
    text = urllib.request.urlopen(f"http://127.0.0.1:{base + worker}/metrics", timeout=10).read().decode()
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        series, value = line.rsplit(" ", 1)
        name = series.split("{", 1)[0]
        if name in ("backfill_pacing_wait_seconds_sum", "backfill_pacing_wait_seconds_count",
                    "backfill_ib_request_duration_seconds_sum", "backfill_ib_request_duration_seconds_count",
                    "backfill_pacing_violations_total") or (name == "backfill_ib_requests_total" and 'code="ok"' in series):
            totals[name] = totals.get(name, 0) + float(value)
def mean(prefix):
    count = totals.get(prefix + "_count", 0)
    return totals.get(prefix + "_sum", 0) / count if count else 0
print(f"from /metrics: {int(totals.get('backfill_ib_requests_total', 0))} requests answered, "
      f"mean pacer wait {mean('backfill_pacing_wait_seconds'):.2f} s, "
      f"mean request latency {mean('backfill_ib_request_duration_seconds') * 1000:.0f} ms, "
      f"{int(totals.get('backfill_pacing_violations_total', 0))} pacing violations")
PY
for pid in "${pids[@]:1}"; do kill -TERM "$pid"; done
for pid in "${pids[@]:1}"; do wait "$pid" || true; done

python3 - "$work/audit.jsonl" "$window" "$measure" <<'PY'
import json, sys
from datetime import datetime
path, window, measure = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
times, broken = [], 0
for line in open(path):
    event = json.loads(line)
    if event.get("event") == "rule":
        broken += 1
    if event.get("event") == "request" and event.get("message") == "reqHistoricalData":
        times.append(datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%S.%fZ").timestamp())
times.sort()
start = times[0]
allowed = 60
rates = []
for k in range(1, measure + 1):
    lo, hi = start + k * window, start + (k + 1) * window
    count = sum(1 for t in times if lo <= t < hi)
    rates.append(count)
    print(f"window {k}: {count} historical requests of {allowed} allowed ({100 * count / allowed:.0f} %)")
# The busiest rolling window anywhere must stay within the rule.
busiest = max(sum(1 for u in times[i:] if u < t + window) for i, t in enumerate(times))
mean = sum(rates) / len(rates)
print(f"mean over {measure} full windows: {mean:.1f} requests ({100 * mean / allowed:.0f} % of the allowed rate; target >= 90 %)")
print(f"busiest rolling window: {busiest} requests (IB's limit: {allowed})")
print(f"pacing rules the simulator saw broken: {broken} (target 0)")
PY
