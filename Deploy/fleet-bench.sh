#!/usr/bin/env bash
# Pacing efficiency, gateway scaling and worker memory, timed at the gateway: workers with the strict pacing profile
# and more small-bar work than the measured windows can take, against simulators at 1/20 of real time (the
# 10-minute window lasts 30 s). Three runs: one gateway with three workers on the machine as it is; the same with
# the benchmark's own busy loops on every core, because a starved machine is where late sends used to break IB's
# rule; and two gateways (two simulators, as two IB logins) with three workers each.
#
# For each run and each gateway it prints, from the simulator's audit (the gateway's own timestamps): the requests
# in each full window after the first (IB allows 60; target: median >= 58), the median and the busiest rolling
# window (limit 60), and the rules broken (target 0); then each worker's peak resident memory (target < 32 MB; with
# its anonymous memory and proportional set size, since most of it is code pages shared with the other workers) and
# the mean pacer wait and request latency from the workers' /metrics; and at the end the two gateways' throughput
# against one gateway's (target >= 1.9). Uses its own PostgreSQL schema and Redis database 14, emptied first.
#
#   BENCH_WINDOWS=N     full windows measured per run (default 3)
#   BENCH_RUNS="idle busy two-gateways"   which runs (default all three)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
eval "$(Deploy/local-services.sh start)"
# Built as the Docker image ships them: the Swift runtime linked in statically, and backfill-worker beside backfill,
# so that `backfill worker` hands over to it (a worker without Foundation and ICU). A scratch directory of its own
# keeps these flags from rebuilding the usual release build.
build=(swift build -c release --static-swift-stdlib --scratch-path "$repo/.build-static")
"${build[@]}" --product backfill >&2
"${build[@]}" --product backfill-worker >&2
backfill=$("${build[@]}" --show-bin-path)/backfill

scale=0.05
window=$(python3 -c "print(600 * $scale)")
measure=${BENCH_WINDOWS:-3}
runs=${BENCH_RUNS:-idle busy two-gateways}
metrics_base=${BENCH_METRICS_PORT:-19470}
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

base_database_url=$DATABASE_URL
export DATABASE_URL="$base_database_url?options=-csearch_path%3Dfleet_bench"
export REDIS_URL="${REDIS_URL%/*}/14"
export BACKFILL_PACING_SCALE=$scale BACKFILL_PACING_PROFILE=strict BACKFILL_LOG_LEVEL=warning
source "$repo/Deploy/simulator.sh"

# One run: a fresh schema, queue and GATEWAYS simulators with three workers each; LOAD=busy adds a busy loop per
# core for the whole run. Leaves the requests per measured window (all gateways together) in $run_throughput.
run_fleet() {
    local load=$1 gateways=$2 name=$3
    pids=()
    psql "$base_database_url" -qc "DROP SCHEMA IF EXISTS fleet_bench CASCADE; CREATE SCHEMA fleet_bench"
    redis-cli -u "$REDIS_URL" FLUSHDB >/dev/null
    "$backfill" migrate >&2
    local ports=() audits=()
    for gateway in $(seq 1 "$gateways"); do
        audits+=("$work/audit-$name-$gateway.jsonl")
        start_simulator "$backfill" "$work/sim-$name-$gateway.log" --pacing-scale "$scale" --strict-large-bars \
            --audit "$work/audit-$name-$gateway.jsonl"
        pids+=("$sim_pid")
        ports+=("$sim_port")
    done

    # One-second bars (12 requests per session) for the last month: far more requests than the windows allow.
    local from to
    from=$(date -u -d '40 days ago' +%Y-%m-%d)
    to=$(date -u -d '3 days ago' +%Y-%m-%d)
    "$backfill" enqueue --symbols AAPL,MSFT,NVDA,AMZN,GOOGL,META,TSLA,JPM,XOM,JNJ,V,PG,KO,PEP,DIS,INTC \
        --from "$from" --to "$to" --bar 1s >&2

    local workers=() worker=0
    for port in "${ports[@]}"; do
        for _ in 1 2 3; do
            worker=$((worker + 1))
            IBKR_PORT=$port "$backfill" worker --concurrency 4 --metrics-port $((metrics_base + worker)) \
                >"$work/worker-$name-$worker.log" 2>&1 &
            workers+=($!)
            pids+=($!)
        done
    done
    local burners=()
    if [ "$load" = busy ]; then
        for _ in $(seq 1 "$(nproc)"); do
            sh -c 'while :; do :; done' &
            burners+=($!)
            pids+=($!)
        done
    fi
    # One window to reach the steady state, then the measured windows.
    sleep "$(python3 -c "print($window * ($measure + 1) + 2)")"

    echo
    case $name in
    busy) echo "Fleet pacing, machine loaded: 1 gateway, 3 workers, strict profile, a busy loop on each of $(nproc) cores" ;;
    two-gateways) echo "Fleet pacing, two gateways (two logins), 3 workers each, strict profile" ;;
    *) echo "Fleet pacing, machine as it is: 1 gateway, 3 workers, strict profile" ;;
    esac
    echo "pacing scale $scale (10-minute window = $window s), default margin ${BACKFILL_PACING_MARGIN_MS:-250} ms"
    for pid in "${workers[@]}"; do
        local peak anonymous proportional
        peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
        # Most of a worker's resident set is code pages of the executable and the shared libraries, shared with the
        # other workers; anonymous memory is its own, and the proportional set size splits the shared pages.
        anonymous=$(awk '/^Anonymous:/ {print $2}' "/proc/$pid/smaps_rollup")
        proportional=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
        echo "worker $pid ($(basename "$(readlink "/proc/$pid/exe")")) peak resident memory:" \
            "$(python3 -c "print(f'{$peak / 1024:.1f}')") MB (target < 32 MB);" \
            "now $((anonymous / 1024)) MB anonymous, $((proportional / 1024)) MB proportional"
    done
    metrics_summary "$worker"
    for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${workers[@]}"; do kill -TERM "$pid"; done
    for pid in "${workers[@]}"; do wait "$pid" || true; done
    run_throughput=0
    for gateway in $(seq 1 "$gateways"); do
        kill -TERM "${pids[$((gateway - 1))]}"
        wait "${pids[$((gateway - 1))]}" || true
        echo "gateway $gateway (port ${ports[$((gateway - 1))]}):"
        local summary
        summary=$(audit_summary "${audits[$((gateway - 1))]}")
        echo "$summary"
        run_throughput=$((run_throughput + $(echo "$summary" | sed -n 's/^measured: \([0-9]*\).*/\1/p')))
    done
    run_throughput=$(python3 -c "print($run_throughput / $measure)")
    echo "throughput: $run_throughput requests per window, all gateways together"
}

