#!/usr/bin/env bash
# Every figure of the benchmark in one run: RedisKit and PQKit against redis-benchmark and psql \copy; IB requests
# per regular session for bars of 30 s or less (ours, the documented bound, Lean's sizing, the table before);
# planning and enqueueing 500 symbols x 20 years of 1-minute bars (time and memory); claim+ack cycles; tick pages;
# export against psql; and storage at scale (about 10 minutes and ~12 GB of disk for a while): the worker's commit
# rate into an empty bars table and into one holding 50 million bars (BENCH_STORAGE_ROWS), their ratio, and the plan
# and time of reading one instrument-year back in time order (BENCH_STORAGE_KEEP=1 keeps its schemas).
#
#   BENCH_ONLY=requests|queue|ticks|export|storage   run one part only
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
eval "$(Deploy/local-services.sh start)"
swift build -c release --package-path Benchmarks --product BackfillBench >&2
"$(swift build -c release --package-path Benchmarks --show-bin-path)/BackfillBench"
