#!/usr/bin/env bash
# The main job, from a fresh Debian machine: installs what is missing, builds `backfill`, starts a local Redis and
# PostgreSQL (kept in .run/ between runs; `Deploy/local-services.sh stop` stops them) and migrates the schema.
#
# Then it runs a real backfill end to end against the built-in gateway simulator: it enqueues several years of
# bars for a few symbols, starts three workers (each leases its own client id and paces through the shared
# Redis pacer), waits until every chunk is done, stops the workers with SIGTERM and prints what is in PostgreSQL.
# The simulator runs IB's pacing rules at 1/20 of real time (BACKFILL_PACING_SCALE matches it), so the run takes
# about a minute instead of hours.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
eval "$(Deploy/local-services.sh start)"
echo "demo: Redis at $REDIS_URL, PostgreSQL at $DATABASE_URL"

swift build -c release --product backfill
# `backfill worker` hands over to backfill-worker beside it: the same worker, in less memory.
swift build -c release --product backfill-worker
backfill=$(swift build -c release --show-bin-path)/backfill
"$backfill" migrate

scale=0.05
work=$(mktemp -d)
pids=()
dashboard_pid=""
cleanup() {
    for pid in "${pids[@]}" $dashboard_pid; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# The gateway simulator on a free port.
source "$repo/Deploy/simulator.sh"
start_simulator "$backfill" "$work/sim.log" --pacing-scale "$scale" --audit "$work/audit.jsonl"
pids+=("$sim_pid")
export BACKFILL_PACING_SCALE=$scale

# Two years of 1-minute bars and ten years of daily bars for three symbols. Enqueueing is idempotent, and a
# second run of this script finds the chunks done already.
"$backfill" plan --symbols AAPL,MSFT,NVDA --from 2023-01-01 --to 2024-12-31 --bar 1min
"$backfill" enqueue --symbols AAPL,MSFT,NVDA --from 2023-01-01 --to 2024-12-31 --bar 1min --name demo-1min
"$backfill" enqueue --symbols AAPL,MSFT,NVDA --from 2015-01-01 --to 2024-12-31 --bar 1d --name demo-daily

# The web dashboard, on 127.0.0.1 (a free port; BACKFILL_DEMO_DASHBOARD_PORT picks one): open it while the demo runs.
"$backfill" dashboard --port "${BACKFILL_DEMO_DASHBOARD_PORT:-0}" --interval 1 >"$work/dashboard.log" 2>&1 &
dashboard_pid=$!
for _ in $(seq 1 50); do grep -q 'dashboard at ' "$work/dashboard.log" && break; sleep 0.2; done
dashboard_url=$(grep -o 'http://[^ ]*' "$work/dashboard.log" | head -n 1 || true)
echo "demo: dashboard at ${dashboard_url:-(did not start; see $work/dashboard.log)} while the demo runs"

started=$(date +%s)
for worker in 1 2 3; do
    "$backfill" worker --concurrency 4 >"$work/worker-$worker.log" 2>&1 &
    pids+=($!)
done
echo "demo: three workers started; waiting for every chunk to finish"
while true; do
    open=$(psql "$DATABASE_URL" -tAc \
        "SELECT count(*) FROM chunks WHERE state NOT IN ('done', 'empty', 'dead', 'cancelled')")
    [ "$open" -eq 0 ] && break
    "$backfill" status | head -n 3
    sleep 5
done
echo "demo: all chunks finished in $(($(date +%s) - started)) s"
"$backfill" status

# Graceful stop: each worker hands back what it holds, releases its client id and prints a summary.
for pid in "${pids[@]:1}"; do kill -TERM "$pid"; done
for pid in "${pids[@]:1}"; do wait "$pid" || true; done
tail -q -n 1 "$work"/worker-*.log

echo
echo "demo: what is in PostgreSQL"
psql "$DATABASE_URL" -c "
    SELECT i.symbol, b.bar_size, count(*) AS bars, min(b.bar_start) AS first_bar, max(b.bar_start) AS last_bar
    FROM bars b JOIN instruments i ON i.id = b.instrument_id
    GROUP BY i.symbol, b.bar_size ORDER BY i.symbol, b.bar_size"
psql "$DATABASE_URL" -c "SELECT state, count(*) AS chunks FROM chunks GROUP BY state ORDER BY state"
violations=$(grep -c '"event":"rule"' "$work/audit.jsonl" || true)
echo "demo: pacing rules the simulator saw broken: $violations"
echo "demo: the dashboard (${dashboard_url:-not started}) stops with the demo; run \`backfill dashboard\` to keep one"
