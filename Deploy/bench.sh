#!/usr/bin/env bash
# Benchmarks RedisKit and PQKit against redis-benchmark and psql \copy on the local services, in one run.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
eval "$(Deploy/local-services.sh start)"
swift build -c release --package-path Benchmarks --product BackfillBench >&2
"$(swift build -c release --package-path Benchmarks --show-bin-path)/BackfillBench"
