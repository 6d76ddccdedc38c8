#!/usr/bin/env python3
"""docker-compose.yml, Deploy/compose/two-gateways.yml and .env.example, checked without a Docker engine.

- Both files, interpolated with an unedited copy of .env.example the way Compose does it (so `docker compose
  --profile sim up` needs no editing), validate against the Compose Specification's JSON schema (the copy that
  the check-jsonschema package bundles), alone and merged.
- The services, profiles, healthchecks, a worker that `--scale` can multiply, secrets only from .env, every
  variable documented, nothing published but the monitoring UIs on 127.0.0.1, the simulator reachable where the
  workers look for the gateway, and a stop grace period longer than the worker's own shutdown.
- The two-gateway override merges cleanly: a second gateway with a second login and a second worker service that
  differs from the first only in its gateway.
"""
import re
import sys
from pathlib import Path

from common import (ROOT, InterpolationError, Problems, interpolate, interpolate_tree, load_yaml, read_env_file,
                    require_module)

problems = Problems("compose")
check = problems.check

BASE = ROOT / "docker-compose.yml"
OVERRIDE = ROOT / "Deploy" / "compose" / "two-gateways.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = "Deploy/Dockerfile"

raw_base = load_yaml(BASE)
raw_override = load_yaml(OVERRIDE)
example, example_comments = read_env_file(ENV_EXAMPLE)


# --- interpolation: every variable documented, and an unedited .env.example is enough ---------------------------

def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def variables(node):
    names = set()
    for text in strings(node):
        text = text.replace("$$", "")
        names |= set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", text))
        names |= set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", text))
    return names


for label, raw in (("docker-compose.yml", raw_base), ("Deploy/compose/two-gateways.yml", raw_override)):
    for name in sorted(variables(raw)):
        if check(name in example, f"{label}: ${{{name}}} is not in .env.example"):
            check(example_comments.get(name), f".env.example: {name} has no comment saying what it is")


def interpolated(raw, label, environment):
    environment = dict(environment)
    while True:
        try:
            return interpolate_tree(raw, environment)
        except InterpolationError as error:
            problems.add(f"{label}: with an unedited copy of .env.example: {error}")
            environment[error.name] = "placeholder"  # carry on, to report the rest


base = interpolated(raw_base, "docker-compose.yml", example)
override = interpolated(raw_override, "Deploy/compose/two-gateways.yml", example)


# --- merging, as Compose merges a second -f file into the first -------------------------------------------------

REPLACED = {"command", "entrypoint", "test", "image", "build", "stop_grace_period", "healthcheck"}


def merge(first, second, key=None):
    if isinstance(first, dict) and isinstance(second, dict):
        merged = dict(first)
        for name, value in second.items():
            merged[name] = merge(first[name], value, name) if name in first and name not in REPLACED else value
        return merged
    if isinstance(first, list) and isinstance(second, list) and key not in REPLACED:
        return first + [value for value in second if value not in first]
    return second


merged = merge(base, override)


# --- the Compose Specification's schema -------------------------------------------------------------------------

jsonschema = require_module("jsonschema", "jsonschema")
check_jsonschema = require_module("check_jsonschema", "check-jsonschema")
schema_path = Path(check_jsonschema.__file__).parent / "builtin_schemas" / "vendor" / "compose-spec.json"
if check(schema_path.is_file(), f"the compose-spec schema is not at {schema_path} (check-jsonschema changed?)"):
    import json

    schema = json.loads(schema_path.read_text())
    validator = jsonschema.validators.validator_for(schema)(schema)
    for label, model in (("docker-compose.yml", base), ("Deploy/compose/two-gateways.yml", override),
                         ("docker-compose.yml + two-gateways.yml", merged)):
        for error in sorted(validator.iter_errors(model), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(part) for part in error.absolute_path) or "(top)"
            problems.add(f"{label}: compose-spec: {where}: {error.message}")


# --- structure --------------------------------------------------------------------------------------------------

