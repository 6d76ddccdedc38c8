#!/usr/bin/env python3
"""Deploy/k8s: the manifests validated offline against Kubernetes' own JSON schemas (the kubernetes-validate
package bundles them), strictly (unknown fields are errors), for the oldest and the newest version it knows; the
KEDA objects, whose schemas are not bundled, checked field by field; and the references between all of them.

- Every object in the namespace; every ConfigMap key, Secret key and $(VAR) that a container reads exists, and
  every key of secrets.env.example is used (the Secret is created by hand, never committed).
- The worker: no client id, metrics on 9464 with Prometheus' scrape annotations, probes on /healthz, a grace
  period longer than its own shutdown, the Dockerfile's non-root uid.
- The ScaledObject watches the queue's backlog list under the exact key name the Swift code builds, with the
  target and maximum the README explains.
"""
import math
import re

from common import ROOT, Problems, load_yaml, load_yaml_documents, read_env_file, require_module

problems = Problems("kubernetes")
check = problems.check

K8S = ROOT / "Deploy" / "k8s"
NAMESPACE = "backfill"
METRICS_PORT = 9464

kubernetes_validate = require_module("kubernetes_validate", "kubernetes-validate")
require_module("kubernetes_validate.utils", "kubernetes-validate")
# The oldest and the newest Kubernetes release whose schemas the installed kubernetes-validate bundles.
known = sorted(set(kubernetes_validate.utils.all_versions()), key=lambda v: [int(part) for part in v.split(".")])
versions = [known[0], known[-1]] if known else []
if not versions:
    problems.add("kubernetes-validate bundles no Kubernetes schema")

objects = []  # (file, document)
manifest_files = sorted(path for path in K8S.glob("*.yaml") if path.name != "kustomization.yaml")
keda_files = sorted((K8S / "keda").glob("*.yaml"))
for path in manifest_files + keda_files:
    for document in load_yaml_documents(path):
        objects.append((str(path.relative_to(ROOT)), document))


def named(kind, name=None):
    return [doc for _, doc in objects if doc.get("kind") == kind and (name is None or doc["metadata"]["name"] == name)]


# --- schemas ----------------------------------------------------------------------------------------------------

for file, document in objects:
    where = f"{file}: {document.get('kind')} {document.get('metadata', {}).get('name')}"
    if str(document.get("apiVersion", "")).startswith("keda.sh/"):
        continue
    for version in versions:
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            problems.add(f"{where}: no Kubernetes {version} schema for {document.get('apiVersion')}")
        except kubernetes_validate.ValidationError as error:
            path = "/".join(str(part) for part in error.path) or "(top)"
            problems.add(f"{where}: Kubernetes {version}: {path}: {error.message}")
    if document.get("kind") != "Namespace":
        check(document["metadata"].get("namespace") == NAMESPACE, f"{where}: not in namespace {NAMESPACE}")
check(named("Namespace", NAMESPACE), f"Deploy/k8s: no Namespace {NAMESPACE}")

# kustomization.yaml applies every manifest of the folder (the KEDA ones live apart, applied once KEDA is there).
kustomization = load_yaml(K8S / "kustomization.yaml")
check(kustomization.get("kind") == "Kustomization", "kustomization.yaml: not a Kustomization")
listed = kustomization.get("resources") or []
check(sorted(listed) == sorted(path.name for path in manifest_files),
      f"kustomization.yaml: resources {sorted(listed)} are not the manifests {[p.name for p in manifest_files]}")
image_names = {image.get("name") for image in kustomization.get("images") or []}


# --- references -------------------------------------------------------------------------------------------------

config_maps = {doc["metadata"]["name"]: doc.get("data") or {} for doc in named("ConfigMap")}
secret_keys, secret_comments = read_env_file(K8S / "secrets.env.example")
check(all(value == "" for value in secret_keys.values()), "secrets.env.example: leave every value blank")
used_secret_keys = set()


def pod_specs():
    for file, document in objects:
        spec = document.get("spec", {}) or {}
        template = (spec.get("jobTemplate", {}).get("spec", {}) if document["kind"] == "CronJob" else spec).get(
            "template")
        if template:
            yield file, document, template


def secret_ref(where, reference):
    check(reference.get("name") == "backfill-secrets", f"{where}: reads Secret {reference.get('name')}, "
                                                         "not backfill-secrets")
    check(reference.get("key") in secret_keys, f"{where}: Secret key {reference.get('key')} is not in "
                                               "secrets.env.example")
    used_secret_keys.add(reference.get("key"))


