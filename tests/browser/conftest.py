"""Browser tests: Playwright (sync API) in Debian's Chromium against a live server.

The live server is an app of its own, on its own database migrated from scratch and loaded with
the demo data, with CSRF switched on. With TEST_REDIS_URL its jobs go through Redis to a real
worker process (`flask worker`); otherwise they run inline, as under `make run`.
"""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import flask_migrate
import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from ideasluss import create_app
from ideasluss.accounts import operations
from ideasluss.accounts.models import Unit, User
from ideasluss.core.session import commit
from ideasluss.demo import loader
from ideasluss.extensions import db
from tests.conftest import (
    TEST_REDIS_URL,
    drop_database,
    free_port,
    fresh_database,
    make_config,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000
MAIL_WAIT_SECONDS = 15  # a worker process may deliver the mail a few seconds later
DEMO_PASSWORD = loader.DEMO_PASSWORD
DEMO_EMAILS = {
    "resident": "invanare@example.se",
    "employee": "medarbetare@example.se",
    "coach": "coach@example.se",
    "committee": "kommitte@example.se",
    "admin": "admin@example.se",
}
# role -> (e-mail, name) of the demo account for it
DEMO_ACCOUNTS = {
    role: (email, next(name for e, name, *_ in loader.ACCOUNTS if e == email))
    for role, email in DEMO_EMAILS.items()
}


class LiveServer:
    """The running app: its URL, the app itself, and the mail the SMTP server received."""

    def __init__(self, app, mailbox):
        self.app = app
        self.mailbox = mailbox
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._paths = {}  # the requests in progress: {key: path}
        self._lock = threading.Lock()
        self._server = make_server("127.0.0.1", self.port, self._counting, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _counting(self, environ, start_response):
        """Run the app, counting requests in progress. The body is read here, so that the
        count covers all of the app's work (also for streamed responses); werkzeug's server
        may skip close() when the browser drops the connection, so that can't be used."""
        key = object()
        with self._lock:
            self._paths[key] = environ.get("PATH_INFO")
        try:
            body = self.app(environ, start_response)
            try:
                return list(body)
            finally:
                if hasattr(body, "close"):
                    body.close()
        finally:
            with self._lock:
                del self._paths[key]

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def wait_idle(self, timeout=10):
        """Wait until no request is being served, so none runs on into the next test (which
        may swap db.session for its own transaction)."""
        deadline = time.monotonic() + timeout
        while self._paths and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not self._paths, f"requests still running: {list(self._paths.values())}"

    def wait_for_mail(self, address, timeout=MAIL_WAIT_SECONDS):
        """The messages sent to `address`, waiting for the first to arrive."""
        deadline = time.monotonic() + timeout
        while not self.mailbox.to(address) and time.monotonic() < deadline:
            time.sleep(0.1)
        messages = self.mailbox.to(address)
        assert messages, f"no mail to {address} within {timeout} s"
        return messages

    def create_user(self, email, name, roles=("resident",), password=DEMO_PASSWORD):
        with self.app.app_context():
            unit = None
            if set(roles) - {"resident"}:
                unit = db.session.scalars(db.select(Unit).order_by(Unit.id)).first()
            operations.create_user(email, name, set(roles), unit=unit, password=password)
            commit()
            db.session.remove()

    def ids(self):
        """Ids of the demo data, for paths such as /admin/users/{users[coach]}."""
        with self.app.app_context():
            users = {
                role: db.session.scalars(db.select(User.id).where(User.email == email)).one()
                for role, (email, _name) in DEMO_ACCOUNTS.items()
            }
            units = dict(db.session.execute(db.select(Unit.name, Unit.id)).all())
            fund = _fund_ids()
            ideas = _idea_ids()
            db.session.remove()
        return {"users": users, "units": units, "fund": fund, "ideas": ideas}


def _idea_ids():
    """Demo ideas by what a page needs, for paths such as /ideas/{ideas[public]}: a public
    idea with comments and history, an internal one, a submitted one (triage), one in state
    idea (gate decision), an implemented public one (showcase) and a challenge."""
    from ideasluss.ideas.models import Challenge, Idea

    def first(*where, order=(Idea.id,)):
        return db.session.scalars(db.select(Idea.id).where(*where).order_by(*order).limit(1)).one()

    return {
        "public": first(
            Idea.visibility == "public",
            Idea.state.in_(("idea", "prestudy", "pilot")),
            order=(Idea.comment_count.desc(), Idea.id),
        ),
        "internal": first(Idea.visibility == "internal", Idea.state == "idea"),
        "submitted": first(Idea.visibility == "public", Idea.state == "submitted"),
        "idea": first(Idea.visibility == "public", Idea.state == "idea"),
        "implemented": first(Idea.visibility == "public", Idea.state == "implemented"),
        "challenge": db.session.scalars(
            db.select(Challenge.id).order_by(Challenge.closes_on.desc(), Challenge.id).limit(1)
        ).one(),
    }


def _fund_ids():
    """The demo fund's open and closed call, a granted application and a decision with a
    recusal, for paths such as /fund/calls/{fund[open_call]}."""
    from ideasluss.core.models import utcnow
    from ideasluss.fund.models import Application, Decision, FundCall

    now = utcnow()
    calls = db.session.scalars(db.select(FundCall).order_by(FundCall.closes_at)).all()
    decisions = db.session.scalars(
        db.select(Decision).where(Decision.outcome == "granted").order_by(Decision.id)
    ).all()
    return {
        "open_call": next(c.id for c in calls if c.is_open(now)),
        "closed_call": next(c.id for c in calls if c.closes_at <= now),
        "application": db.session.scalars(
            db.select(Application.id)
            .where(Application.state == "reporting")
            .order_by(Application.id)
            .limit(1)
        ).one(),
        "decision": next(d.id for d in decisions if d.recused),
    }


class Worker:
    """A real RQ worker process (`flask worker`) for the live server's queue."""

    def __init__(self, database_uri, queue, secret, smtp_port, log_path, instance_path):
        flask = Path(sys.executable).with_name("flask")
        env = {
            **os.environ,
            "DATABASE_URL": database_uri,
            "REDIS_URL": TEST_REDIS_URL,
            "RQ_QUEUE": queue,
            "SECRET_KEY": secret,
            "IDEASLUSS_ENV": "testing",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_port),
            "INSTANCE_PATH": str(instance_path),
        }
        self.queue = queue
        self.log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [str(flask), "--app", "ideasluss", "worker"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        _forget_queue(self.queue)


def _forget_queue(name):
    """Remove the browser queue and its jobs (the worker's periodic jobs among them)."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job

    connection = Redis.from_url(TEST_REDIS_URL)
    queue = Queue(name, connection=connection)
    for registry in (
        queue.scheduled_job_registry,
        queue.started_job_registry,
        queue.finished_job_registry,
        queue.failed_job_registry,
        queue.deferred_job_registry,
    ):
        for job_id in registry.get_job_ids():
            # Not remove(delete_job=True): it fetches the job, which may be gone already.
            registry.remove(job_id)
            connection.delete(f"{Job.redis_job_namespace_prefix}{job_id}")
    queue.delete(delete_jobs=True)
    connection.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, smtp_server):
    uri = fresh_database("browser", tmp_path_factory)
    tmp = tmp_path_factory.mktemp("browser")
    queue = f"ideasluss-browser-{os.getpid()}"
    config = make_config(
        uri,
        tmp,
        smtp_server,
        TESTING=False,
        WTF_CSRF_ENABLED=True,
        RATELIMIT_AUTH="1000 per minute",
        RQ_QUEUE=queue,
    )
    app = create_app(config)
    with app.app_context():
        flask_migrate.upgrade()
        loader.load()
        commit()
        db.session.remove()

    worker = None
    if TEST_REDIS_URL:
        worker = Worker(uri, queue, config["SECRET_KEY"], smtp_server.port, tmp / "worker.log", tmp)
    server = LiveServer(app, smtp_server)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        try:
            if worker:
                worker.stop()
        finally:
            with app.app_context():
                db.engine.dispose()
            drop_database(uri)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _open_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.script_errors = []
    page.on("pageerror", lambda error: page.script_errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and page.script_errors.append(message.text)
        ),
    )
    return context, page


@pytest.fixture(scope="session")
def signed_in_state(browser, live_server):
    """The cookies of a demo account signed in through the form, once per role and run."""
    states = {}

    def state(role):
        if role not in states:
            context, page = _open_page(browser, live_server)
            sign_in(page, DEMO_ACCOUNTS[role][0])
            expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state


@pytest.fixture
def open_page(browser, live_server, signed_in_state):
    """Open a fresh browser context as "visitor" or signed in as a demo role.

    The site's Content-Security-Policy is in force and a CSP violation or script error fails
    the test, except with bypass_csp=True, which lets axe-core be injected.
    """
    opened = []

    def open_(role="visitor", *, bypass_csp=False, **context_options):
        if role != "visitor":
            context_options["storage_state"] = signed_in_state(role)
        context, page = _open_page(browser, live_server, bypass_csp=bypass_csp, **context_options)
        opened.append((context, page, bypass_csp))
        return page

    yield open_
    for context, _page, _bypass in opened:
        context.close()
    live_server.wait_idle()
    errors = [e for _c, page, bypass in opened if not bypass for e in page.script_errors]
    assert errors == [], "script errors or CSP violations in the page"


@pytest.fixture
def page(open_page, mailbox):
    """A fresh browser with no cookies, as a visitor; the mailbox starts empty."""
    return open_page()


# Helpers the tests share

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page, email, password=DEMO_PASSWORD):
    """Sign in through the real form, as a person would."""
    page.goto("/login")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(password)
    with page.expect_navigation():  # to the next page, or back to the form with errors
        page.get_by_role("button", name="Logga in").click()


def assert_accessible(page):
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now."""
    page.add_script_tag(path=AXE)
    result = page.evaluate(
        # resultTypes: only violations get full details, which makes axe much faster.
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe found violations on {page.url}:\n" + json.dumps(
        violations, indent=2, ensure_ascii=False
    )
