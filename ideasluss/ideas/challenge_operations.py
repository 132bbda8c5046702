"""Publishing and editing challenges: administrators, and coaches on behalf of any unit."""

from flask_babel import lazy_gettext as _l

from ..core.audit import log_action
from ..core.errors import Refused
from ..extensions import db
from .models import Challenge


def can_manage_challenges(user):
    """Administrators and innovation coaches publish and edit challenges (for any unit)."""
    return user.is_authenticated and user.has_role("admin", "coach")


def _check(actor, *, title, description, unit, opens_on, closes_on):
    if not can_manage_challenges(actor):
        raise Refused(_l("Bara administratörer och innovationscoacher kan publicera utmaningar."))
    if not (title or "").strip():
        raise Refused(_l("Ge utmaningen en rubrik."))
    if not (description or "").strip():
        raise Refused(_l("Beskriv utmaningen."))
    if unit is None:
        raise Refused(_l("Välj vilken enhet som äger behovet."))
    if opens_on is None or closes_on is None:
        raise Refused(_l("Ange när utmaningen öppnar och stänger."))
    if closes_on < opens_on:
        raise Refused(_l("Utmaningen kan inte stänga före den öppnar."))


def publish_challenge(*, title, description, unit, opens_on, closes_on, actor):
    """Publish a challenge a unit owns; ideas can answer it between its dates."""
    _check(
        actor,
        title=title,
        description=description,
        unit=unit,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    challenge = Challenge(
        title=title.strip(),
        description=description.strip(),
        unit_id=unit.id,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by_id=actor.id,
    )
    db.session.add(challenge)
    db.session.flush()
    log_action(
        "challenge.published",
        challenge,
        actor=actor,
        unit_id=unit.id,
        opens_on=opens_on.isoformat(),
        closes_on=closes_on.isoformat(),
    )
    return challenge


def update_challenge(challenge, *, title, description, unit, opens_on, closes_on, actor):
    """Change a challenge's text, need owner or dates; closing it early stops new ideas."""
    _check(
        actor,
        title=title,
        description=description,
        unit=unit,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    changed = {}
    for name, value in (
        ("title", title.strip()),
        ("description", description.strip()),
        ("unit_id", unit.id),
        ("opens_on", opens_on),
        ("closes_on", closes_on),
    ):
        if getattr(challenge, name) != value:
            changed[name] = value.isoformat() if hasattr(value, "isoformat") else value
            setattr(challenge, name, value)
    if "unit_id" in changed:
        challenge.unit = unit
    db.session.flush()
    # Log only which fields changed and the new dates/unit; texts can be long.
    data = {k: v for k, v in changed.items() if k not in ("title", "description")}
    log_action("challenge.updated", challenge, actor=actor, fields=sorted(changed), **data)
    return challenge