metrics_summary() {
    python3 - "$metrics_base" "$1" <<'PY'
import sys, urllib.request
base, workers = int(sys.argv[1]), int(sys.argv[2])
totals = {}
for worker in range(1, workers + 1):
    text = urllib.request.urlopen(f"http://127.0.0.1:{base + worker}/metrics", timeout=10).read().decode()
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        series, value = line.rsplit(" ", 1)
        name = series.split("{", 1)[0]
        if name == "backfill_ib_requests_total":
            name += "{" + series.split('code="', 1)[1].split('"', 1)[0] + "}"
        if name.startswith(("backfill_pacing_wait_seconds_", "backfill_ib_request_duration_seconds_",
                            "backfill_pacing_violations_total", "backfill_ib_requests_total")):
            totals[name] = totals.get(name, 0) + float(value)
def mean(prefix):
    count = totals.get(prefix + "_count", 0)
    return totals.get(prefix + "_sum", 0) / count if count else 0
print(f"from /metrics: {int(totals.get('backfill_ib_requests_total{ok}', 0))} requests answered, "
      f"{int(totals.get('backfill_ib_requests_total{not_sent}', 0))} permits lapsed unsent, "
      f"mean pacer wait {mean('backfill_pacing_wait_seconds'):.2f} s, "
      f"mean request latency {mean('backfill_ib_request_duration_seconds') * 1000:.0f} ms, "
      f"{int(totals.get('backfill_pacing_violations_total', 0))} pacing violations")
PY
}

# The auditor: the simulator's own timestamps of every strict request (all of them here, the profile is strict).
audit_summary() {
    python3 - "$1" "$window" "$measure" <<'PY'
import json, statistics, sys
from datetime import datetime, timezone
path, window, measure = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
times, broken = [], 0
for line in open(path):
    event = json.loads(line)
    if event.get("event") == "rule":
        broken += 1
    if event.get("event") == "request" and event.get("message") in ("reqHistoricalData", "reqHeadTimeStamp"):
        stamp = datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        times.append(stamp.timestamp())
times.sort()
allowed = 60
start = times[0]
full = []
for k in range(1, measure + 1):
    lo, hi = start + k * window, start + (k + 1) * window
    count = sum(1 for t in times if lo <= t < hi)
    full.append(count)
    print(f"window {k}: {count} requests of {allowed} allowed ({100 * count / allowed:.0f} %)")
# Every rolling window, starting at each request: the gateway counts a request while less than a window has passed.
busiest, j = 0, 0
for i, t in enumerate(times):
    while j < len(times) and times[j] - t < window:
        j += 1
    busiest = max(busiest, j - i)
print(f"median full window: {statistics.median(full):g} requests of {allowed} (target >= 58)")
print(f"busiest rolling window: {busiest} requests (IB's limit: {allowed})")
print(f"pacing rules the simulator saw broken: {broken} (target 0)")
print(f"measured: {sum(full)} requests in {measure} full windows")
PY
}

one_gateway=""
for run in $runs; do
    case $run in
    idle)
        run_fleet idle 1 idle
        one_gateway=$run_throughput
        ;;
    busy) run_fleet busy 1 busy ;;
    two-gateways)
        run_fleet idle 2 two-gateways
        if [ -n "$one_gateway" ]; then
            echo
            python3 -c "print(f'two gateways / one: {$run_throughput / $one_gateway:.2f}x the requests per window (target >= 1.9)')"
        fi
        ;;
    *)
        echo "BENCH_RUNS takes idle, busy and two-gateways, not '$run'" >&2
        exit 2
        ;;
    esac
done
