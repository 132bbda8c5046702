"""Committee reviews: who may review and see reviews, saving one, and the comparison table."""

import functools
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from ..core.audit import log_action
from ..core.errors import Refused
from ..extensions import db
from ..ideas.models import Idea
from .models import APPLICATION_STATES, Application, Decision, Review, Score
from .recusal import call_recusals, column_rows, is_recused, recused_user_ids

SCORES = range(1, 6)
COMMENT_MAX = 5000
# Applications the comparison table shows: screened into review, or decided since.
COMPARED_STATES = ("in_review", "granted", "rejected", "reporting", "closed")
DECIDED_STATES = frozenset({"granted", "rejected", "reporting", "closed"})


def _signed_in(user):
    return user is not None and getattr(user, "is_authenticated", False)


def is_committee(call, user):
    """A member of the call's committee, or its chair."""
    return _signed_in(user) and (user.id in call.committee_ids or user.id == call.chair_id)


def can_open_committee(call, user):
    """The call's committee pages: its committee (and chair) and admins."""
    return _signed_in(user) and (user.is_admin or is_committee(call, user))


def can_review(app, user):
    """A committee member of the call, not recused, while the application is in review."""
    return (
        app.state == "in_review"
        and _signed_in(user)
        and user.id in app.call.committee_ids
        and not is_recused(app, user)
    )


def _lock_for_review(app):
    """Reload the application holding a shared row lock, so no decision slips in meanwhile."""
    locked = db.session.scalars(
        select(Application)
        .where(Application.id == app.id)
        .with_for_update(read=True, of=Application)
        .execution_options(populate_existing=True)
    ).first()
    if locked is None:
        raise Refused(_l("Ansökan finns inte längre."))
    return locked


def _clean_scores(app, scores):
    """{criterion id: (int score, comment)} for every criterion, or Refused with what is wrong."""
    criteria = {c.id: c for c in app.call.criteria}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise Refused(_l("Betygen gäller kriterier som inte hör till utlysningen."))
    cleaned = {}
    missing = []
    for criterion_id, criterion in criteria.items():
        score, comment = scores.get(criterion_id, (None, ""))
        if score is None or str(score).strip() == "":
            missing.append(criterion.name)
            continue
        value = score if isinstance(score, int) and not isinstance(score, bool) else None
        if isinstance(score, str) and score.strip().isdigit():
            value = int(score.strip())
        if value not in SCORES:
            raise Refused(
                _l("Betyget för ”%(name)s” ska vara ett heltal 1–5.", name=criterion.name)
            )
        comment = (comment or "").strip()
        if len(comment) > COMMENT_MAX:
            raise Refused(
                _l(
                    "Kommentaren till ”%(name)s” får vara högst %(max)s tecken.",
                    name=criterion.name,
                    max=COMMENT_MAX,
                )
            )
        cleaned[criterion_id] = (value, comment)
    if missing:
        raise Refused(
            _l(
                "Sätt ett betyg 1–5 för varje kriterium. Saknas: %(names)s.",
                names=", ".join(missing),
            )
        )
    return cleaned


def save_review(app, reviewer, scores, comment=""):
    """Save (create or replace) `reviewer`'s scores 1–5 for every criterion of `app`."""
    if not _signed_in(reviewer) or reviewer.id not in app.call.committee_ids:
        raise Refused(_l("Bara ledamöter i utlysningens fondkommitté kan bedöma ansökan."))
    if is_recused(app, reviewer):
        raise Refused(_l("Du är jävig och kan inte bedöma den här ansökan."))
    app = _lock_for_review(app)
    if app.state != "in_review":
        raise Refused(
            _l("Ansökan går inte att bedöma när den är %(state)s.", state=app.state_label)
        )
    cleaned = _clean_scores(app, scores)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Refused(_l("Kommentaren får vara högst %(max)s tecken.", max=COMMENT_MAX))

    review = _find_review(app.id, reviewer.id)
    created = review is None
    if created:
        review = Review(application_id=app.id, reviewer_id=reviewer.id, comment=comment)
        try:
            # A double click may create the same review at once: the unique constraint decides.
            with db.session.begin_nested():
                db.session.add(review)
        except IntegrityError:
            review = _find_review(app.id, reviewer.id)
            created = False
    review.comment = comment
    by_criterion = {s.criterion_id: s for s in review.scores}
    for criterion_id, (value, text) in cleaned.items():
        score = by_criterion.get(criterion_id)
        if score is None:
            review.scores.append(Score(criterion_id=criterion_id, score=value, comment=text))
        else:
            score.score = value
            score.comment = text
    db.session.flush()
    log_action("application.reviewed", app, actor=reviewer, review=review.id, created=created)
    return review


def _find_review(application_id, reviewer_id):
    return db.session.scalars(
        select(Review)
        .where(Review.application_id == application_id, Review.reviewer_id == reviewer_id)
        .execution_options(populate_existing=True)
    ).first()


def review_of(app, user):
    """`user`'s own review of `app`, if any."""
    if not _signed_in(user):
        return None
    return _find_review(app.id, user.id)


def reviews_of(app):
    """Every review of `app` by someone not recused now, oldest first."""
    recused = recused_user_ids(app)
    reviews = db.session.scalars(
        select(Review).where(Review.application_id == app.id).order_by(Review.created_at)
    ).all()
    return [r for r in reviews if r.reviewer_id not in recused]


# The comparison table


@dataclass
class ComparedApplication:
    """What the comparison table shows of an application (read as columns, not loaded)."""

    id: int
    title: str  # the idea's
    requested_amount: int
    granted_amount: int | None
    state: str
    state_label: str


