"""The benchmark: build the data set, serve it under gunicorn with an RQ worker, load it with wrk.

    python bench/run.py            # 100 000 ideas, 20 s per scenario, growth runs at 1k and 10k
    python bench/run.py --smoke    # 1 000 ideas, 3 s per scenario (CI)

Writes bench/results/latest.json and latest.md (or smoke.json/.md).
"""

import argparse
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV_BIN = Path(sys.executable).parent
SERVER = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/3")
sys.path.insert(0, str(ROOT))

from bench.generate import BENCH_PASSWORD, generate  # noqa: E402

TARGET_P95_MS = 50
TARGET_P95_SLOW_MS = 100  # search and the innovation accounts
SLOW = {"search", "accounts"}
GROWTH = ("idea_list", "search", "idea_page")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(name):
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def app_env(dsn, queue):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=dsn.replace("postgresql://", "postgresql+psycopg://"),
        REDIS_URL=REDIS,
        RQ_QUEUE=queue,
        SECRET_KEY="bench-secret",
        IDEASLUSS_ENV="production",
        SESSION_COOKIE_SECURE="false",
        RATELIMIT_AUTH="10000 per minute",
        INSTANCE_PATH=str(ROOT / "bench" / "work" / "instance"),
    )
    return env


class Site:
    """gunicorn (2 workers) and one RQ worker serving one database."""

    def __init__(self, dsn, name):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = app_env(dsn, f"bench-{name}")
        logs = ROOT / "bench" / "work"
        logs.mkdir(parents=True, exist_ok=True)
        self.log = open(logs / f"{name}.log", "w")  # noqa: SIM115 (closed in stop)
        self.procs = [
            subprocess.Popen(
                [
                    str(VENV_BIN / "gunicorn"),
                    "-w",
                    "2",
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "--access-logfile",
                    "-",
                    "--log-level",
                    "warning",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=self.log,
            ),
            subprocess.Popen(
                [str(VENV_BIN / "flask"), "--app", "ideasluss", "worker"],
                cwd=ROOT,
                env=self.env,
                stdout=self.log,
                stderr=self.log,
            ),
        ]
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start; see bench/work/*.log")

    def session(self, email):
        """Sign in through the real form; returns (cookie header, CSRF token)."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.base + "/login").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"email": email, "password": BENCH_PASSWORD, "csrf_token": token}
        ).encode()
        opener.open(self.base + "/login", data=data).read()
        page = opener.open(self.base + "/").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        return cookie, token

    def stop(self):
        for proc in self.procs:
            proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.log.close()


def wrk(site, paths, seconds, connections, method="GET", cookie=None, csrf=None):
    env = dict(os.environ, BENCH_PATHS="|".join(paths), BENCH_METHOD=method)
    if cookie:
        env["BENCH_COOKIE"] = cookie
    if csrf:
        env["BENCH_CSRF"] = csrf
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "lua" / "scenario.lua"),
            site.base,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("BENCH_JSON "))
    data = json.loads(line[len("BENCH_JSON ") :])
    seconds_run = data.pop("duration_us") / 1e6
    data["rps"] = round(data["requests"] / seconds_run, 1)
    return data


def scenarios(site, facts, dsn):
    """(name, paths, method, session email) for every scenario, on this data set."""
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(
            "SELECT id FROM ideas WHERE visibility = 'public' AND state IN "
            "('submitted', 'idea', 'prestudy', 'pilot') ORDER BY id LIMIT 2000"
        ).fetchall()
        votable = [r[0] for r in rows]
        unit, state = conn.execute(
            "SELECT unit_id, state FROM ideas WHERE visibility = 'public' "
            "GROUP BY unit_id, state ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        year = conn.execute(
            "SELECT extract(year FROM max(created_at))::int FROM gate_decisions"
        ).fetchone()[0]
    heavy = facts["idea_with_200_comments"]
    words = [
        "cykel",
        "äldreboenden",
        "matsvinn skola",
        "belysning park",
        "ensamhet",
        "laddning elbil",
        "sommarjobb",
        "återbruk möbler",
    ]
    return [
        ("healthz", ["/healthz"], "GET", None),
        ("start_page", ["/"], "GET", None),
        ("idea_list", ["/ideas/"], "GET", None),
        ("filtered_list", [f"/ideas/?unit={unit}&state={state}&sort=votes"], "GET", None),
        ("list_page_200", ["/ideas/?page=200"], "GET", None),
        ("search", [f"/ideas/?q={urllib.parse.quote(w)}" for w in words], "GET", None),
        ("idea_page", [f"/ideas/{heavy}"], "GET", None),
        (
            "similar",
            [f"/ideas/similar?title={urllib.parse.quote(w)}&problem=" for w in words],
            "GET",
            None,
        ),
        (
            "vote_toggle",
            [f"/ideas/{i}/vote" for i in votable[:500]],
            "POST",
            "invanare@bench.example",
        ),
        ("triage_inbox", ["/coach/"], "GET", "coach@bench.example"),
        (
            "comparison_table",
            [f"/fund/calls/{facts['review_call']}/compare"],
            "GET",
            "admin@bench.example",
        ),
        (
            "accounts",
            [f"/followup/{year}?unit={facts['largest_unit']}"],
            "GET",
            "admin@bench.example",
        ),
        ("open_data_api", ["/api/v1/ideas"], "GET", None),
    ]


def run_size(scale, seconds, connections, only=None):
    n_ideas = int(100_000 * scale)
    name = f"ideasluss_bench_{n_ideas}"
    dsn = create_database(name)
    subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "ideasluss", "db", "upgrade"],
        cwd=ROOT,
        env=app_env(dsn, "bench-migrate"),
        check=True,
        capture_output=True,
    )
    facts = generate(dsn, scale)
    print(f"data set {n_ideas} ideas generated in {facts['seconds']} s", flush=True)
    site = Site(dsn, name)
    results = {}
    try:
        sessions = {}
        for scenario, paths, method, email in scenarios(site, facts, dsn):
            if only and scenario not in only:
                continue
            cookie = csrf = None
            if email:
                if email not in sessions:
                    sessions[email] = site.session(email)
                cookie, csrf = sessions[email]
            results[scenario] = wrk(site, paths, seconds, connections, method, cookie, csrf)
            print(f"  {scenario:18} {json.dumps(results[scenario])}", flush=True)
    finally:
        site.stop()
    with psycopg.connect(dsn) as conn:
        facts["vote_counter_mismatches"] = conn.execute(
            "SELECT count(*) FROM ideas i WHERE vote_count <> "
            "(SELECT count(*) FROM votes v WHERE v.idea_id = i.id)"
        ).fetchone()[0]
    return facts, results


def _version(*command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except OSError:
        return None
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else None


def machine():
    with psycopg.connect(f"{SERVER}/postgres") as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "postgresql": server,
        "redis": _version("redis-server", "--version"),
        "wrk": _version("wrk", "--version"),
        "commit": _version("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"),
    }


def check_targets(results, growth, healthz_rps):
    checks = []
    for name, r in results.items():
        if name == "healthz":
            continue
        limit = TARGET_P95_SLOW_MS if name in SLOW else TARGET_P95_MS
        checks.append((f"{name} p95 ≤ {limit} ms", r["p95_ms"] <= limit, f"{r['p95_ms']} ms"))
    for name, r in results.items():
        checks.append((f"{name} errors = 0", r["errors"] == 0, str(r["errors"])))
    if "idea_list" in results and healthz_rps:
        share = results["idea_list"]["rps"] / healthz_rps
        checks.append(("idea list rps ≥ 25 % of /healthz", share >= 0.25, f"{share:.0%}"))
    small = growth.get(1000, {})
    for name in GROWTH:
        if name in small and name in results:
            ratio = results[name]["p95_ms"] / max(small[name]["p95_ms"], 0.01)
            checks.append(
                (f"{name} p95 at full size ≤ 1.5 × at 1 000", ratio <= 1.5, f"{ratio:.2f} ×")
            )
    return checks


def markdown(report):
    facts, m = report["facts"], report["machine"]
    sizes = ", ".join(
        f"{facts[k]:,} {k}".replace(",", " ")
        for k in ("ideas", "votes", "comments", "users", "units", "calls", "applications")
        if k in facts
    )
    lines = [
        f"# Benchmark — {facts['ideas']:,} ideas".replace(",", " "),
        "",
        f"Data set: {sizes}, generated in {facts['seconds']} s.",
        "",
        f"{report['connections']} connections, {report['seconds']} s per scenario, gunicorn "
        "2 workers + 1 RQ worker, PostgreSQL and Redis on the same machine: "
        f"{m['cpus']} cores, {m['memory_gb']} GiB, PostgreSQL {m['postgresql']}, "
        f"load average {m['load_average_at_start'][0]} at the start; commit {m['commit']}.",
        "",
        "| scenario | p50 ms | p95 ms | p99 ms | req/s | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in report["results"].items():
        lines.append(
            f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['rps']} | "
            f"{r['errors']} |"
        )
    for size, results in sorted(report["growth"].items()):
        lines += [
            "",
            f"At {int(size):,} ideas:".replace(",", " "),
            "",
            "| scenario | p50 ms | p95 ms | p99 ms | req/s | errors |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, r in results.items():
            lines.append(
                f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                f"{r['rps']} | {r['errors']} |"
            )
    lines += ["", "| target | met | value |", "|---|---|---|"]
    for label, met, value in report["targets"]:
        lines.append(f"| {label} | {'yes' if met else 'NO'} | {value} |")
    lines += [
        "",
        f"Vote counters that differ from their vote rows after the run: "
        f"{report['facts']['vote_counter_mismatches']}.",
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench does it)")
    scale = 0.01 if args.smoke else 1.0
    seconds = args.seconds or (3 if args.smoke else 20)
    facts_of_machine = machine()  # before any load: the load average says how quiet it was
    growth = {}
    if not args.smoke:
        for small in (0.01, 0.1):
            print(f"growth run at {int(100_000 * small)} ideas", flush=True)
            growth[int(100_000 * small)] = run_size(
                small, seconds, args.connections, only={"healthz", *GROWTH}
            )[1]
    facts, results = run_size(scale, seconds, args.connections)
    healthz_rps = results.get("healthz", {}).get("rps")
    report = {
        "facts": facts,
        "machine": facts_of_machine,
        "seconds": seconds,
        "connections": args.connections,
        "results": results,
        "growth": growth,
    }
    report["targets"] = check_targets(results, growth, healthz_rps)
    if args.smoke:
        # The harness is proven when every scenario ran without errors or 5xx.
        report["targets"] = [t for t in report["targets"] if "errors" in t[0]]
    stem = "smoke" if args.smoke else "latest"
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    md = markdown(report)
    (RESULTS / f"{stem}.md").write_text(md)
    print(md)
    failed = [t for t in report["targets"] if not t[1]]
    if facts["vote_counter_mismatches"]:
        failed.append(("vote counters", False, facts["vote_counter_mismatches"]))
    sys.exit(1 if (args.smoke and failed) else 0)


if __name__ == "__main__":
    main()