def service_checks(label, model):
    services = model.get("services") or {}
    volumes = model.get("volumes") or {}
    for name, service in services.items():
        where = f"{label}: {name}"
        check("image" in service or "build" in service, f"{where}: neither image nor build")
        dependencies = service.get("depends_on") or {}
        for dependency in dependencies:
            check(dependency in services, f"{where}: depends on unknown service {dependency}")
            needed = set(services.get(dependency, {}).get("profiles") or [])
            mine = set(service.get("profiles") or [])
            check(not needed or needed & mine, f"{where}: depends on {dependency}, which only runs in profile "
                                               f"{sorted(needed)}: enabling {name} alone would fail")
        for mount in service.get("volumes") or []:
            source = (mount.get("source", "") if isinstance(mount, dict) else mount.split(":")[0])
            if source.startswith((".", "/")):
                check((ROOT / source).exists(), f"{where}: bind-mount source {source} does not exist")
            else:
                check(source in volumes, f"{where}: named volume {source} is not declared")
        if "build" in service:
            build = service["build"]
            context = ROOT / build.get("context", ".")
            check((context / build.get("dockerfile", "Dockerfile")).is_file(), f"{where}: its Dockerfile is missing")
            check(build.get("dockerfile") == DOCKERFILE, f"{where}: builds something other than {DOCKERFILE}")
        for port in service.get("ports") or []:
            text = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}"
            check(name in ("prometheus", "grafana", "dashboard"),
                  f"{where}: publishes {text}; only the monitoring UIs and the dashboard may")
            check(str(text).startswith("127.0.0.1:"), f"{where}: publishes {text} beyond 127.0.0.1")
        for key, value in as_mapping(service.get("environment")).items():
            secret_checks(label, name, key, value)
        # Compose lets a service name its container; a fixed name cannot be scaled.
        if name.startswith("worker"):
            worker_checks(where, service)
        if name == "scheduler":
            scheduler_checks(where, service)
    return services


def environment_of(raw_model, service):
    return as_mapping((raw_model.get("services", {}).get(service, {}) or {}).get("environment"))


def as_mapping(environment):
    """Compose accepts `environment` as a mapping or as a list of KEY=value."""
    if isinstance(environment, list):
        return dict(item.split("=", 1) if "=" in item else (item, None) for item in environment)
    return environment or {}


SECRET = re.compile(r"PASSWORD|SECRET|TOKEN|PRIVATE_KEY", re.IGNORECASE)


def secret_checks(label, service, key, _value):
    # Judged on the file's text, before interpolation: a secret must be a variable without a literal default.
    raw_model = raw_base if label == "docker-compose.yml" else raw_override
    raw = str(environment_of(raw_model, service).get(key, ""))
    if not raw and label != "docker-compose.yml":
        return
    if SECRET.search(key):
        check(re.fullmatch(r"\$\{[A-Za-z_][A-Za-z0-9_]*(:?[?]([^}]*)|:-|-)?\}", raw) is not None,
              f"{label}: {service}: {key} must be ${{VAR}} from .env with no literal default, not {raw!r}")
    # A URL's password: stand each ${…} in for a token first, since the expressions themselves contain ':'.
    expressions = []

    def token(match):
        expressions.append(match.group(0))
        return f"\0{len(expressions) - 1}\0"

    for password in re.findall(r"://[^:/@]+:([^@]+)@", re.sub(r"\$\{[^}]*\}", token, raw)):
        whole = re.fullmatch(r"\0(\d+)\0", password)
        check(whole is not None and re.fullmatch(r"\$\{[A-Za-z_][A-Za-z0-9_]*(:?[?][^}]*)?\}",
                                                 expressions[int(whole.group(1))]) is not None,
              f"{label}: {service}: {key} embeds a password that is not a ${{VAR}} from .env")


def scheduler_checks(where, scheduler):
    """Several schedulers elect one through a lease in PostgreSQL: run two, so a standby is ready to take over."""
    command = [str(part) for part in scheduler.get("command") or []]
    check(command[:1] == ["scheduler"], f"{where}: should run `backfill scheduler`")
    check(not scheduler.get("ports") and "container_name" not in scheduler, f"{where}: its replicas must not collide")
    replicas = (scheduler.get("deploy") or {}).get("replicas", 1)
    check(isinstance(replicas, int) and replicas >= 2, f"{where}: run 2 replicas, one active and one standing by")
    environment = as_mapping(scheduler.get("environment"))
    for setting in ("REDIS_URL", "DATABASE_URL"):
        check(setting in environment, f"{where}: {setting} is not set")
    check(str(environment.get("BACKFILL_METRICS_PORT")) == "9464",
          f"{where}: BACKFILL_METRICS_PORT should be 9464 (scraped by Prometheus, asked by the HEALTHCHECK)")
    check(scheduler.get("depends_on", {}).get("migrate", {}).get("condition") == "service_completed_successfully",
          f"{where}: should wait for the migration")


