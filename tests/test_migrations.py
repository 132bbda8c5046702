"""The migrations build exactly the schema the models describe, and can be undone and redone."""

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from sqlalchemy import inspect

from ideasluss import create_app
from ideasluss.extensions import db
from tests.conftest import TEST_DATABASE_URL, drop_database, fresh_database, make_config

# Only the backends this run has: SQLite always, PostgreSQL when TEST_DATABASE_URL names one.
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/migrations.sqlite"
        return
    uri = fresh_database("migrations", tmp_path_factory)
    yield uri
    drop_database(uri)


@pytest.fixture
def migrating_app(empty_database, tmp_path, smtp_server):
    app = create_app(make_config(empty_database, tmp_path, smtp_server))
    with app.app_context():
        yield app
        db.engine.dispose()


def differences():
    """What `flask db migrate` would write into a new revision: nothing, when models and
    migrations agree. Uses the app's own Alembic settings (e.g. include_object), as it does."""
    opts = {"compare_type": True, **current_app.extensions["migrate"].configure_args}
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, db.metadata)


def tables():
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_match_the_models_and_upgrade_downgrade_upgrade(migrating_app):
    flask_migrate.upgrade()
    assert differences() == []
    assert tables() >= {"users", "units", "user_roles", "audit_entries", "outbox_mails"}

    flask_migrate.downgrade(revision="base")
    assert tables() == set()

    flask_migrate.upgrade()
    assert differences() == []
