#!/usr/bin/env python3
"""The dashboard under load (issue 15's benchmark), run by Deploy/dashboard-bench.sh:

- 500,000 chunks queued (500 symbols x about 20 years of 1-minute bars, BENCH_DASHBOARD_SYMBOLS to change);
- the overview page's render time over 200 sequential requests (median and p95, milliseconds);
- the cost on PostgreSQL (statements per second, from pg_stat_database) and Redis (commands per second, from INFO)
  of the dashboard idle, and with 50 concurrent event streams open, each over 30 seconds.

Prints one table. Needs `backfill` (release build), psql, redis-cli, and REDIS_URL / DATABASE_URL.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

backfill = sys.argv[1]
redis_url = os.environ["REDIS_URL"]
database_url = os.environ["DATABASE_URL"]
symbols = int(os.environ.get("BENCH_DASHBOARD_SYMBOLS", "500"))
streams = int(os.environ.get("BENCH_DASHBOARD_STREAMS", "50"))
window = float(os.environ.get("BENCH_DASHBOARD_SECONDS", "30"))


def run(*arguments, **kwargs):
    return subprocess.run(arguments, check=True, capture_output=True, text=True, **kwargs)


def redis_port():
    match = re.match(r"redis://(?:[^@]*@)?([^:/]+):(\d+)", redis_url)
    return match.group(1), match.group(2)


def redis_commands():
    host, port = redis_port()
    info = run("redis-cli", "-h", host, "-p", port, "INFO", "stats").stdout
    return int(re.search(r"total_commands_processed:(\d+)", info).group(1))


def postgres_statements():
    # Committed and rolled-back transactions of this database: one per autocommit statement.
    out = run("psql", database_url, "-tAc",
              "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()").stdout
    return int(out.strip())


def rates(seconds):
    redis_before, postgres_before = redis_commands(), postgres_statements()
    time.sleep(seconds)
    redis_after, postgres_after = redis_commands(), postgres_statements()
    # Our own two psql calls count once each per measurement.
    return (redis_after - redis_before) / seconds, (postgres_after - postgres_before - 1) / seconds


def main():
    with tempfile.TemporaryDirectory() as work:
        symbols_file = os.path.join(work, "symbols.txt")
        with open(symbols_file, "w") as file:
            for index in range(symbols):
                file.write(f"B{index:04d}\n")
        run(backfill, "migrate")
        started = time.time()
        run(backfill, "enqueue", "--symbols-file", symbols_file, "--from", "2005-01-01", "--to", "2024-12-31",
            "--bar", "1min", "--no-head-timestamps", "--name", "dashboard-bench")
        enqueue_seconds = time.time() - started
        chunks = int(run("psql", database_url, "-tAc", "SELECT count(*) FROM chunks").stdout.strip())

        log = open(os.path.join(work, "dashboard.log"), "w")
        dashboard = subprocess.Popen([backfill, "dashboard", "--port", "0", "--interval", "2"], stderr=log,
                                     stdout=log)
        try:
            url = None
            for _ in range(100):
                text = open(os.path.join(work, "dashboard.log")).read()
                found = re.search(r"dashboard at (http://\S+)/", text)
                if found:
                    url = found.group(1)
                    break
                time.sleep(0.2)
            if url is None:
                sys.exit("the dashboard did not start: " + open(os.path.join(work, "dashboard.log")).read())
            urllib.request.urlopen(url + "/").read()  # the first snapshot

            timings = []
            for _ in range(200):
                begin = time.perf_counter()
                body = urllib.request.urlopen(url + "/").read()
                timings.append((time.perf_counter() - begin) * 1000)
            p95 = statistics.quantiles(timings, n=20)[18]

            idle_redis, idle_postgres = rates(window)

            stop = threading.Event()
            received = [0] * streams

            def stream(index):
                with urllib.request.urlopen(url + "/events?page=overview", timeout=window + 30) as response:
                    while not stop.is_set():
                        line = response.readline()
                        if not line:
                            break
                        if line.startswith(b"data:") or line.startswith(b":"):
                            received[index] += 1

            threads = [threading.Thread(target=stream, args=(index,), daemon=True) for index in range(streams)]
            for thread in threads:
                thread.start()
            time.sleep(2)
            busy_redis, busy_postgres = rates(window)
            stop.set()
        finally:
            dashboard.terminate()
            dashboard.wait(timeout=10)

    print(f"dashboard measurement ({symbols} symbols)               value")
    print(f"chunks queued                                      {chunks:>10,}")
    print(f"enqueue time (s)                                   {enqueue_seconds:>10.1f}")
    print(f"overview page size (bytes)                         {len(body):>10,}")
    print(f"overview render, median (ms)                       {statistics.median(timings):>10.1f}")
    print(f"overview render, p95 (ms)                          {p95:>10.1f}")
    print(f"idle: PostgreSQL statements/s                      {idle_postgres:>10.1f}")
    print(f"idle: Redis commands/s                             {idle_redis:>10.1f}")
    print(f"{streams} event streams: PostgreSQL statements/s          {busy_postgres:>10.1f}")
    print(f"{streams} event streams: Redis commands/s                 {busy_redis:>10.1f}")
    print(f"events received per stream (mean, {window:.0f} s)            {statistics.mean(received):>10.1f}")


main()
