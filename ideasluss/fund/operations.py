"""Fund operations: calls, applications, screening and follow-up. They change, flush, log and
notify; the request boundary commits."""

import os
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.audit import log_action
from ..core.errors import Refused
from ..core.models import utcnow
from ..extensions import db
from ..ip.operations import require_acknowledgement
from ..notifications.operations import notify
from .models import (
    APPLICATION_TYPES,
    Application,
    BudgetLine,
    CommitteeMember,
    Criterion,
    Disbursement,
    FinalReport,
    FundCall,
    ReportAttachment,
    Score,
)
from .money import parse_sek
from .permissions import PAYABLE_STATES, can_act, can_manage_calls, is_team
from .states import APPLICATION_MOVES, EDITABLE_STATES


def lock_application(app_id):
    """Load an application for a change, holding its row until the commit (PostgreSQL)."""
    app = db.session.scalars(
        select(Application)
        .where(Application.id == app_id)
        .with_for_update(of=Application)
        .execution_options(populate_existing=True)
    ).first()
    if app is None:
        raise Refused(_l("Ansökan finns inte längre."))
    return app


def team_ids(app):
    return {app.idea.owner_id} | app.idea.team_user_ids


def move_application(app, code, actor, comment="", expected_state=None, **extra):
    """Make one move of the application's transition table (fund/states.py).

    Refused, changing nothing, when the move is unknown, not the actor's to make, not possible
    from the current state, stale (the application left `expected_state` meanwhile), needs the
    call open and it is closed, or needs a comment and has none. "submit" also checks that the
    application is complete and eligible, and the IP acknowledgement (`acknowledged=True`).
    Other keyword arguments are set on the application (e.g. `granted_amount`).
    """
    move = APPLICATION_MOVES.get(code)
    if move is None:
        raise Refused(_l("Okänt steg för ansökan."))
    acknowledged = extra.pop("acknowledged", False)
    app = lock_application(app.id)
    if expected_state is not None and app.state != expected_state:
        raise Refused(
            _l(
                "Ansökan är redan %(state)s; någon annan hann före. Inget har ändrats.",
                state=str(app.state_label).lower(),
            )
        )
    if app.state not in move.sources:
        raise Refused(
            _l(
                "”%(move)s” går inte när ansökan är %(state)s.",
                move=move.label,
                state=str(app.state_label).lower(),
            )
        )
    if not can_act(app, actor, code):
        raise Refused(_l("Du har inte behörighet att göra det här med ansökan."))
    if move.while_open and not app.call.is_open():
        raise Refused(_l("Utlysningen är stängd. Ansökan kan inte längre skickas in."))
    comment = (comment or "").strip()
    if move.needs_comment and not comment:
        raise Refused(_l("Skriv en kommentar eller motivering."))
    if code == "submit":
        problems = submission_problems(app)
        if problems:
            raise Refused(
                _l(
                    "Ansökan är inte komplett: %(problems)s.",
                    problems="; ".join(str(p) for p in problems),
                )
            )
        require_acknowledgement(actor, "application", app.id, acknowledged)

    source, now = app.state, utcnow()
    app.state = move.target
    if code == "submit":
        app.submitted_at = now
    elif code in ("accept", "return"):
        app.screened_by_id = actor.id
        app.screened_at = now
        app.screening_comment = comment
    for name, value in extra.items():
        setattr(app, name, value)
    db.session.flush()
    log_action(
        f"application.{code}",
        app,
        actor=actor,
        from_state=source,
        to_state=move.target,
        comment=comment,
        call_id=app.call_id,
        idea_id=app.idea_id,
    )
    notify(
        "fund",
        app.idea,
        actor,
        recipients=team_ids(app),
        application=app.id,
        **{"from": source, "to": move.target},
    )
    return app


