#!/usr/bin/env python3
"""Deploy/grafana: the provisioning files and every dashboard.

- Provisioning: one Prometheus data source with a fixed uid, pointing at the compose service `prometheus`; a file
  provider reading the folder docker-compose.yml mounts the dashboards in.
- Dashboards: valid JSON with the fields Grafana needs, unique panel ids, panels inside the 24-column grid and not
  overlapping, every panel and query on the provisioned data source's uid, every dashboard variable defined.
- Every query (panels and variables) uses only the worker's metric names and their labels (Deploy/checks/promql.py)
  and parses: the expressions, with Grafana's variables filled in, go through `promtool check rules` as recording
  rules.
"""
import json
import re
import subprocess
import tempfile
from pathlib import Path

from common import ROOT, Problems, load_yaml, require_module, require_tool
from promql import judge, substitute_grafana_variables

problems = Problems("grafana")
check = problems.check

GRAFANA = ROOT / "Deploy" / "grafana"
PANEL_TYPES = {"row", "stat", "timeseries", "gauge", "bargauge", "table", "text", "heatmap", "barchart"}
BUILTIN_VARIABLES = {"__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms",
                     "__dashboard", "__from", "__to", "__name", "__org", "__user", "__all"}

yaml = require_module("yaml", "pyyaml")
promtool = require_tool("promtool", "prometheus")

# --- provisioning -----------------------------------------------------------------------------------------------
sources = load_yaml(GRAFANA / "provisioning" / "datasources" / "prometheus.yml")
check(sources.get("apiVersion") == 1, "datasources/prometheus.yml: apiVersion should be 1")
prometheus_sources = [source for source in sources.get("datasources") or [] if source.get("type") == "prometheus"]
check(len(prometheus_sources) == 1, "datasources/prometheus.yml: expected exactly one Prometheus data source")
source = prometheus_sources[0] if prometheus_sources else {}
uid = source.get("uid")
check(isinstance(uid, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,40}", uid or "") is not None,
      "datasources/prometheus.yml: give the data source a fixed uid (letters, digits, - and _; at most 40)")
check(source.get("access") == "proxy", "datasources/prometheus.yml: access should be proxy (Grafana's server asks)")
compose = load_yaml(ROOT / "docker-compose.yml")
prometheus_service = (compose.get("services") or {}).get("prometheus") or {}
match = re.fullmatch(r"http://([^:/]+):(\d+)/?", str(source.get("url")))
check(match is not None and match.group(1) == "prometheus" and prometheus_service,
      f"datasources/prometheus.yml: url {source.get('url')} is not the compose service prometheus")
if match:
    container_ports = {str(port).rsplit(":", 1)[-1] for port in prometheus_service.get("ports") or []}
    check(match.group(2) in container_ports, f"datasources/prometheus.yml: Prometheus listens on "
                                             f"{sorted(container_ports)}, not {match.group(2)}")

providers = load_yaml(GRAFANA / "provisioning" / "dashboards" / "backfill.yml")
check(providers.get("apiVersion") == 1, "dashboards/backfill.yml: apiVersion should be 1")
for provider in providers.get("providers") or []:
    check(provider.get("type") == "file" and (provider.get("options") or {}).get("path"),
          "dashboards/backfill.yml: a file provider with options.path")
    check(provider.get("name"), "dashboards/backfill.yml: every provider needs a name")