for file, document, template in pod_specs():
    spec = template.get("spec", {})
    labels = template.get("metadata", {}).get("labels", {})
    check(labels.get("app.kubernetes.io/part-of") == "backfill", f"{file}: pods lack app.kubernetes.io/part-of")
    for container in spec.get("containers", []) + spec.get("initContainers", []):
        where = f"{file}: {document['metadata']['name']}/{container['name']}"
        defined = set()
        for source in container.get("envFrom") or []:
            if "configMapRef" in source:
                name = source["configMapRef"]["name"]
                check(name in config_maps, f"{where}: envFrom ConfigMap {name} does not exist")
                defined |= set(config_maps.get(name, {}))
            if "secretRef" in source:
                problems.add(f"{where}: envFrom a whole Secret; name the keys it needs")
        for variable in container.get("env") or []:
            name, value_from = variable["name"], variable.get("valueFrom") or {}
            if "value" in variable:
                for reference in re.findall(r"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)", variable["value"]):
                    check(reference in defined, f"{where}: {name} refers to $({reference}), defined neither before "
                                                "it nor in its ConfigMap")
                check(not re.search(r"PASSWORD|SECRET|TOKEN", name) or not variable["value"],
                      f"{where}: {name} is written in the manifest; take it from the Secret")
                for password in re.findall(r"://[^:/@]*:([^@]+)@", variable["value"]):
                    check(re.fullmatch(r"\$\([A-Z_]*PASSWORD\)", password) is not None,
                          f"{where}: {name} embeds a password that does not come from the Secret")
            if "secretKeyRef" in value_from:
                secret_ref(f"{where}: {name}", value_from["secretKeyRef"])
            if "configMapKeyRef" in value_from:
                reference = value_from["configMapKeyRef"]
                check(reference.get("key") in config_maps.get(reference.get("name"), {}),
                      f"{where}: {name} reads {reference.get('name')}/{reference.get('key')}, which does not exist")
            defined.add(name)
        for argument in (container.get("args") or []) + (container.get("command") or []):
            for reference in re.findall(r"(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)", str(argument)):
                check(reference in defined, f"{where}: its arguments refer to $({reference}), which is not defined")
        if container["image"].split(":")[0] == "backfill" or labels.get("app.kubernetes.io/name") == "backfill":
            check(container["image"] == "backfill", f"{where}: Backfill containers name the image `backfill`, "
                                                    "which kustomization.yaml's images: replaces")
            check("backfill" in image_names, "kustomization.yaml: no images: entry for backfill")
        for port in container.get("ports") or []:
            check("hostPort" not in port, f"{where}: hostPort pins one pod per node")

for key in secret_keys:
    check(secret_comments.get(key), f"secrets.env.example: {key} has no comment saying what it is")

# Services select pods that exist and name ports those pods have.
for service in named("Service"):
    where = f"Service {service['metadata']['name']}"
    selector = service["spec"].get("selector") or {}
    targets = [template for _, _, template in pod_specs()
               if selector.items() <= (template.get("metadata", {}).get("labels") or {}).items()]
    if check(targets, f"{where}: its selector {selector} matches no pod template"):
        port_names = {port.get("name") for template in targets for container in template["spec"]["containers"]
                      for port in container.get("ports") or []}
        for port in service["spec"]["ports"]:
            target = port.get("targetPort", port["port"])
            check(not isinstance(target, str) or target in port_names,
                  f"{where}: targetPort {target} is no container port name")

config = config_maps.get("backfill-config", {})
check(config, "Deploy/k8s: no ConfigMap backfill-config")


def setting(name, default):
    """A number from backfill-config."""
    try:
        return float(config.get(name, default))
    except ValueError:
        problems.add(f"backfill-config: {name} {config.get(name)!r} is not a number")
        return float(default)


# --- the roles --------------------------------------------------------------------------------------------------

def container_of(kind, name):
    documents = named(kind, name)
    if not check(documents, f"Deploy/k8s: no {kind} {name}"):
        return {}, {}
    spec = documents[0]["spec"]["template"]["spec"]
    return documents[0], spec


# The gateway: one per login, never two at once, credentials from the Secret, read-only API, the port workers use.
gateways = named("Deployment")
gateways = [doc for doc in gateways if doc["spec"]["template"]["spec"]["containers"][0]["image"]
            .startswith("ghcr.io/gnzsnz/ib-gateway:")]
