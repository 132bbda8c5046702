"""Test fixtures: one migrated database per run, a rolled-back transaction per test.

With TEST_DATABASE_URL and TEST_REDIS_URL set (CI), tests run on PostgreSQL and jobs go through
Redis to a real RQ worker in burst mode; without them, SQLite and inline jobs, as `make run` uses.
"""
import os
import threading
from contextlib import contextmanager

import flask_migrate
import pytest
from aiosmtpd.controller import Controller
from argon2 import PasswordHasher, profiles
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ideasluss import create_app
from ideasluss.accounts import models as account_models
from ideasluss.core.session import commit
from ideasluss.extensions import db, limiter

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
PASSWORD = "lösenord-för-test"

# Argon2 at production strength spends ~150 ms on every hash and check. Tests use argon2's own
# cheapest profile (same algorithm and code path), also for the unknown-account dummy check.
account_models._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
account_models._DUMMY_HASH = account_models._hasher.hash("no such account")


def fresh_database(name, tmp_path_factory):
    """A new, empty database for this run: on the PostgreSQL server when given, else SQLite."""
    if not TEST_DATABASE_URL:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / f"{name}.sqlite")
    url = make_url(TEST_DATABASE_URL)
    database = f"ideasluss_{name}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    return url.set(database=database).render_as_string(hide_password=False)


def drop_database(uri):
    if not uri.startswith("postgresql"):
        return
    url = make_url(uri)
    admin = create_engine(make_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """What a real local SMTP server (aiosmtpd) received."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]

    def clear(self):
        self.messages.clear()


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    mailbox.port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    yield mailbox
    controller.stop()


def make_config(database_uri, tmp_path, smtp_server, **extra):
    return {
        "ENV_NAME": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "REDIS_URL": TEST_REDIS_URL,
        "RQ_QUEUE": f"ideasluss-test-{os.getpid()}",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        **extra,
    }


class RequestIsolatingClient(FlaskClient):
    """Each request gets its own app context (its own `g` and session), as in production.

    Without this a request would reuse the test's app context, so `g` (the signed-in user and
    the chosen locale are cached there) would carry over from one request to the next.
    """

    def open(self, *args, **kwargs):
        if self.preserve_context:  # `with client:` keeps the request's context for inspection
            return super().open(*args, **kwargs)
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory, smtp_server):
    uri = fresh_database("test", tmp_path_factory)
    app = create_app(make_config(uri, tmp_path_factory.mktemp("app"), smtp_server))
    app.test_client_class = RequestIsolatingClient
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    yield app
    with app.app_context():
        db.engine.dispose()
    drop_database(uri)


class ConnectionBoundSession(FlaskSQLAlchemySession):
    """Always the test's connection: Flask-SQLAlchemy's own get_bind would pick the app's engine
    (a fresh pooled connection) and ignore `bind`, so a view's commit would really commit."""

    def get_bind(self, *args, **kwargs):
        return self.bind


@pytest.fixture(autouse=True)
def _transaction(request, app):
    """Run each test inside a transaction that is rolled back; commits become savepoints."""
    if "live_server" in request.fixturenames:
        yield
        return
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "class_": ConnectionBoundSession,
            }
        )
        limiter.reset()
        if TEST_REDIS_URL:
            from ideasluss.core.jobs import get_queue

            get_queue(app).empty()
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def mailbox(smtp_server):
    smtp_server.clear()
    return smtp_server


@pytest.fixture
def run_jobs(app):
    """Let a real RQ worker (burst mode) do what was queued; inline jobs ran already."""

    def run():
        if not TEST_REDIS_URL:
            return 0
        from rq import SimpleWorker

        from ideasluss.core.jobs import get_queue, redis_connection

        queue = get_queue(app)
        worker = SimpleWorker([queue], connection=redis_connection(app))
        worker.work(burst=True, with_scheduler=False)
        return worker.successful_job_count

    return run


@pytest.fixture
def make_unit():
    from ideasluss.accounts.models import Unit

    counter = iter(range(1, 10_000))

    def make(name=None, kind="forvaltning"):
        unit = Unit(name=name or f"Testförvaltning {next(counter)}", kind=kind)
        db.session.add(unit)
        db.session.flush()
        return unit

    return make


@pytest.fixture
def make_user(make_unit):
    from ideasluss.accounts.models import User

    counter = iter(range(1, 10_000))
    units = {}

    def make(*roles, email=None, name=None, unit=None, password=PASSWORD, show_name=True):
        roles = set(roles or {"employee"})
        n = next(counter)
        if unit is None and roles != {"resident"}:
            unit = units.setdefault("default", make_unit())
        user = User(
            email=email or f"person{n}@example.se",
            display_name=name or f"Person {n}",
            unit=unit,
            show_name=show_name,
        )
        user.set_password(password)
        user.set_roles(roles)
        db.session.add(user)
        db.session.flush()
        return user

    return make


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, user_or_email, password=PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def save():
    """Commit as a request would (a savepoint inside the test's transaction)."""
    return commit


@contextmanager
def count_queries(app):
    """Count the SQL statements sent inside the block."""
    from sqlalchemy import event

    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def query_counter(app):
    return lambda: count_queries(app)
