#!/usr/bin/env bash
# The main job, from a fresh Debian machine: installs what is missing, builds `backfill`, starts a local Redis and
# PostgreSQL (kept in .run/ between runs; `Deploy/local-services.sh stop` stops them) and migrates the schema.
#
# Today this ends at a migrated database and `backfill --help`: the gateway simulator, the planner and queue, and
# the workers that make a real backfill land with the next issues, and this script will then run one end to end.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export PATH="$PATH:/opt/swift/usr/bin"

Deploy/install-deps.sh
eval "$(Deploy/local-services.sh start)"
echo "demo: Redis at $REDIS_URL, PostgreSQL at $DATABASE_URL"

swift build -c release --product backfill
backfill=$(swift build -c release --show-bin-path)/backfill

"$backfill" migrate
"$backfill" migrate
"$backfill" config
"$backfill" --help
psql "$DATABASE_URL" -c '\dt'

cat <<TXT

demo: the schema is in place and \`backfill migrate\` is idempotent. Services keep running; stop them with
      Deploy/local-services.sh stop. A real backfill against the built-in gateway simulator is not possible yet:
      it needs the simulator, planner/queue and worker (the next issues).
TXT