check(gateways, "Deploy/k8s: no ib-gateway Deployment")
for gateway in gateways:
    where = f"Deployment {gateway['metadata']['name']}"
    check(gateway["spec"].get("replicas", 1) == 1, f"{where}: one gateway per IB login")
    check(gateway["spec"].get("strategy", {}).get("type") == "Recreate",
          f"{where}: strategy Recreate, or a rollout runs two gateways with one login")
    container = gateway["spec"]["template"]["spec"]["containers"][0]
    environment = {variable["name"]: variable for variable in container.get("env") or []}
    for name in ("TWS_USERID", "TWS_PASSWORD"):
        check("secretKeyRef" in (environment.get(name, {}).get("valueFrom") or {}),
              f"{where}: {name} (what the image reads) should come from the Secret")
    check(environment.get("READ_ONLY_API", {}).get("value") == "yes", f"{where}: READ_ONLY_API should be yes")
ib_service = (named("Service", config.get("IBKR_HOST")) or [{}])[0]
check(ib_service, f"Deploy/k8s: IBKR_HOST {config.get('IBKR_HOST')} is no Service")
service_ports = [str(port["port"]) for port in (ib_service.get("spec") or {}).get("ports") or []]
check(config.get("IBKR_PORT") in service_ports,
      f"Deploy/k8s: IBKR_PORT {config.get('IBKR_PORT')} is not a port of Service {config.get('IBKR_HOST')}")
relay = {"paper": "4004", "live": "4003"}.get(config.get("TRADING_MODE"))
check(relay == config.get("IBKR_PORT"), f"backfill-config: TRADING_MODE {config.get('TRADING_MODE')} is served on "
                                        f"{relay}, not IBKR_PORT {config.get('IBKR_PORT')}")

# The migration.
migrate, migrate_spec = container_of("Job", "backfill-migrate")
if migrate:
    check(migrate_spec["containers"][0].get("args") == ["migrate"], "Job backfill-migrate: should run migrate")
    check(migrate_spec.get("restartPolicy") in ("OnFailure", "Never"), "Job backfill-migrate: restartPolicy")

# The worker.
worker, worker_spec = container_of("Deployment", "backfill-worker")
if worker:
    where = "Deployment backfill-worker"
    container = worker_spec["containers"][0]
    check(container.get("args") == ["worker"], f"{where}: should run `backfill worker`")
    environment = {variable["name"]: variable for variable in container.get("env") or []}
    check(not any("CLIENT_ID" in name and name != "IBKR_CLIENT_ID_POOL" for name in set(environment) | set(config))
          and "--client-id" not in container.get("args", []),
          f"{where}: a fixed client id collides between replicas; they lease one from IBKR_CLIENT_ID_POOL")
    check("replicas" not in worker["spec"], f"{where}: leave replicas to the ScaledObject")
    check(environment.get("BACKFILL_METRICS_PORT", {}).get("value") == str(METRICS_PORT),
          f"{where}: BACKFILL_METRICS_PORT should be {METRICS_PORT}")
    ports = {port.get("name"): port["containerPort"] for port in container.get("ports") or []}
    check(METRICS_PORT in ports.values(), f"{where}: no container port {METRICS_PORT}")
    annotations = worker["spec"]["template"]["metadata"].get("annotations") or {}
    check(annotations.get("prometheus.io/scrape") == "true" and annotations.get("prometheus.io/port") ==
          str(METRICS_PORT) and annotations.get("prometheus.io/path") == "/metrics",
          f"{where}: prometheus.io/scrape, /port {METRICS_PORT} and /path /metrics annotations")
    for probe in ("livenessProbe", "readinessProbe"):
        get = (container.get(probe) or {}).get("httpGet") or {}
        port = ports.get(get.get("port"), get.get("port"))
        check(get.get("path") == "/healthz" and port == METRICS_PORT,
              f"{where}: {probe} should GET /healthz on port {METRICS_PORT}")
    grace = setting("BACKFILL_SHUTDOWN_GRACE_SECONDS", 30)
    timeout = setting("BACKFILL_REQUEST_TIMEOUT_SECONDS", 120)
    termination = worker_spec.get("terminationGracePeriodSeconds", 30)
    check(isinstance(termination, int) and termination > grace + timeout, f"{where}: terminationGracePeriodSeconds {termination} is not longer than "
                                         f"the shutdown grace plus one request timeout ({grace:g} + {timeout:g})")
    dockerfile = (ROOT / "Deploy" / "Dockerfile").read_text()
    uid = (re.findall(r"^USER\s+(\d+)", dockerfile, re.MULTILINE) or ["?"])[-1]
    security = worker_spec.get("securityContext") or {}
    check(security.get("runAsNonRoot") is True and str(security.get("runAsUser")) == uid,
          f"{where}: runAsNonRoot with runAsUser {uid}, the Dockerfile's USER")
    check((container.get("securityContext") or {}).get("readOnlyRootFilesystem") is True,
          f"{where}: readOnlyRootFilesystem")


