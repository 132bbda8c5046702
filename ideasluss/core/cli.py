"""Command-line tools: the outbox sweep and the worker."""

from datetime import timedelta

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


@job
def periodic_sweep():
    """Flush the outbox, then schedule the next sweep (one fixed job id: never doubled)."""
    try:
        flush_outbox()
    finally:
        get_queue().enqueue_in(SWEEP_INTERVAL, periodic_sweep, job_id="outbox-sweep")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_command(burst):
    """Run an RQ worker for the app's queue, with the periodic outbox sweep and daily digest."""
    from rq import Worker

    from ..notifications.jobs import schedule_digest

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run inline, no worker is needed.")
    queue = get_queue()
    queue.enqueue_in(timedelta(seconds=5), periodic_sweep, job_id="outbox-sweep")
    schedule_digest(queue)  # periodic_digest: the next 06:00 Stockholm time, then daily
    Worker([queue], connection=redis_connection()).work(with_scheduler=True, burst=burst)
