# Sourced by Deploy/demo.sh and Deploy/fleet-bench.sh: starts `backfill sim` on a free port in the background.
#
#   start_simulator BACKFILL LOG [sim flags…]
#
# Sets sim_pid and sim_port, and exports IBKR_HOST and IBKR_PORT so every later `backfill` command uses it.
# Exits the calling script with the simulator's log if it does not start.
start_simulator() {
    local backfill=$1 log=$2
    shift 2
    "$backfill" sim --port 0 "$@" >"$log" 2>&1 &
    sim_pid=$!
    for _ in $(seq 1 100); do
        grep -q "listening on" "$log" && break
        sleep 0.1
    done
    sim_port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$log")
    [ -n "$sim_port" ] || { cat "$log" >&2; echo "the simulator did not start" >&2; exit 1; }
    export IBKR_HOST=127.0.0.1 IBKR_PORT=$sim_port
}
