"""Spreading an implemented idea (spridning): another unit records that it has adopted it."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..core.audit import log_action
from ..core.errors import Refused
from ..extensions import db
from .models import Adoption

NOTE_MAX = 2000


def can_record_adoption(idea, user):
    """Staff with a unit (admins: any unit) may record adoptions of a visible, implemented idea."""
    return (
        user.is_authenticated
        and user.is_staff
        and idea.state == "implemented"
        and idea.can_view(user)
        and (user.is_admin or user.unit_id is not None)
    )


def record_adoption(idea, unit, actor, note=""):
    """Record that `unit` has taken the implemented `idea` into use; once per unit."""
    if not actor.is_authenticated or not actor.is_staff:
        raise Refused(_l("Bara stadens medarbetare kan registrera att en enhet har infört en idé."))
    if idea.state != "implemented":
        raise Refused(_l("Bara införda idéer kan spridas till fler enheter."))
    if not idea.can_view(actor):
        raise Refused(_l("Du kan inte se den här idén."))
    if unit is None:
        raise Refused(_l("Välj vilken enhet som har infört lösningen."))
    if not actor.is_admin and unit.id != actor.unit_id:
        raise Refused(_l("Du kan bara registrera införande för din egen enhet."))
    if unit.id == idea.unit_id:
        raise Refused(
            _l("Lösningen kommer från %(unit)s och räknas inte som spridning där.", unit=unit.name)
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise Refused(_l("Kommentaren får ha högst %(max)s tecken.", max=NOTE_MAX))
    adoption = Adoption(idea_id=idea.id, unit=unit, recorded_by_id=actor.id, note=note)
    try:
        with db.session.begin_nested():
            db.session.add(adoption)
            db.session.flush()
    except IntegrityError:
        raise Refused(
            _l("%(unit)s har redan registrerat att enheten har infört lösningen.", unit=unit.name)
        ) from None
    log_action("idea.adopted", idea, actor=actor, unit_id=unit.id, adoption_id=adoption.id)
    return adoption


def adoptions_for(idea):
    """The units that adopted `idea`, first adopter first (for the showcase and the idea page)."""
    return db.session.scalars(
        select(Adoption)
        .where(Adoption.idea_id == idea.id)
        .order_by(Adoption.created_at, Adoption.id)
    ).all()


def adoption_counts(idea_ids):
    """{idea id: number of adopting units} for a page of ideas, in one query."""
    if not idea_ids:
        return {}
    return dict(
        db.session.execute(
            select(Adoption.idea_id, func.count())
            .where(Adoption.idea_id.in_(list(idea_ids)))
            .group_by(Adoption.idea_id)
        ).all()
    )
