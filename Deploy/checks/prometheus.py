#!/usr/bin/env python3
"""Deploy/prometheus: `promtool check config` on prometheus.yml (which loads its rule files), `promtool check
rules` on every rule file, `promtool test rules` on their tests; the alerts use only the worker's metric names and
labels; and the worker job discovers the compose service `worker` on the port the workers serve metrics on.
"""
import subprocess

from common import ROOT, Problems, load_yaml, require_tool
from promql import judge

problems = Problems("prometheus")
check = problems.check

FOLDER = ROOT / "Deploy" / "prometheus"
promtool = require_tool("promtool", "prometheus")


def promtool_says(*arguments):
    result = subprocess.run([promtool, *arguments], capture_output=True, text=True, cwd=FOLDER)
    if result.returncode != 0:
        lines = [line.strip() for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        # Everything from promtool's first FAILED on, on one line.
        start = next((index for index, line in enumerate(lines) if "FAILED" in line), max(len(lines) - 3, 0))
        problems.add(f"promtool {' '.join(arguments)}: " + " | ".join(lines[start:start + 12]))


config = load_yaml(FOLDER / "prometheus.yml")
promtool_says("check", "config", "prometheus.yml")
rule_files = config.get("rule_files") or []
check(rule_files, "prometheus.yml: no rule_files (the alerts would not load)")
for rule_file in rule_files:
    if check((FOLDER / rule_file).is_file(), f"prometheus.yml: rule file {rule_file} does not exist next to it"):
        promtool_says("check", "rules", rule_file)
        for group in load_yaml(FOLDER / rule_file).get("groups") or []:
            for rule in group.get("rules") or []:
                name = rule.get("alert") or rule.get("record")
                for sentence in judge(rule.get("expr", ""), extra_metrics=("up",)):
                    problems.add(f"{rule_file}: {name}: {sentence}")
                if rule.get("alert"):
                    check((rule.get("labels") or {}).get("severity") in ("critical", "warning", "info"),
                          f"{rule_file}: {name}: severity label critical, warning or info")
                    check((rule.get("annotations") or {}).get("summary"), f"{rule_file}: {name}: no summary")

tests = sorted(FOLDER.glob("*.test.yml"))
check(tests, "Deploy/prometheus: no rule tests (*.test.yml)")
for test in tests:
    promtool_says("test", "rules", test.name)
tested = {rule_file for test in tests for rule_file in load_yaml(test).get("rule_files") or []}
for rule_file in rule_files:
    check(rule_file in tested, f"Deploy/prometheus: {rule_file} has no tests")

# The worker job finds every replica of the compose service "worker" through Docker's DNS, on the metrics port.
compose = load_yaml(ROOT / "docker-compose.yml")
worker_port = str(((compose.get("services") or {}).get("worker") or {}).get("environment", {})
                  .get("BACKFILL_METRICS_PORT"))
jobs = {job.get("job_name"): job for job in config.get("scrape_configs") or []}
worker_job = jobs.get("backfill-worker") or {}
check(worker_job, "prometheus.yml: no backfill-worker job")
discovery = worker_job.get("dns_sd_configs") or []
check(any("worker" in (entry.get("names") or []) and entry.get("type") == "A" and str(entry.get("port")) ==
          worker_port for entry in discovery),
      f"prometheus.yml: backfill-worker should discover the compose service worker (dns_sd_configs, type A, port "
      f"{worker_port})")
check(not worker_job.get("static_configs"), "prometheus.yml: list workers by DNS, not statically: they scale")

problems.finish()