def worker_checks(where, worker):
    check("container_name" not in worker, f"{where}: container_name prevents --scale")
    check("hostname" not in worker, f"{where}: a fixed hostname makes every replica alike in `backfill status`")
    check(not worker.get("ports"), f"{where}: published ports prevent --scale")
    command = [str(part) for part in worker.get("command") or []]
    check(command[:1] == ["worker"], f"{where}: should run `backfill worker`")
    check("--client-id" not in command, f"{where}: a fixed client id collides between replicas; they lease one")
    environment = as_mapping(worker.get("environment"))
    check(not any("CLIENT_ID" in key and key != "IBKR_CLIENT_ID_POOL" for key in environment),
          f"{where}: a fixed client id collides between replicas; they lease one from IBKR_CLIENT_ID_POOL")
    for setting in ("REDIS_URL", "DATABASE_URL", "IBKR_HOST", "IBKR_PORT", "IBKR_CLIENT_ID_POOL"):
        check(setting in environment, f"{where}: {setting} is not set")
    check(str(environment.get("BACKFILL_METRICS_PORT")) == "9464",
          f"{where}: BACKFILL_METRICS_PORT should be 9464 (scraped by Prometheus, asked by the HEALTHCHECK)")
    check((worker.get("healthcheck") or {}).get("disable") is not True and "healthcheck" not in worker,
          f"{where}: keep the image's HEALTHCHECK (backfill healthcheck → /healthz)")
    check(worker.get("depends_on", {}).get("redis", {}).get("condition") == "service_healthy",
          f"{where}: should wait for a healthy redis")
    check(worker.get("depends_on", {}).get("migrate", {}).get("condition") == "service_completed_successfully",
          f"{where}: should start after a successful migration")
    grace = number(where, environment, "BACKFILL_SHUTDOWN_GRACE_SECONDS", 30)
    timeout = number(where, environment, "BACKFILL_REQUEST_TIMEOUT_SECONDS", 120)
    stop = seconds(worker.get("stop_grace_period", "10s"))
    check(stop > grace + timeout, f"{where}: stop_grace_period {stop:g}s is not longer than the shutdown grace "
                                  f"plus one request timeout ({grace:g} + {timeout:g} s): Docker would kill it")
    check(worker.get("stop_signal", "SIGTERM") == "SIGTERM", f"{where}: the worker shuts down gracefully on SIGTERM")


def number(where, environment, name, default):
    try:
        return float(environment.get(name, default))
    except ValueError:
        problems.add(f"{where}: {name} {environment.get(name)!r} is not a number")
        return float(default)


def seconds(text):
    total = 0.0
    for amount, unit in re.findall(r"([\d.]+)(h|ms|m|s|us)", str(text)):
        total += float(amount) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 1e-6}[unit]
    return total


services = service_checks("docker-compose.yml", base)
expected = {"redis", "postgres", "ib-gateway", "sim", "migrate", "worker", "scheduler", "dashboard", "prometheus",
            "grafana"}
check(expected <= set(services), f"docker-compose.yml: services missing: {sorted(expected - set(services))}")


def service(name):
    return services.get(name) or {}


profiles = {"ib-gateway": ["ib"], "sim": ["sim"], "prometheus": ["monitoring"], "grafana": ["monitoring"]}
for name in expected:
    check((service(name).get("profiles") or []) == profiles.get(name, []),
          f"docker-compose.yml: {name}: profiles should be {profiles.get(name, [])}")

for name in ("redis", "postgres", "sim"):
    test = (service(name).get("healthcheck") or {}).get("test")
    check(bool(test) and test[0] in ("CMD", "CMD-SHELL"), f"docker-compose.yml: {name}: no healthcheck")

redis = service("redis")
command = [str(part) for part in redis.get("command") or []]
check("--appendonly" in command and command[command.index("--appendonly") + 1:][:1] == ["yes"],
      "redis: the append-only file is not on")
check(any(str(mount).endswith(":/data") for mount in redis.get("volumes") or []), "redis: /data is not a volume")

postgres = service("postgres")
check("timescale" in postgres.get("image", ""), "postgres: not a TimescaleDB image")
check(any(str(mount).endswith(":/var/lib/postgresql/data") for mount in postgres.get("volumes") or []),
      "postgres: its data directory is not a volume")

# Every Backfill role runs the one image.
backfill_services = {name: svc for name, svc in merged.get("services", {}).items() if "build" in svc}
images = {svc.get("image") for svc in backfill_services.values()}
check(len(images) == 1, f"Backfill services use different images: {sorted(map(str, images))}")
check(set(backfill_services) >= {"sim", "migrate", "worker"}, "sim, migrate and worker should build Deploy/Dockerfile")