# The scheduler: two replicas electing one through the lease in PostgreSQL.
scheduler, scheduler_spec = container_of("Deployment", "backfill-scheduler")
if scheduler:
    where = "Deployment backfill-scheduler"
    container = scheduler_spec["containers"][0]
    check((container.get("args") or [])[:1] == ["scheduler"], f"{where}: should run `backfill scheduler`")
    check(scheduler["spec"].get("replicas", 1) >= 2, f"{where}: run 2 replicas, one active and one standing by")
    environment = {variable["name"]: variable for variable in container.get("env") or []}
    check(environment.get("BACKFILL_METRICS_PORT", {}).get("value") == str(METRICS_PORT),
          f"{where}: BACKFILL_METRICS_PORT should be {METRICS_PORT}")
    ports = {port.get("name"): port["containerPort"] for port in container.get("ports") or []}
    get = (container.get("livenessProbe") or {}).get("httpGet") or {}
    check(get.get("path") == "/healthz" and ports.get(get.get("port"), get.get("port")) == METRICS_PORT,
          f"{where}: livenessProbe should GET /healthz on port {METRICS_PORT}")
    check((container.get("securityContext") or {}).get("readOnlyRootFilesystem") is True,
          f"{where}: readOnlyRootFilesystem")

# --- KEDA -------------------------------------------------------------------------------------------------------

SCALED_OBJECT_SPEC = {"scaleTargetRef", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod",
                      "idleReplicaCount", "minReplicaCount", "maxReplicaCount", "fallback", "advanced", "triggers"}
REDIS_METADATA = {"address", "addressFromEnv", "host", "hostFromEnv", "port", "portFromEnv", "usernameFromEnv",
                  "passwordFromEnv", "listName", "listLength", "activationListLength", "enableTLS", "unsafeSsl",
                  "databaseIndex"}
TRIGGER_KEYS = {"type", "metadata", "name", "authenticationRef", "metricType", "useCachedMetrics"}

