#!/usr/bin/env python3
"""Static checks of docker-compose.yml, .env.example and Deploy/Dockerfile (no Docker engine runs here).

Prints one line per problem and exits 1 if there is any; exits 0 silently otherwise.
"""
import re
import sys
from pathlib import Path

import yaml

root = Path(__file__).resolve().parent.parent
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


compose_text = (root / "docker-compose.yml").read_text()
compose = yaml.safe_load(compose_text)
services = compose.get("services", {})
volumes = compose.get("volumes", {}) or {}

expected = {"redis", "postgres", "ib-gateway", "sim", "migrate", "worker"}
check(expected <= set(services), f"services missing: {sorted(expected - set(services))}")

for name, service in services.items():
    check("image" in service or "build" in service, f"{name}: neither image nor build")
    for dependency in (service.get("depends_on") or {}):
        check(dependency in services, f"{name}: depends on unknown service {dependency}")
    for mount in service.get("volumes", []) or []:
        source = mount.split(":")[0]
        if not source.startswith((".", "/")):
            check(source in volumes, f"{name}: named volume {source} is not declared")
    if "build" in service:
        dockerfile = root / service["build"].get("context", ".") / service["build"].get("dockerfile", "Dockerfile")
        check(dockerfile.is_file(), f"{name}: {dockerfile} does not exist")

redis = services.get("redis", {})
check("--appendonly" in redis.get("command", []) and "yes" in redis.get("command", []), "redis: append-only file is not on")

check("timescale" in services.get("postgres", {}).get("image", ""), "postgres: not a TimescaleDB image")

gateway = services.get("ib-gateway", {})
check(gateway.get("image", "").startswith("ghcr.io/gnzsnz/ib-gateway"), "ib-gateway: unexpected image")
for secret in ("TWS_USERID", "TWS_PASSWORD"):
    value = str(gateway.get("environment", {}).get(secret, ""))
    check(value.startswith("${" + secret), f"ib-gateway: {secret} must come from .env, not be written in the file")
check("ibkr" in gateway.get("profiles", []), "ib-gateway: should be behind the ibkr profile")
check("sim" in services.get("sim", {}).get("profiles", []), "sim: should be behind the sim profile")

migrate = services.get("migrate", {})
check(migrate.get("command") == ["migrate"], "migrate: should run `backfill migrate`")
check(str(migrate.get("restart", "no")) == "no", "migrate: a one-shot must not restart")
check(migrate.get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy",
      "migrate: should wait for a healthy postgres")

worker = services.get("worker", {})
check("container_name" not in worker, "worker: container_name prevents --scale")
check(not worker.get("ports"), "worker: published ports prevent --scale")
check(worker.get("depends_on", {}).get("migrate", {}).get("condition") == "service_completed_successfully",
      "worker: should start after a successful migration")
for setting in ("REDIS_URL", "DATABASE_URL", "IBKR_HOST", "IBKR_PORT", "IBKR_CLIENT_ID_POOL"):
    check(setting in (worker.get("environment") or {}), f"worker: {setting} is not set")

# Every ${VAR} the compose file reads must be documented in .env.example.
example = (root / ".env.example").read_text()
documented = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", example, re.MULTILINE))
referenced = set(re.findall(r"\$\{([A-Z_][A-Z0-9_]*)", compose_text))
check(referenced <= documented, f".env.example does not document {sorted(referenced - documented)}")

# No literal password in the compose file.
check(not re.search(r"^\s*[A-Z_]*PASSWORD:\s*[\"']?[^$\s\"']", compose_text, re.MULTILINE),
      "docker-compose.yml contains a literal password")

dockerfile = (root / "Deploy" / "Dockerfile").read_text()
check("libhiredis" in dockerfile and "libpq5" in dockerfile, "Dockerfile: runtime libraries missing")
check('ENTRYPOINT ["/usr/local/bin/backfill"]' in dockerfile, "Dockerfile: entrypoint is not backfill")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
