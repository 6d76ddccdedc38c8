"""The worker's and the scheduler's metric names and labels (the contract the dashboard and the alerts are written against), and a
small reader of PromQL expressions that lists the metrics, label matchers and grouping labels they use.

Syntax is not judged here: Deploy/checks/grafana.py and prometheus.py hand every expression to `promtool`.
"""
import re

# Fleet-wide values (every worker reports the same Redis-derived value: aggregate with max()) and per-worker
# series (aggregate with sum()). None: any value; a set: the only values the label takes.
STATES = {"ready", "delayed", "in_flight", "dead"}
OUTCOMES = {"done", "empty", "already_finished", "retrying", "dead", "requeued", "dropped"}
CONNECTION_STATES = {"ready", "paused", "disconnected"}
GATEWAY = {"gateway": None}

METRICS = {
    "backfill_queue_chunks": {"state": STATES},
    "backfill_queue_oldest_ready_age_seconds": {},
    "backfill_fleet_workers": {},
    "backfill_chunks_total": {"outcome": OUTCOMES},
    "backfill_bars_written_total": {},
    "backfill_bars_revised_total": {},
    "backfill_ticks_written_total": {},
    "backfill_tick_pages_total": {},
    "backfill_ib_requests_total": {"gateway": None, "code": None},
    "backfill_ib_request_duration_seconds_bucket": {"gateway": None, "le": None},
    "backfill_ib_request_duration_seconds_sum": GATEWAY,
    "backfill_ib_request_duration_seconds_count": GATEWAY,
    "backfill_ib_open_requests": GATEWAY,
    "backfill_pacing_wait_seconds_bucket": {"gateway": None, "le": None},
    "backfill_pacing_wait_seconds_sum": GATEWAY,
    "backfill_pacing_wait_seconds_count": GATEWAY,
    "backfill_pacing_violations_total": GATEWAY,
    "backfill_worker_connection_state": {"gateway": None, "state": CONNECTION_STATES},
    "backfill_worker_chunks_in_flight": {},
    "backfill_ledger_write_failures_total": {},
    "backfill_worker_concurrency": {},
    # The scheduler's (`backfill scheduler`; one replica active, backfill_scheduler_active says which).
    "backfill_scheduler_active": {},
    "backfill_follows": {},
    "backfill_scheduler_next_run_timestamp_seconds": {"market": None},
    "backfill_scheduler_last_enqueue_timestamp_seconds": {},
    "backfill_scheduler_runs_total": {},
    "backfill_scheduler_chunks_enqueued_total": {},
}
# Labels Prometheus adds to every scraped series.
TARGET_LABELS = {"instance": None, "job": None}

KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
            "group_right", "inf", "nan", "atan2"}
_SELECTOR = re.compile(r"(?P<metric>[A-Za-z_:][A-Za-z0-9_:]*)?\s*\{(?P<matchers>[^{}]*)\}")
_MATCHER = re.compile(r'\s*(?P<label>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<op>=~|!~|!=|=)\s*"(?P<value>(?:[^"\\]|\\.)*)"\s*,?')
_GROUPING = re.compile(r"\b(?P<keyword>by|without|on|ignoring|group_left|group_right)\s*\((?P<labels>[^()]*)\)")


def substitute_grafana_variables(expr):
    """Grafana's built-in intervals become durations and dashboard variables a match-anything regex."""
    expr = re.sub(r"\$__(rate_interval|interval|range)\b", "5m", expr)
    expr = re.sub(r"\$\{[A-Za-z_][A-Za-z0-9_]*(:[a-z]+)?\}", ".*", expr)
    return re.sub(r"\$[A-Za-z_][A-Za-z0-9_]*", ".*", expr)


class Reading:
    """What one expression uses: selectors [(metric or None, [(label, op, value)])], grouping labels, problems."""

    def __init__(self, expr):
        self.selectors, self.grouping = [], set()
        text = expr
        for match in _SELECTOR.finditer(expr):
            matchers, rest = [], match.group("matchers")
            while rest.strip():
                found = _MATCHER.match(rest)
                if not found:
                    matchers.append(("?", "?", rest.strip()))
                    break
                matchers.append((found.group("label"), found.group("op"), found.group("value")))
                rest = rest[found.end():]
            self.selectors.append((match.group("metric"), matchers))
        text = _SELECTOR.sub(" ", text)
        for match in _GROUPING.finditer(text):
            self.grouping |= {label.strip() for label in match.group("labels").split(",") if label.strip()}
        text = _GROUPING.sub(" ", text)
        text = re.sub(r"\[[^\]]*\]", " ", text)                  # ranges and subqueries
        text = re.sub(r'"(?:[^"\\]|\\.)*"', " ", text)            # other strings (e.g. label_replace arguments)
        text = re.sub(r"\boffset\s+\S+", " ", text)
        for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
            name, after = match.group(0), text[match.end():].lstrip()
            if after.startswith("(") or name.lower() in KEYWORDS or re.fullmatch(r"\d.*", name):
                continue
            self.selectors.append((name, []))

    @property
    def metrics(self):
        return {metric for metric, _ in self.selectors if metric}


def judge(expr, extra_metrics=()):
    """Problems with the metric names and labels of one expression, as sentences."""
    problems = []
    reading = Reading(substitute_grafana_variables(expr))
    known = dict(METRICS, **{name: {} for name in extra_metrics})
    for metric, matchers in reading.selectors:
        if metric is None:
            problems.append("a selector without a metric name")
            continue
        if metric not in known:
            problems.append(f"unknown metric {metric}")
            continue
        labels = dict(known[metric], **TARGET_LABELS)
        for label, op, value in matchers:
            if label == "?":
                problems.append(f"cannot read the label matchers of {metric}: {value}")
            elif label not in labels:
                problems.append(f"{metric} has no label {label}")
            elif labels[label] is not None:
                alternatives = value.split("|") if op in ("=~", "!~") else [value]
                for alternative in alternatives:
                    if alternative != ".*" and not re.search(r"[.*+?()\[\]\\^$]", alternative):
                        if alternative not in labels[label]:
                            problems.append(f"{metric}{{{label}}} never takes the value {alternative!r}")
    metrics = [metric for metric in reading.metrics if metric in known]
    for label in sorted(reading.grouping):
        if not any(label in dict(known[metric], **TARGET_LABELS) for metric in metrics):
            problems.append(f"groups by {label}, a label none of its metrics has")
    if not reading.metrics:
        problems.append("uses no metric")
    return problems
