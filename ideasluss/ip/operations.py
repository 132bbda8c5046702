"""Publishing IP principles and recording acknowledgements."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.audit import log_action
from ..core.errors import Refused
from ..extensions import db
from .models import IpAcknowledgement, IpPrinciples


def publish_principles(*, version, title, summary, body, effective_from, actor):
    """Publish a new version; it is in force from its effective date."""
    exists = db.session.scalar(select(IpPrinciples.id).where(IpPrinciples.version == version))
    if exists:
        raise Refused(_l("Versionen %(version)s finns redan.", version=version))
    principles = IpPrinciples(
        version=version,
        title=title,
        summary=summary,
        body=body,
        effective_from=effective_from,
        published_by_id=actor.id if actor else None,
    )
    db.session.add(principles)
    db.session.flush()
    log_action(
        "ip.published",
        principles,
        actor=actor,
        version=version,
        effective_from=effective_from.isoformat(),
    )
    return principles


def has_acknowledged(user, principles):
    if principles is None:
        return True
    return bool(
        db.session.scalar(
            select(IpAcknowledgement.id)
            .where(
                IpAcknowledgement.user_id == user.id,
                IpAcknowledgement.principles_id == principles.id,
            )
            .limit(1)
        )
    )


def require_acknowledgement(user, context, object_id, acknowledged):
    """Record the acknowledgement of the version in force, or refuse when it is missing.

    A person who has acknowledged this version before need not tick the box again; a new
    version needs a new acknowledgement. Every submission is recorded with what it was for.
    """
    principles = IpPrinciples.in_force()
    if principles is None:
        return None
    if not acknowledged and not has_acknowledged(user, principles):
        raise Refused(
            _l("Du behöver bekräfta att du har läst principerna för immateriella rättigheter.")
        )
    ack = IpAcknowledgement(
        user_id=user.id, principles_id=principles.id, context=context, object_id=object_id
    )
    db.session.add(ack)
    return ack
