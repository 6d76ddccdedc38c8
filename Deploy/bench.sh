#!/usr/bin/env bash
# Benchmarks RedisKit and PQKit against redis-benchmark and psql \copy on the local services, in one run.
#
#   BENCH_ONLY=queue|export|ticks   run one part only
#   BENCH_ONLY=storage              storage at scale, not in the default run (about 10 minutes, ~12 GB of disk for
#                                   a while): the worker's commit rate into an empty bars table and into one holding
#                                   50 million bars (BENCH_STORAGE_ROWS), their ratio, and the plan and time of
#                                   reading one instrument-year back in time order. BENCH_STORAGE_KEEP=1 keeps its
#                                   schemas for a look by hand.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
eval "$(Deploy/local-services.sh start)"
swift build -c release --package-path Benchmarks --product BackfillBench >&2
"$(swift build -c release --package-path Benchmarks --show-bin-path)/BackfillBench"
