"""`flask exports purge`: delete the export files that have expired."""

import click
from flask.cli import AppGroup

from ..core.session import commit
from .exports import purge_expired_exports

exports_cli = AppGroup("exports", help="Exported files (CSV, XLSX).")


@exports_cli.command("purge")
def purge_command():
    """Delete exports older than a day, and their files."""
    count = purge_expired_exports()
    commit()
    click.echo(f"{count} removed")
