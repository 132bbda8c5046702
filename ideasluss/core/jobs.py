"""Background jobs: RQ on Redis when REDIS_URL is set, inline otherwise."""

import functools
import logging

from flask import current_app, has_app_context

log = logging.getLogger(__name__)


def job(func):
    """Mark a job function: it takes IDs and builds its own app context when a worker runs it."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if has_app_context():
            return func(*args, **kwargs)
        from .. import create_app

        with create_app().app_context():
            return func(*args, **kwargs)

    return wrapper


def redis_connection(app=None):
    app = app or current_app
    conn = app.extensions.get("ideasluss_redis")
    if conn is None:
        from redis import Redis

        conn = Redis.from_url(app.config["REDIS_URL"])
        app.extensions["ideasluss_redis"] = conn
    return conn


def get_queue(app=None):
    from rq import Queue

    app = app or current_app
    return Queue(app.config["RQ_QUEUE"], connection=redis_connection(app))


def enqueue(func, *args, job_id=None, **kwargs):
    """Queue `func(*args)`; without REDIS_URL run it now, logging failures instead of raising."""
    if current_app.config.get("REDIS_URL"):
        try:
            return get_queue().enqueue(func, *args, job_id=job_id, **kwargs)
        except Exception:  # Redis down: the outbox sweep and retries catch up later.
            log.exception("Could not queue %s", func.__name__)
            return None
    try:
        func(*args, **kwargs)
    except Exception:
        from ..extensions import db

        db.session.rollback()
        log.exception("Inline job %s failed", func.__name__)
    return None
