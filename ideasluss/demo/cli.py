"""`flask demo load`."""

import click
from flask.cli import AppGroup

from ..core.session import commit
from . import loader

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users already.")
def load_command(if_empty):
    """Load the demo data set (units, one account per role, ideas)."""
    if not loader.is_empty():
        if if_empty:
            click.echo("The database has data already; demo data not loaded.")
            return
        raise click.ClickException("The database is not empty.")
    loader.load()
    commit()
    click.echo(f"Demo data loaded. Every account's password is {loader.DEMO_PASSWORD!r}.")
