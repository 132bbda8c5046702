"""Read-only fund queries other pages use (the idea page's applications section)."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from ..extensions import db
from .models import Application, CommitteeMember, Decision, FundCall
from .permissions import can_view_application

# Decided in the applicant's favour: public, like any grant decision.
GRANTED_STATES = ("granted", "reporting", "closed")


def idea_applications(idea, user):
    """The idea's applications `user` may see: all of them for those allowed to see an
    application (team, admins, screeners, the call's committee), and the grants for anyone who
    may see the idea. Each comes with `.viewable` (may open the application page). Two queries.
    """
    if not idea.can_view(user):
        return []
    apps = db.session.scalars(
        select(Application)
        .where(Application.idea_id == idea.id)
        # Only the call's title and committee are needed, and the idea is the one in hand: the
        # default eager joins (idea, people, units: a dozen tables) took longer to plan than
        # to run.
        .options(
            joinedload(Application.call).options(
                lazyload(FundCall.chair),
                lazyload(FundCall.criteria),
                # Membership needs the members' ids only, if it is asked at all.
                lazyload(FundCall.committee).lazyload(CommitteeMember.user),
            ),
            lazyload(Application.idea),
            lazyload(Application.applicant),
            lazyload(Application.budget_lines),
            # The register number only: not the decider, nor the application once more.
            selectinload(Application.decision).options(
                lazyload(Decision.decided_by), lazyload(Decision.application)
            ),
        )
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).all()
    shown = []
    for app in apps:
        app.viewable = can_view_application(app, user)
        if app.viewable or app.state in GRANTED_STATES:
            shown.append(app)
    return shown