migrate = service("migrate")
check(migrate.get("command") == ["migrate"], "migrate: should run `backfill migrate`")
check(str(migrate.get("restart", "no")) == "no", "migrate: a one-shot must not restart")
check(migrate.get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy",
      "migrate: should wait for a healthy postgres")

# The gateway: the image's own variable names, fed from the names .env uses; read-only API.
RELAY_PORTS = {"paper": "4004", "live": "4003"}


def gateway_checks(label, name, username, password, raw_model, model):
    gateway = (model.get("services") or {}).get(name) or {}
    raw = environment_of(raw_model, name)
    check(gateway.get("image", "").startswith("ghcr.io/gnzsnz/ib-gateway:"), f"{label}: {name}: unexpected image")
    for image_name, env_name in (("TWS_USERID", username), ("TWS_PASSWORD", password),
                                 ("TRADING_MODE", "TRADING_MODE")):
        check(str(raw.get(image_name, "")).startswith("${" + env_name),
              f"{label}: {name}: {image_name} (what the image reads) should come from ${{{env_name}}} in .env")
        # ${VAR:?} would break the sim profile: Compose interpolates services whose profile is off too.
        check(":?" not in str(raw.get(image_name, "")) and "?" not in str(raw.get(image_name, "")).split("}")[0],
              f"{label}: {name}: {image_name} must not be required with ?: `--profile sim` has no IB login")
    check(str(raw.get("READ_ONLY_API")) == "yes", f"{label}: {name}: READ_ONLY_API should be yes")
    check(not gateway.get("ports"), f"{label}: {name}: the API has no authentication; publish nothing")
    environment = as_mapping(gateway.get("environment"))
    check(environment.get("TRADING_MODE") in RELAY_PORTS,
          f"{label}: {name}: TRADING_MODE {environment.get('TRADING_MODE')!r} is not paper or live")
    return RELAY_PORTS.get(environment.get("TRADING_MODE"))


relay = gateway_checks("docker-compose.yml", "ib-gateway", "TWS_USERNAME", "TWS_PASSWORD", raw_base, base)
check(example.get("TRADING_MODE") == "paper", ".env.example: TRADING_MODE should default to paper")


def simulator_checks(label, simulator_name, worker_name, model):
    """The simulator answers exactly where the workers look for the gateway, so one configuration serves both."""
    services_ = model.get("services") or {}
    simulator, worker = services_.get(simulator_name) or {}, services_.get(worker_name) or {}
    environment = as_mapping(worker.get("environment"))
    host, port = environment.get("IBKR_HOST"), str(environment.get("IBKR_PORT"))
    command = [str(part) for part in simulator.get("command") or []]
    check(command[:1] == ["sim"], f"{label}: {simulator_name}: should run `backfill sim`")
    listen = command[command.index("--port") + 1] if "--port" in command else None
    check("--host" in command and command[command.index("--host") + 1] == "0.0.0.0",
          f"{label}: {simulator_name}: should listen on 0.0.0.0 to be reachable from other containers")
    aliases = ((simulator.get("networks") or {}).get("default") or {}).get("aliases") or []
    check(host in aliases, f"{label}: {worker_name} looks for {host}, but {simulator_name} does not answer to it")
    check(listen == port, f"{label}: {worker_name} connects to port {port}, {simulator_name} listens on {listen}")
    test = [str(part) for part in (simulator.get("healthcheck") or {}).get("test") or []]
    check(test[:3] == ["CMD", "/usr/local/bin/backfill", "healthcheck"] and "--tcp" in test,
          f"{label}: {simulator_name}: healthcheck should be `backfill healthcheck --tcp 127.0.0.1:PORT`")
    check(f"127.0.0.1:{listen}" in test, f"{label}: {simulator_name}: healthcheck does not ask its own port {listen}")
    scale = command[command.index("--pacing-scale") + 1] if "--pacing-scale" in command else "1"
    check(scale == str(environment.get("BACKFILL_PACING_SCALE", "1")),
          f"{label}: {simulator_name} paces at {scale}, {worker_name} at {environment.get('BACKFILL_PACING_SCALE')}")
    return host, port


host, port = simulator_checks("docker-compose.yml", "sim", "worker", base)
check(relay == port, f"docker-compose.yml: workers connect to port {port}, the gateway relays "
                     f"{example.get('TRADING_MODE')} on {relay}")
