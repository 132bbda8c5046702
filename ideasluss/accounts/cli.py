"""`flask users create-admin`."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..core.session import commit
from ..extensions import db
from . import operations
from .models import Unit

users_cli = AppGroup("users", help="User accounts.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Name")
@click.option("--unit", "unit_name", default="Stadsledningskontoret", show_default=True)
@click.password_option()
def create_admin(email, display_name, unit_name, password):
    """Create an administrator (innovation director) in a unit, created if missing."""
    unit = db.session.scalars(select(Unit).where(Unit.name == unit_name)).first()
    if unit is None:
        unit = Unit(name=unit_name, kind="forvaltning")
        db.session.add(unit)
    try:
        user = operations.create_user(
            email, display_name, {"admin", "employee"}, unit=unit, password=password
        )
    except operations.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    commit()
    click.echo(f"Administrator {user.email} created.")