def submission_problems(app):
    """What keeps an application from being submitted, as messages; empty when complete."""
    call, problems = app.call, []
    if app.type not in (call.application_types or ()):
        problems.append(_l("utlysningen tar inte emot den här typen av ansökan"))
    if app.idea.state not in (call.eligible_states or ()):
        problems.append(_l("idén är inte i ett skede som utlysningen gäller"))
    if app.requested_amount <= 0:
        problems.append(_l("ange det sökta beloppet"))
    if not app.budget_lines:
        problems.append(_l("lägg till minst en budgetrad"))
    elif sum(line.amount for line in app.budget_lines) != app.requested_amount:
        problems.append(_l("budgetraderna ska summera till det sökta beloppet"))
    for name, message in (
        ("plan", _l("beskriv planen")),
        ("milestones", _l("ange milstolpar")),
        ("expected_value", _l("beskriv det förväntade värdet")),
    ):
        if not (getattr(app, name) or "").strip():
            problems.append(message)
    if None in (app.ip_working_time, app.ip_third_party, app.ip_commercialise):
        problems.append(_l("besvara frågorna om immateriella rättigheter"))
    if app.ip_third_party and not app.ip_third_party_details.strip():
        problems.append(_l("beskriv tredje parts rättigheter"))
    if app.ip_commercialise and not app.ip_commercialise_details.strip():
        problems.append(_l("beskriv planerna på kommersialisering"))
    return problems


# --- Calls ---------------------------------------------------------------------------------


def _committee_users(user_ids):
    from ..accounts.models import User

    ids = list(dict.fromkeys(int(i) for i in user_ids))
    users = db.session.scalars(select(User).where(User.id.in_(ids))).all() if ids else []
    by_id = {u.id: u for u in users}
    if len(by_id) != len(ids):
        raise Refused(_l("En av de valda ledamöterna finns inte."))
    for user in by_id.values():
        if not user.has_role("committee") or not user.is_active:
            raise Refused(
                _l(
                    "%(name)s har inte rollen fondkommitté och kan inte vara ledamot.",
                    name=user.public_name,
                )
            )
    return [by_id[i] for i in ids]


def _check_call(title, text, budget, opens_at, closes_at, application_types, eligible_states):
    from ..ideas.states import STATES

    if not (title or "").strip():
        raise Refused(_l("Ange en rubrik för utlysningen."))
    if len(title.strip()) > 200:
        raise Refused(_l("Rubriken får ha högst 200 tecken."))
    if not (text or "").strip():
        raise Refused(_l("Skriv utlysningens text."))
    if not isinstance(budget, int) or isinstance(budget, bool) or budget <= 0:
        raise Refused(_l("Budgeten ska vara ett positivt belopp i hela kronor."))
    if opens_at is None or closes_at is None or closes_at <= opens_at:
        raise Refused(_l("Utlysningen måste stänga efter att den öppnar."))
    if not application_types or set(application_types) - set(APPLICATION_TYPES):
        raise Refused(_l("Välj minst en typ av ansökan."))
    if not eligible_states or set(eligible_states) - set(STATES):
        raise Refused(_l("Välj minst ett skede som idéer måste vara i för att söka."))


def _set_criteria(call, criteria):
    """Replace the call's criteria by `criteria` (dicts: id?, name, description, weight);
    a criterion with scores already given cannot be removed."""
    rows = [c for c in criteria if (c.get("name") or "").strip()]
    if not rows:
        raise Refused(_l("Ange minst ett bedömningskriterium."))
    existing = {c.id: c for c in call.criteria}
    kept, result = set(), []
    for position, row in enumerate(rows):
        weight = row.get("weight")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 10:
            raise Refused(_l("Vikten för ett kriterium ska vara ett heltal från 1 till 10."))
        name = row["name"].strip()
        if len(name) > 120:
            raise Refused(_l("Ett kriteriums namn får ha högst 120 tecken."))
        criterion = existing.get(row.get("id")) if row.get("id") else None
        if criterion is None:
            criterion = Criterion()
        else:
            kept.add(criterion.id)
        criterion.name = name
        criterion.description = (row.get("description") or "").strip()
        criterion.weight = weight
        criterion.position = position
        result.append(criterion)
    removed = set(existing) - kept
    if removed:
        scored = db.session.scalar(
            select(Score.criterion_id).where(Score.criterion_id.in_(removed)).limit(1)
        )
        if scored is not None:
            raise Refused(
                _l(
                    "Kriteriet ”%(name)s” har redan fått betyg och kan inte tas bort.",
                    name=existing[scored].name,
                )
            )
    call.criteria = result