scaled = named("ScaledObject")
check(len(scaled) == 1, f"Deploy/k8s/keda: expected one ScaledObject, found {len(scaled)}")
for scaled_object in scaled:
    where = f"ScaledObject {scaled_object['metadata']['name']}"
    check(scaled_object.get("apiVersion") == "keda.sh/v1alpha1", f"{where}: apiVersion keda.sh/v1alpha1")
    check(scaled_object["metadata"].get("namespace") == NAMESPACE, f"{where}: not in namespace {NAMESPACE}")
    spec = scaled_object.get("spec") or {}
    check(set(spec) <= SCALED_OBJECT_SPEC, f"{where}: unknown spec fields {sorted(set(spec) - SCALED_OBJECT_SPEC)}")
    target = spec.get("scaleTargetRef") or {}
    check(target.get("kind", "Deployment") == "Deployment" and target.get("name") == "backfill-worker",
          f"{where}: should scale Deployment backfill-worker")
    for field in ("pollingInterval", "cooldownPeriod", "minReplicaCount", "maxReplicaCount"):
        check(isinstance(spec.get(field), int), f"{where}: {field} should be a whole number")
    minimum, maximum = spec.get("minReplicaCount", 0), spec.get("maxReplicaCount", 100)
    check(isinstance(minimum, int) and minimum >= 1,
          f"{where}: minReplicaCount must be ≥ 1: only workers move delayed chunks back to ready")
    concurrency = int(setting("BACKFILL_CONCURRENCY", 4))
    open_requests = int(setting("BACKFILL_MAX_OPEN_REQUESTS", 6))
    useful = len(gateways) * math.ceil(open_requests / concurrency)
    check(maximum == useful, f"{where}: maxReplicaCount {maximum} should be gateways × ceil(BACKFILL_MAX_OPEN_REQUESTS"
                             f" / BACKFILL_CONCURRENCY) = {len(gateways)} × ceil({open_requests} / {concurrency}) "
                             f"= {useful}")
    triggers = spec.get("triggers") or []
    check(len(triggers) == 1 and triggers[0].get("type") == "redis", f"{where}: one trigger of type redis")
    for trigger in triggers:
        check(set(trigger) <= TRIGGER_KEYS, f"{where}: unknown trigger fields {sorted(set(trigger) - TRIGGER_KEYS)}")
        metadata = trigger.get("metadata") or {}
        check(set(metadata) <= REDIS_METADATA,
              f"{where}: unknown redis trigger metadata {sorted(set(metadata) - REDIS_METADATA)}")
        check(all(isinstance(value, str) for value in metadata.values()),
              f"{where}: trigger metadata values must be strings (quote the numbers)")
        # The key: <prefix>{<tag>}:backlog, as QueueKeys builds it, and a LIST, as KEDA's LLEN needs.
        # QueueKeys takes its base from RedisKit's RedisKeySpace, shared with the pacer.
        queue_keys = (ROOT / "Sources" / "WorkQueue" / "Queue" / "QueueKeys.swift").read_text()
        key_space = (ROOT / "Sources" / "RedisKit" / "RedisKeySpace.swift").read_text()
        check('base = "\\(prefix){\\(tag)}:"' in key_space and "RedisKeySpace(prefix: prefix, tag: tag" in queue_keys
              and re.search(r"^\s*case backlog$", queue_keys, re.MULTILINE) is not None
              and "subscript(_ name: Name) -> String { base + name.rawValue }" in queue_keys,
              "Sources/WorkQueue/Queue/QueueKeys.swift no longer builds <prefix>{<tag>}:backlog; update the trigger")
        layout = (ROOT / "Sources" / "WorkQueue" / "Docs.docc" / "KeyLayout.md").read_text()
        check(re.search(r"^\| `backlog` \| list \|", layout, re.MULTILINE) is not None,
              "KeyLayout.md no longer says backlog is a list: KEDA's redis trigger reads only list lengths")
        expected = f"{config.get('BACKFILL_KEY_PREFIX', 'backfill:')}{{{config.get('BACKFILL_HASH_TAG', 'bf')}}}:backlog"
        check(metadata.get("listName") == expected, f"{where}: listName {metadata.get('listName')!r} is not the "
                                                    f"backlog list {expected!r}")
        check(metadata.get("listLength") == str(concurrency),
              f"{where}: listLength {metadata.get('listLength')} should be BACKFILL_CONCURRENCY ({concurrency})")
        check(metadata.get("databaseIndex", "0") == "0", f"{where}: the queue is in database 0 (REDIS_URL …/0)")
        address = metadata.get("address", "")
        host, _, port = address.rpartition(":")
        redis_service = host.split(".")[0]
        check(host == f"{redis_service}.{NAMESPACE}.svc.cluster.local" and named("Service", redis_service),
              f"{where}: address {address!r} is not a Service's full name (KEDA runs in another namespace)")
        check(config.get("REDIS_ADDRESS") == f"{redis_service}:{port}",
              f"{where}: address {address!r} is not the workers' REDIS_ADDRESS {config.get('REDIS_ADDRESS')!r}")
        reference = (trigger.get("authenticationRef") or {}).get("name")
        authentications = named("TriggerAuthentication", reference)
        if check(authentications, f"{where}: authenticationRef {reference} is no TriggerAuthentication"):
            targets = authentications[0].get("spec", {}).get("secretTargetRef") or []
            check(set(authentications[0].get("spec", {})) <= {"secretTargetRef", "env", "hashiCorpVault",
                                                              "podIdentity", "configMapTargetRef"},
                  f"TriggerAuthentication {reference}: unknown spec fields")
            check([target.get("parameter") for target in targets] == ["password"],
                  f"TriggerAuthentication {reference}: should give the redis trigger its password")
            for target in targets:
                check(set(target) == {"parameter", "name", "key"}, f"TriggerAuthentication {reference}: "
                                                                    "secretTargetRef entries are parameter/name/key")
                secret_ref(f"TriggerAuthentication {reference}", target)
                check(target.get("key") == "REDIS_PASSWORD", f"TriggerAuthentication {reference}: not Redis' password")

for key in sorted(set(secret_keys) - used_secret_keys):
    problems.add(f"secrets.env.example: {key} is read by no manifest")

problems.finish()