check(host == "ib-gateway", f"docker-compose.yml: workers should look for the gateway at ib-gateway, not {host}")
check(service("migrate").get("environment") == {key: value for key, value in service("worker")["environment"].items()
                                                 if key != "BACKFILL_METRICS_PORT"},
      "docker-compose.yml: migrate and worker should share one set of Backfill settings")

# .env.example: safe defaults, no secret.
for key, value in example.items():
    if SECRET.search(key):
        check(value == "" or "change" in value.lower(),
              f".env.example: {key} holds a value that looks real; leave it blank or an obvious placeholder")
        if value:
            check("CHANGE" in example_comments.get(key, "").upper(), f".env.example: say to change {key}")

# Monitoring: what Prometheus and Grafana mount is what their configuration files expect.
prometheus = service("prometheus")
check(prometheus.get("image", "").startswith("prom/prometheus:"), "prometheus: not the official prom/prometheus image")
check("./Deploy/prometheus:/etc/prometheus:ro" in (prometheus.get("volumes") or []),
      "prometheus: should mount ./Deploy/prometheus read-only at /etc/prometheus")
check("--config.file=/etc/prometheus/prometheus.yml" in (prometheus.get("command") or []),
      "prometheus: --config.file should be /etc/prometheus/prometheus.yml")
grafana = service("grafana")
check(grafana.get("image", "").startswith("grafana/grafana"), "grafana: not the official grafana image")
grafana_mounts = {str(mount).split(":")[1]: str(mount).split(":")[0] for mount in grafana.get("volumes") or []}
check(grafana_mounts.get("/etc/grafana/provisioning") == "./Deploy/grafana/provisioning",
      "grafana: should mount ./Deploy/grafana/provisioning at /etc/grafana/provisioning")
provider = load_yaml(ROOT / "Deploy/grafana/provisioning/dashboards/backfill.yml")["providers"][0]
check(grafana_mounts.get(provider["options"]["path"]) == "./Deploy/grafana/dashboards",
      f"grafana: the dashboard provider reads {provider['options']['path']}, where Deploy/grafana/dashboards "
      "is not mounted")
check(str(environment_of(raw_base, "grafana").get("GF_SECURITY_ADMIN_PASSWORD", "")).startswith("${"),
      "grafana: the admin password must come from .env")


# --- the two-gateway override -----------------------------------------------------------------------------------

label = "docker-compose.yml + two-gateways.yml"
merged_services = service_checks(label, merged)
for name in ("ib-gateway-2", "sim-2", "worker-2"):
    check(name in merged_services, f"{label}: {name} is missing")
check(set(base.get("services", {})) <= set(merged_services), f"{label}: the override drops services")
check(all(merged_services.get(name) == base["services"][name] for name in base.get("services", {})
          if name not in (override.get("services") or {})),
      f"{label}: the override changes services of docker-compose.yml it does not name")
gateway_checks(label, "ib-gateway-2", "TWS_USERNAME_2", "TWS_PASSWORD_2", raw_override, merged)
check((merged_services.get("ib-gateway-2") or {}).get("profiles") == ["ib"], f"{label}: ib-gateway-2: profile ib")
check((merged_services.get("sim-2") or {}).get("profiles") == ["sim"], f"{label}: sim-2: profile sim")
host_2, port_2 = simulator_checks(label, "sim-2", "worker-2", merged)
check(host_2 == "ib-gateway-2", f"{label}: worker-2 should look for ib-gateway-2, not {host_2}")
first = dict(merged_services.get("worker") or {})
second = dict(merged_services.get("worker-2") or {})
first_environment = as_mapping(first.pop("environment", {}))
second_environment = as_mapping(second.pop("environment", {}))
for key in sorted(set(first_environment) | set(second_environment)):
    if key != "IBKR_HOST":
        check(first_environment.get(key) == second_environment.get(key),
              f"{label}: worker-2's {key} differs from worker's ({second_environment.get(key)!r} vs "
              f"{first_environment.get(key)!r}); only the gateway should")
second_networks = second.pop("networks", {}) or {}
first.pop("networks", None)
check("worker" in ((second_networks.get("default") or {}).get("aliases") or []),
      f"{label}: worker-2 should also answer to \"worker\", the name Prometheus discovers workers by")
for key in sorted(set(first) | set(second)):
    check(first.get(key) == second.get(key), f"{label}: worker-2's {key} differs from worker's")

problems.finish()