def _set_committee(call, committee_ids, chair_id):
    members = _committee_users(committee_ids)
    if not members:
        raise Refused(_l("Välj minst en ledamot till fondkommittén."))
    if chair_id is None or int(chair_id) not in {m.id for m in members}:
        raise Refused(_l("Ordföranden ska vara en av kommitténs ledamöter."))
    current = {m.user_id: m for m in call.committee}
    call.committee = [current.get(m.id) or CommitteeMember(user_id=m.id) for m in members]
    call.chair_id = int(chair_id)


def create_call(
    actor,
    *,
    title,
    text,
    budget,
    opens_at,
    closes_at,
    application_types,
    eligible_states,
    criteria,
    committee_ids,
    chair_id,
):
    """Publish a call (admins): budget, dates, types, eligible idea states, criteria, committee."""
    if not can_manage_calls(actor):
        raise Refused(_l("Bara administratörer kan skapa utlysningar."))
    _check_call(title, text, budget, opens_at, closes_at, application_types, eligible_states)
    call = FundCall(
        title=title.strip(),
        text=text.strip(),
        budget=budget,
        granted_total=0,
        opens_at=opens_at,
        closes_at=closes_at,
        application_types=[t for t in APPLICATION_TYPES if t in application_types],
        eligible_states=list(dict.fromkeys(eligible_states)),
        created_by_id=actor.id,
    )
    _set_criteria(call, criteria)
    _set_committee(call, committee_ids, chair_id)
    db.session.add(call)
    db.session.flush()
    log_action("call.created", call, actor=actor, title=call.title, budget=budget)
    return call


def lock_call(call_id):
    call = db.session.scalars(
        select(FundCall)
        .where(FundCall.id == call_id)
        .with_for_update(of=FundCall)
        .execution_options(populate_existing=True)
    ).first()
    if call is None:
        raise Refused(_l("Utlysningen finns inte längre."))
    return call


def update_call(
    call,
    actor,
    *,
    title,
    text,
    budget,
    opens_at,
    closes_at,
    application_types,
    eligible_states,
    criteria,
    committee_ids,
    chair_id,
):
    """Change a call (admins); the budget never goes below what has been granted."""
    if not can_manage_calls(actor):
        raise Refused(_l("Bara administratörer kan ändra utlysningar."))
    _check_call(title, text, budget, opens_at, closes_at, application_types, eligible_states)
    # The lock keeps a decision from granting money between the check and the change.
    call = lock_call(call.id)
    if budget < call.granted_total:
        raise Refused(
            _l(
                "Budgeten kan inte bli lägre än det som redan har beviljats (%(granted)s kr).",
                granted=f"{call.granted_total:,}".replace(",", " "),
            )
        )
    call.title = title.strip()
    call.text = text.strip()
    call.budget = budget
    call.opens_at = opens_at
    call.closes_at = closes_at
    call.application_types = [t for t in APPLICATION_TYPES if t in application_types]
    call.eligible_states = list(dict.fromkeys(eligible_states))
    _set_criteria(call, criteria)
    _set_committee(call, committee_ids, chair_id)
    db.session.flush()
    log_action("call.updated", call, actor=actor, title=call.title, budget=budget)
    return call


# --- Applications --------------------------------------------------------------------------

STALE = _l(
    "Någon annan har ändrat ansökan medan du redigerade. Ladda om sidan och gör om dina "
    "ändringar; inget har sparats."
)
APPLICATION_FIELDS = (
    "plan",
    "milestones",
    "expected_value",
    "ip_working_time",
    "ip_third_party",
    "ip_third_party_details",
    "ip_commercialise",
    "ip_commercialise_details",
)


def active_application(call, idea):
    """The idea's application in the call that is not withdrawn, if any."""
    return db.session.scalars(
        select(Application).where(
            Application.call_id == call.id,
            Application.idea_id == idea.id,
            Application.state != "withdrawn",
        )
    ).first()


