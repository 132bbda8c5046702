"""`flask notifications digest`."""

import click
from flask.cli import AppGroup

from .jobs import send_digests

notifications_cli = AppGroup("notifications", help="Notifications.")


@notifications_cli.command("digest")
def digest_command():
    """Send the daily digest mails now (safe to run again: nothing is sent twice)."""
    click.echo(f"{send_digests()} digest mails queued")