# --- dashboards -------------------------------------------------------------------------------------------------
expressions = []  # (where, expr)
dashboards = sorted((GRAFANA / "dashboards").glob("*.json"))
check(dashboards, "Deploy/grafana/dashboards: no dashboard")
uids = set()
for path in dashboards:
    name = path.name
    try:
        dashboard = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        problems.add(f"{name}: not valid JSON: {error}")
        continue
    for field, kind in (("uid", str), ("title", str), ("panels", list), ("schemaVersion", int),
                        ("templating", dict), ("time", dict)):
        check(isinstance(dashboard.get(field), kind), f"{name}: {field} is missing or not a {kind.__name__}")
    check(dashboard.get("uid") not in uids, f"{name}: uid {dashboard.get('uid')} used twice")
    uids.add(dashboard.get("uid"))
    check(dashboard.get("id") is None, f"{name}: a provisioned dashboard must not carry a database id")

    variables = {}
    for variable in (dashboard.get("templating") or {}).get("list") or []:
        variables[variable.get("name")] = variable
        where = f"{name}: variable ${variable.get('name')}"
        if variable.get("type") == "query":
            check((variable.get("datasource") or {}).get("uid") == uid, f"{where}: not on data source {uid}")
            query = variable.get("query")
            text = query.get("query") if isinstance(query, dict) else query
            found = re.fullmatch(r"label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)", str(text))
            if check(found is not None, f"{where}: expected label_values(SERIES, LABEL), not {text!r}"):
                expressions.append((where, found.group(1)))
                for sentence in judge(f"sum by ({found.group(2)}) ({found.group(1)})"):
                    problems.add(f"{where}: {sentence}")

    ids, cells = set(), {}
    panels = list(dashboard.get("panels") or [])
    for panel in list(panels):
        panels.extend(panel.get("panels") or [])  # panels inside collapsed rows
    for panel in panels:
        where = f"{name}: panel {panel.get('id')} {panel.get('title')!r}"
        check(isinstance(panel.get("id"), int) and panel.get("id") not in ids, f"{where}: missing or repeated id")
        ids.add(panel.get("id"))
        check(panel.get("type") in PANEL_TYPES, f"{where}: unexpected panel type {panel.get('type')}")
        check(panel.get("title"), f"{where}: no title")
        grid = panel.get("gridPos") or {}
        if check(all(isinstance(grid.get(key), int) for key in "hwxy"), f"{where}: gridPos needs h, w, x, y"):
            check(grid["x"] >= 0 and grid["w"] > 0 and grid["x"] + grid["w"] <= 24, f"{where}: outside the 24 columns")
            for row in range(grid["y"], grid["y"] + grid["h"]):
                for column in range(grid["x"], grid["x"] + grid["w"]):
                    other = cells.setdefault((row, column), panel.get("id"))
                    if other != panel.get("id"):
                        problems.add(f"{where}: overlaps panel {other}")
                        break
                else:
                    continue
                break
        if panel.get("type") in ("row", "text"):
            continue
        check((panel.get("datasource") or {}).get("uid") == uid and (panel.get("datasource") or {}).get("type") ==
              "prometheus", f"{where}: not on the provisioned Prometheus data source (uid {uid})")
        targets = panel.get("targets") or []
        check(targets, f"{where}: no query")
        check(len({target.get("refId") for target in targets}) == len(targets), f"{where}: repeated refId")
        for target in targets:
            target_where = f"{where} query {target.get('refId')}"
            check((target.get("datasource") or {"uid": uid}).get("uid") == uid,
                  f"{target_where}: not on data source {uid}")
            expr = target.get("expr")
            if not check(isinstance(expr, str) and expr.strip(), f"{target_where}: no expr"):
                continue
            for sentence in judge(expr):
                problems.add(f"{target_where}: {sentence}")
            for used in re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)", expr):
                check(used in variables or used in BUILTIN_VARIABLES, f"{target_where}: ${used} is not defined")
            expressions.append((target_where, expr))

# Every expression parses: promtool checks them as recording rules (Grafana's variables filled in first).


def promtool_rejects(pairs):
    rules = {"groups": [{"name": "dashboards", "rules": [
        {"record": f"dashboard:query_{index}", "expr": substitute_grafana_variables(expr)}
        for index, (_, expr) in enumerate(pairs)]}]}
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "dashboard-queries.yml"
        file.write_text(yaml.safe_dump(rules))
        result = subprocess.run([promtool, "check", "rules", str(file)], capture_output=True, text=True)
    return result.returncode != 0, (result.stdout + result.stderr).strip()


if expressions:
    failed, _ = promtool_rejects(expressions)
    if failed:
        for where, expr in expressions:
            failed_one, output = promtool_rejects([(where, expr)])
            if failed_one:
                reason = next((line.strip() for line in output.splitlines() if "parse" in line or "error" in
                               line.lower()), output.splitlines()[-1] if output else "")
                problems.add(f"{where}: promtool cannot parse it: {reason}")

problems.finish()