def create_application(call, idea, actor, *, type=None):
    """Start a draft application for `idea` in `call` (the idea's owner or team, call open)."""
    if not idea.is_team(actor):
        raise Refused(_l("Bara idéns ägare och team kan söka pengar för den."))
    if not call.is_open():
        raise Refused(_l("Utlysningen är inte öppen för ansökningar."))
    if idea.state not in (call.eligible_states or ()):
        raise Refused(
            _l(
                "Idén är %(state)s; utlysningen gäller idéer i andra skeden.",
                state=str(idea.state_label).lower(),
            )
        )
    type = type or (call.application_types or [None])[0]
    if type not in (call.application_types or ()):
        raise Refused(_l("Utlysningen tar inte emot den här typen av ansökan."))
    existing = active_application(call, idea)
    if existing is not None:
        raise Refused(_l("Idén har redan en ansökan i den här utlysningen."))
    app = Application(call=call, idea=idea, applicant_id=actor.id, type=type, state="draft")
    db.session.add(app)
    db.session.flush()
    log_action("application.created", app, actor=actor, call_id=call.id, idea_id=idea.id)
    return app


def _budget_lines(lines):
    """Clean (description, amount) rows: blank rows dropped, each line described and positive."""
    cleaned = []
    for description, amount in lines:
        description = (description or "").strip()
        if not description and amount in (None, ""):
            continue
        if not description:
            raise Refused(_l("Beskriv vad varje budgetrad avser."))
        if len(description) > 300:
            raise Refused(_l("En budgetrads beskrivning får ha högst 300 tecken."))
        cleaned.append((description, parse_sek(amount)))
    return cleaned


def update_application(app, actor, *, version, type, requested_amount, budget_lines, **fields):
    """Save the team's edit of a draft or returned application while the call is open.

    Refused when someone else saved it after `version` was read (nothing is overwritten).
    `requested_amount` and each budget line's amount are whole kronor (text or int);
    `budget_lines` is a list of (description, amount).
    """
    app = lock_application(app.id)
    if not is_team(app, actor):
        raise Refused(_l("Bara idéns ägare och team kan ändra ansökan."))
    if app.state not in EDITABLE_STATES:
        raise Refused(_l("Ansökan är inskickad och kan inte ändras nu."))
    if not app.call.is_open():
        raise Refused(_l("Utlysningen är stängd. Ansökan kan inte längre ändras."))
    if int(version) != app.version:
        raise Refused(STALE)
    if type not in (app.call.application_types or ()):
        raise Refused(_l("Utlysningen tar inte emot den här typen av ansökan."))
    amount = parse_sek(requested_amount, allow_zero=True)
    lines = _budget_lines(budget_lines)
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown application fields: {sorted(unknown)}")
    app.type = type
    app.requested_amount = amount
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(app, name, value)
    app.budget_lines = [
        BudgetLine(description=d, amount=a, position=i) for i, (d, a) in enumerate(lines)
    ]
    db.session.flush()
    log_action("application.updated", app, actor=actor, requested_amount=amount)
    return app


def submit_application(app, actor, *, acknowledged=False, expected_state=None):
    """Submit (or resubmit after a return) a complete application, acknowledging the IP
    principles in force."""
    return move_application(
        app, "submit", actor, expected_state=expected_state, acknowledged=acknowledged
    )


def screen_application(app, actor, decision, comment="", expected_state=None):
    """Screening: accept into review, or return for completion with a comment."""
    if decision not in ("accept", "return"):
        raise Refused(_l("Välj om ansökan ska godkännas eller återsändas."))
    return move_application(app, decision, actor, comment=comment, expected_state=expected_state)


def withdraw_application(app, actor, expected_state=None):
    """The team withdraws the application (any time until the decision)."""
    return move_application(app, "withdraw", actor, expected_state=expected_state)


# --- After a grant -------------------------------------------------------------------------


