"""Command-line tools: the outbox sweep and the worker."""

from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .jobs import get_queue, job, redis_connection
from .mail import flush_outbox

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")
SWEEP_INTERVAL = timedelta(minutes=5)


@outbox_cli.command("flush")
def flush_command():
    """Send every mail still waiting in the outbox."""
    click.echo(f"{flush_outbox()} sent")


def _sweep_id(at):
    # One id per interval: restarting workers never double a sweep, and a running sweep never
    # overwrites the job it schedules next (RQ keeps a finished job's id until its result expires).
    return f"outbox-sweep-{int(at.timestamp() // SWEEP_INTERVAL.total_seconds())}"


def schedule_sweep(queue, delay=SWEEP_INTERVAL):
    at = datetime.now(UTC) + delay
    queue.enqueue_at(at, periodic_sweep, job_id=_sweep_id(at))


@job
def periodic_sweep():
    """Flush the outbox, then schedule the next sweep."""
    try:
        flush_outbox()
    finally:
        schedule_sweep(get_queue())


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst):
    """Run an RQ worker for the app's queue, with the periodic outbox sweep and daily digest."""
    from rq import Worker

    from ..followup.jobs import schedule_export_purge
    from ..notifications.jobs import schedule_digest

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed.")
    queue = get_queue()
    if not any(j.startswith("outbox-sweep-") for j in queue.scheduled_job_registry.get_job_ids()):
        schedule_sweep(queue, timedelta(seconds=5))
    schedule_digest(queue)  # periodic_digest: the next 06:00 Stockholm time, then daily
    schedule_export_purge(queue)  # expired export files, hourly
    Worker([queue], connection=redis_connection()).work(with_scheduler=True, burst=burst)
