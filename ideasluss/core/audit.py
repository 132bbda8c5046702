"""Writing to the audit log; reading it is the admin's."""

from flask_login import current_user

from ..extensions import db
from .models import AuditEntry


def log_action(action, obj=None, actor=None, **data):
    """Append an audit entry for `action` on `obj`, by `actor` (default: the signed-in user)."""
    if actor is None and current_user and current_user.is_authenticated:
        actor = current_user
    entry = AuditEntry(
        action=action,
        actor_id=actor.id if actor is not None else None,
        object_type=obj.__tablename__ if obj is not None else None,
        object_id=obj.id if obj is not None else None,
        data=data,
    )
    db.session.add(entry)
    return entry