def record_disbursement(app, actor, *, paid_on, amount, note=""):
    """Record a payment (admins); the payments never add up to more than the granted amount.

    The application's row is locked while `paid_total` is checked and raised, so two payments
    recorded at once cannot together pass the granted amount.
    """
    if not can_manage_calls(actor):
        raise Refused(_l("Bara administratörer registrerar utbetalningar."))
    amount = parse_sek(amount)
    if paid_on is None:
        raise Refused(_l("Ange utbetalningsdagen."))
    if paid_on > date.today():
        raise Refused(_l("Utbetalningsdagen kan inte ligga i framtiden."))
    note = (note or "").strip()
    if len(note) > 300:
        raise Refused(_l("Anteckningen får ha högst 300 tecken."))
    app = lock_application(app.id)
    if app.state not in PAYABLE_STATES:
        raise Refused(_l("Utbetalningar registreras bara för beviljade ansökningar."))
    left = (app.granted_amount or 0) - app.paid_total
    if amount > left:
        remaining = f"{left:,}".replace(",", " ")
        raise Refused(
            _l(
                "Utbetalningen överskrider det beviljade beloppet; högst %(left)s kr återstår.",
                left=remaining,
            )
        )
    disbursement = Disbursement(
        application_id=app.id, paid_on=paid_on, amount=amount, note=note, recorded_by_id=actor.id
    )
    db.session.add(disbursement)
    app.paid_total += amount
    db.session.flush()
    log_action(
        "application.disbursement",
        app,
        actor=actor,
        amount=amount,
        paid_on=paid_on.isoformat(),
        paid_total=app.paid_total,
    )
    return disbursement


def _store_report_file(report, upload):
    """Store one uploaded file on a final report, its type judged from its content."""
    from ..ideas import attachments as files

    display = (upload.filename or "").strip() or "bilaga"
    limit = files.max_file_bytes()
    key = secrets.token_hex(32)
    path = files.storage_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(key + ".part")
    size = 0
    try:
        with open(partial, "wb") as out:
            while chunk := upload.stream.read(files.CHUNK):
                size += len(chunk)
                if size > limit:
                    raise Refused(
                        _l(
                            "Filen ”%(name)s” är för stor. Den får vara högst %(mb)s MB.",
                            name=display,
                            mb=limit // (1024 * 1024),
                        )
                    )
                out.write(chunk)
        if size == 0:
            raise Refused(_l("Filen ”%(name)s” är tom.", name=display))
        content_type = files.sniff(partial)
        if content_type is None:
            raise Refused(
                _l(
                    "Filen ”%(name)s” är inte av en tillåten typ. %(allowed)s",
                    name=display,
                    allowed=files.ALLOWED_TEXT,
                )
            )
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    # Removed again if the transaction rolls back.
    files._remember_new_file(path)
    attachment = ReportAttachment(
        report_id=report.id,
        filename=files.clean_filename(display, content_type),
        content_type=content_type,
        size=size,
        storage_key=key,
    )
    db.session.add(attachment)
    return attachment


def submit_final_report(app, actor, *, results, effects, lessons, uploads=(), expected_state=None):
    """The team's final report (results, effects, lessons, attachments); the application moves
    to reporting and waits for an administrator's approval."""
    results, effects, lessons = ((v or "").strip() for v in (results, effects, lessons))
    if not (results and effects and lessons):
        raise Refused(_l("Beskriv resultat, effekter och lärdomar."))
    if not can_act(app, actor, "report"):
        raise Refused(_l("Bara idéns ägare och team lämnar slutrapporten."))
    # A refused file undoes the whole report, the move included.
    with db.session.begin_nested():
        return _submit_report(app, actor, results, effects, lessons, uploads, expected_state)


def _submit_report(app, actor, results, effects, lessons, uploads, expected_state):
    app = move_application(app, "report", actor, expected_state=expected_state)
    report = db.session.scalars(
        select(FinalReport).where(FinalReport.application_id == app.id)
    ).first()
    if report is None:
        report = FinalReport(application_id=app.id)
        db.session.add(report)
    report.results, report.effects, report.lessons = results, effects, lessons
    report.submitted_at = utcnow()
    report.submitted_by_id = actor.id
    report.approved_at = report.approved_by_id = None
    db.session.flush()
    for upload in uploads:
        if upload is not None and (upload.filename or "").strip():
            _store_report_file(report, upload)
    db.session.flush()
    return report


def approve_final_report(app, actor, comment="", expected_state=None):
    """An administrator approves the final report, which closes the application."""
    report = db.session.scalars(
        select(FinalReport).where(FinalReport.application_id == app.id)
    ).first()
    if report is None or report.submitted_at is None:
        raise Refused(_l("Det finns ingen slutrapport att godkänna."))
    app = move_application(app, "close", actor, comment=comment, expected_state=expected_state)
    report.approved_at = utcnow()
    report.approved_by_id = actor.id
    db.session.flush()
    return report