@dataclass
class ComparedDecision:
    """The decision on a compared application, as the table links to it."""

    id: int
    register_number: str


@dataclass
class ComparisonRow:
    """One application in the comparison table, as `viewer` may see it."""

    application: ComparedApplication
    recused: list  # RecusalGround list of those who concern the committee
    hidden: bool  # the viewer is recused: no scores shown
    averages: dict = field(default_factory=dict)  # criterion id -> average or None
    total: float | None = None
    review_count: int = 0
    mine: bool = False  # the viewer has reviewed it
    decision: ComparedDecision | None = None

    @property
    def title(self):
        return self.application.title


def weighted_total(criteria, averages):
    """Σ weight × average / Σ weight over the criteria that have an average; None if none."""
    weighted = [(c.weight, averages.get(c.id)) for c in criteria]
    weighted = [(w, a) for w, a in weighted if a is not None]
    if not weighted:
        return None
    return sum(w * a for w, a in weighted) / sum(w for w, _a in weighted)


@functools.cache
def _comparison_statements():
    """The applications of call :call_id in :states with what the table shows of them, and
    their reviews' scores. Built once: building and keying a statement costs as much as
    running these."""
    compared = (
        Application.call_id == bindparam("call_id"),
        Application.state.in_(bindparam("states", expanding=True)),
    )
    applications = (
        select(
            Application.id,
            Idea.title,
            Application.requested_amount,
            Application.granted_amount,
            Application.state,
            Decision.id,
            Decision.register_number,
        )
        .join(Idea, Idea.id == Application.idea_id)
        .outerjoin(Decision, Decision.application_id == Application.id)
        .where(*compared)
        .order_by(Application.id)
    )
    scores = (
        select(Review.application_id, Review.reviewer_id, Score.criterion_id, Score.score)
        .join(Score, Score.review_id == Review.id)
        .join(Application, Application.id == Review.application_id)
        .where(*compared)
    )
    return applications, scores


def comparison_rows(call, viewer):
    """Every application of `call` in review or decided, with averages from reviews by people
    not recused; rows the viewer is recused from carry no scores. Three or four queries however
    many applications: the table reads only the columns it shows."""
    params = {"call_id": call.id, "states": list(COMPARED_STATES)}
    applications_stmt, scores_stmt = _comparison_statements()
    applications = column_rows(applications_stmt, params)
    if not applications:
        return []
    recused, listed = call_recusals(call, COMPARED_STATES)
    score_rows = column_rows(scores_stmt, params)
    nobody = frozenset()
    sums = {}  # (application id, criterion id) -> [sum, count]
    reviewers = {}
    for application_id, reviewer_id, criterion_id, score in score_rows:
        if reviewer_id in recused.get(application_id, nobody):
            continue  # a recused person's scores never count
        if application_id in reviewers:
            reviewers[application_id].add(reviewer_id)
        else:
            reviewers[application_id] = {reviewer_id}
        key = (application_id, criterion_id)
        if key in sums:
            sums[key][0] += score
            sums[key][1] += 1
        else:
            sums[key] = [score, 1]
    viewer_id = viewer.id if _signed_in(viewer) else None
    criteria = [(c.id, c.weight) for c in call.criteria]
    labels = {}
    rows = []
    for app_id, title, requested, granted, state, decision_id, register_number in applications:
        label = labels.get(state)
        if label is None:
            label = labels[state] = str(APPLICATION_STATES[state])
        app_reviewers = reviewers.get(app_id, nobody)
        hidden = viewer_id is not None and viewer_id in recused.get(app_id, nobody)
        row = ComparisonRow(
            application=ComparedApplication(app_id, title, requested, granted, state, label),
            recused=listed.get(app_id, []),
            hidden=hidden,
            decision=(
                ComparedDecision(decision_id, register_number) if decision_id is not None else None
            ),
            mine=viewer_id in app_reviewers,
        )
        if not hidden:
            # The averages, and the total as `weighted_total` works it out.
            weighted = weights = 0
            for criterion_id, weight in criteria:
                total_count = sums.get((app_id, criterion_id))
                if total_count is None:
                    row.averages[criterion_id] = None
                else:
                    average = total_count[0] / total_count[1]
                    row.averages[criterion_id] = average
                    weighted += weight * average
                    weights += weight
            row.total = weighted / weights if weights else None
            row.review_count = len(app_reviewers)
        rows.append(row)
    return rows


def _sort_keys(call):
    keys = {
        "title": lambda r: r.title.lower(),
        "requested": lambda r: r.application.requested_amount,
        "total": lambda r: r.total,
        "reviews": lambda r: None if r.hidden else r.review_count,
        "state": lambda r: str(r.application.state_label),
    }
    for criterion in call.criteria:
        keys[f"c{criterion.id}"] = lambda r, cid=criterion.id: r.averages.get(cid)
    return keys


def parse_sort(call, value):
    """("total", True) from "-total"; an unknown column sorts by weighted total, best first."""
    value = (value or "").strip()
    descending = value.startswith("-")
    name = value.lstrip("-")
    if name not in _sort_keys(call):
        return "total", True
    return name, descending


def sort_rows(call, rows, column, descending):
    """Sort by `column`; rows without a value (no reviews, hidden) always come last."""
    key = _sort_keys(call)[column]
    present = [r for r in rows if key(r) is not None]
    absent = [r for r in rows if key(r) is None]
    present.sort(key=lambda r: r.application.id)
    present.sort(key=key, reverse=descending)
    return present + absent
