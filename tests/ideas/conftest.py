"""Shared idea factories: `make_idea` and `make_principles` (other test modules rely on them)."""

from datetime import date, timedelta

import pytest

from ideasluss.core.models import utcnow
from ideasluss.extensions import db


@pytest.fixture
def make_idea(make_user):
    """Create an idea with `create_idea`, then set its state directly (no history rows).

    `make_idea(owner=None, state="submitted", visibility="public", title=..., unit=None,
    themes=(), value_kinds=(), challenge=None, coach=None, **fields)`; other keyword arguments go
    to `create_idea` (e.g. `problem`, `proposal`, `team=[user]`, `vote_count`, `created_at`,
    `last_activity_at`, `merged_into_id`); `parked_from` defaults to "idea" for parked ideas.
    The owner defaults to a new employee. The idea is flushed, not committed: call `save()` when
    a request must see it as committed.
    """
    from ideasluss.ideas.operations import _recount_challenge, create_idea

    counter = iter(range(1, 100_000))

    def make(
        owner=None,
        state="submitted",
        visibility="public",
        title=None,
        unit=None,
        themes=(),
        value_kinds=(),
        challenge=None,
        coach=None,
        **fields,
    ):
        n = next(counter)
        owner = owner or make_user("employee")
        parked_from = fields.pop("parked_from", "idea" if state == "parked" else None)
        fields.setdefault("problem", f"Problemet som idé {n} löser, och för vem.")
        fields.setdefault("proposal", f"Förslaget i idé {n}.")
        if unit is not None:
            fields["unit_id"] = unit.id
        idea = create_idea(
            owner,
            title=title or f"Testidé {n}",
            visibility=visibility,
            themes=themes,
            value_kinds=value_kinds,
            **fields,
        )
        # Set after creation so closed challenges work too (create_idea refuses those).
        if challenge is not None:
            idea.challenge_id = challenge.id
        if coach is not None:
            idea.coach_id = coach.id
        if state != "draft":
            now = utcnow()
            idea.state = state
            idea.parked_from = parked_from
            idea.submitted_at = fields.get("created_at") or now
            idea.state_changed_at = fields.get("created_at") or now
        db.session.flush()
        if challenge is not None:
            _recount_challenge(challenge.id)
            db.session.expire(challenge, ["idea_count"])
        return idea

    return make


@pytest.fixture
def make_principles():
    """Publish IP principles in force (effective yesterday unless told); returns the version.

    `make_principles(version=None, summary=..., body=..., effective_from=None, actor=None)`;
    a later call publishes a newer version that replaces the earlier one.
    """
    from ideasluss.ip.operations import publish_principles

    counter = iter(range(1, 10_000))

    def make(version=None, summary=None, body=None, effective_from=None, actor=None, title=None):
        n = next(counter)
        return publish_principles(
            version=version or f"test-{n}",
            title=title or f"Principer för immateriella rättigheter {n}",
            summary=summary or f"Sammanfattning av version {n}: idén förblir din.",
            body=body or f"# Principer {n}\n\nHela texten för version {n}.",
            effective_from=effective_from or date.today() - timedelta(days=1),
            actor=actor,
        )

    return make
