#!/usr/bin/env bash
# Throwaway Redis and PostgreSQL for development, tests and the demo: no containers, nothing system-wide.
#
#   Deploy/local-services.sh start    start both (or reuse the running ones) and print the URLs as `export` lines
#   Deploy/local-services.sh env      print the URLs of the running services
#   Deploy/local-services.sh stop     stop both
#   Deploy/local-services.sh reset    stop both and delete their data
#
# Data lives in $BACKFILL_RUN_DIR (default .run/ in the repository). Redis runs with the append-only file on.
# PostgreSQL gets its own cluster (initdb) on its own port with trust auth on loopback only. PostgreSQL refuses
# to run as root, so as root the cluster belongs to the unprivileged `postgres` user that Debian's package creates.
# Ports: $BACKFILL_REDIS_PORT (default 16379) and $BACKFILL_PG_PORT (default 15432), or the next free ones.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run_dir=${BACKFILL_RUN_DIR:-$repo/.run}
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
redis_dir=$run_dir/redis
pg_link=$run_dir/postgres
ports_file=$run_dir/ports

log() { echo "local-services: $*" >&2; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { log "PostgreSQL server binaries not found; run Deploy/install-deps.sh"; exit 1; }
    echo "$dir"
}

# Runs a PostgreSQL tool as the cluster's owner.
as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port=$1
    while port_busy "$port"; do port=$((port + 1)); done
    echo "$port"
}

redis_running() { [ -f "$redis_dir/redis.pid" ] && kill -0 "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null; }

pg_data() { readlink -f "$pg_link" 2>/dev/null || echo "$pg_link"; }

pg_running() { [ -f "$(pg_data)/postmaster.pid" ] && as_pg_owner "$(pg_bin)/pg_ctl" -D "$(pg_data)" status >/dev/null 2>&1; }

read_ports() {
    redis_port=""; pg_port=""
    # shellcheck disable=SC1090
    [ -f "$ports_file" ] && . "$ports_file"
    return 0
}

print_env() {
    read_ports
    echo "export REDIS_URL=redis://127.0.0.1:$redis_port/0"
    echo "export DATABASE_URL=postgresql://backfill@127.0.0.1:$pg_port/backfill"
}

# The cluster's directory must be writable by its owner. As root, .run/ may sit below a directory the postgres
# user cannot enter (a checkout under /root); then the cluster lives in /tmp and .run/postgres links to it.
prepare_pg_dir() {
    [ -e "$pg_link" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        mkdir -p "$pg_link"
        return 0
    fi
    mkdir -p "$pg_link"
    chown postgres:postgres "$pg_link"
    chmod 700 "$pg_link"
    if ! runuser -u postgres -- test -w "$pg_link" 2>/dev/null; then
        rmdir "$pg_link"
        local outside
        outside=$(mktemp -d /tmp/backfill-postgres.XXXXXX)
        chown postgres:postgres "$outside"
        chmod 700 "$outside"
        ln -s "$outside" "$pg_link"
        log "postgres cannot enter $run_dir; its cluster is in $outside"
    fi
}

start_redis() {
    if redis_running; then return 0; fi
    mkdir -p "$redis_dir"
    redis_port=$(free_port "${redis_port:-${BACKFILL_REDIS_PORT:-16379}}")
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$redis_dir" \
        --appendonly yes --save "" --daemonize yes \
        --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" >/dev/null
    for _ in $(seq 1 50); do
        redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    log "redis-server did not start; see $redis_dir/redis.log"
    exit 1
}

start_postgres() {
    local bin data
    bin=$(pg_bin)
    prepare_pg_dir
    data=$(pg_data)
    if [ ! -f "$data/PG_VERSION" ]; then
        as_pg_owner "$bin/initdb" -D "$data" -U backfill --auth=trust -E UTF8 --locale=C >"$run_dir/initdb.log" 2>&1 \
            || { log "initdb failed; see $run_dir/initdb.log"; exit 1; }
    fi
    if ! pg_running; then
        pg_port=$(free_port "${pg_port:-${BACKFILL_PG_PORT:-15432}}")
        # Loopback TCP only: no Unix socket, so nothing is written outside the cluster's directory.
        as_pg_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
            -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off" start >/dev/null \
            || { log "PostgreSQL did not start; see $data/server.log"; exit 1; }
    fi
    if ! psql -h 127.0.0.1 -p "$pg_port" -U backfill -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'backfill'" | grep -q 1; then
        psql -h 127.0.0.1 -p "$pg_port" -U backfill -d postgres -qc "CREATE DATABASE backfill" >/dev/null
    fi
}

stop_all() {
    read_ports
    if redis_running; then
        kill "$(cat "$redis_dir/redis.pid" 2>/dev/null)" 2>/dev/null || true
        for _ in $(seq 1 50); do redis_running || break; sleep 0.1; done
    fi
    if [ -e "$pg_link" ] && pg_running; then
        as_pg_owner "$(pg_bin)/pg_ctl" -D "$(pg_data)" -m fast -w stop >/dev/null || true
    fi
}

case "${1:-}" in
    start)
        "$repo/Deploy/install-deps.sh"
        read_ports
        start_redis
        start_postgres
        printf 'redis_port=%s\npg_port=%s\n' "$redis_port" "$pg_port" >"$ports_file"
        print_env
        ;;
    env)
        redis_running && pg_running || { log "services are not running; use: $0 start"; exit 1; }
        print_env
        ;;
    stop)
        stop_all
        ;;
    reset)
        stop_all
        if [ -L "$pg_link" ]; then rm -rf "$(readlink -f "$pg_link")"; fi
        rm -rf "$redis_dir" "$pg_link" "$ports_file" "$run_dir/initdb.log"
        ;;
    *)
        echo "usage: $0 start|env|stop|reset" >&2
        exit 2
        ;;
esac
