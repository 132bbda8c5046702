"""Idéslussen: from a staff member's or resident's idea to an innovation other units adopt."""

import os
from pathlib import Path

from flask import Flask

from . import config as config_module
from .extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config=None):
    """Create the application; `config` overrides what the environment says (tests use it)."""
    config = dict(config or {})
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(config_module.from_environment(app.instance_path, config))
    app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    with app.app_context():
        _configure_engine(db.engine)
    from .core.search import include_object

    migrate.init_app(
        app,
        db,
        directory=str(ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)

    from .core import i18n, security, templating
    from .core import session as request_session

    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    i18n.init_app(app, babel)
    security.init_app(app)
    request_session.init_app(app)
    templating.init_app(app)

    # Import every domain's models so that they are registered with the metadata.
    from .accounts import models as _accounts  # noqa: F401
    from .accounts.admin import bp as admin_bp
    from .accounts.mydata import bp as mydata_bp
    from .accounts.views import bp as accounts_bp
    from .coaching.views import bp as coach_bp
    from .core import models as _core  # noqa: F401
    from .core.views import bp as main_bp
    from .followup import models as _followup  # noqa: F401
    from .followup.api import bp as api_bp
    from .followup.views import bp as followup_bp
    from .fund import committee as _committee  # noqa: F401  (routes on the fund blueprint)
    from .fund import models as _fund  # noqa: F401
    from .fund import views as _fund_views  # noqa: F401
    from .fund.blueprint import bp as fund_bp
    from .ideas import detail as _detail  # noqa: F401  (routes on the ideas blueprint)
    from .ideas import models as _ideas  # noqa: F401
    from .ideas import views as _idea_views  # noqa: F401
    from .ideas.blueprint import bp as ideas_bp
    from .ideas.challenges import bp as challenges_bp
    from .ideas.moderation import bp as moderation_bp
    from .ideas.showcase import bp as showcase_bp
    from .ip import models as _ip  # noqa: F401
    from .ip.views import admin_bp as ip_admin_bp
    from .ip.views import bp as ip_bp
    from .notifications import models as _notifications  # noqa: F401
    from .notifications.views import bp as notifications_bp

    for blueprint in (
        main_bp,
        accounts_bp,
        admin_bp,
        ideas_bp,
        challenges_bp,
        showcase_bp,
        moderation_bp,
        coach_bp,
        ip_bp,
        ip_admin_bp,
        notifications_bp,
        fund_bp,
        followup_bp,
        api_bp,
        mydata_bp,
    ):
        app.register_blueprint(blueprint)

    from .accounts.cli import users_cli
    from .core.cli import outbox_cli, worker_command
    from .demo.cli import demo_cli
    from .followup.cli import exports_cli
    from .notifications.cli import notifications_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(worker_command)
    app.cli.add_command(demo_cli)
    app.cli.add_command(exports_cli)
    app.cli.add_command(notifications_cli)
    return app


def _configure_engine(engine):
    """SQLite: enforce foreign keys and let SQLAlchemy, not pysqlite, begin transactions.
    PostgreSQL: no JIT, which spends up to a third of a second compiling a request's aggregate
    queries and never pays back on queries of a few milliseconds."""
    from sqlalchemy import event

    if engine.dialect.name == "postgresql":

        @event.listens_for(engine, "connect")
        def no_jit(dbapi_connection, record):
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET jit = off")
            dbapi_connection.commit()

    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA busy_timeout=5000")

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN")
