"""Calls, applications, screening, disbursements and final reports (/fund)."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import lazyload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..accounts.models import User, UserRole
from ..core.errors import Refused
from ..core.models import utcnow
from ..core.permissions import get_or_404, roles_required
from ..core.session import commit
from ..extensions import db, htmx
from ..ideas.models import Idea, TeamMember
from ..ideas.states import STATES
from ..ip.models import IpPrinciples
from ..ip.operations import has_acknowledged
from . import operations
from .blueprint import bp
from .decisions import can_decide, can_view_decision
from .forms import (
    ApplicationForm,
    CallForm,
    DisbursementForm,
    ReportForm,
    ScreenForm,
    StartApplicationForm,
    StateForm,
    SubmitForm,
    edit_rows,
    flat_errors,
)
from .models import (
    APPLICATION_STATES,
    APPLICATION_TYPES,
    Application,
    Decision,
    Disbursement,
    FinalReport,
    FundCall,
    ReportAttachment,
)
from .permissions import (
    can_act,
    can_apply,
    can_approve_report,
    can_edit_application,
    can_manage_calls,
    can_record_disbursement,
    can_report,
    can_screen,
    can_view_application,
    is_screener,
    is_team,
    sees_budget,
)
from .queries import GRANTED_STATES, idea_applications  # noqa: F401 (for the idea page)
from .recusal import can_declare_recusal
from .review import can_open_committee, can_review


@bp.context_processor
def _fund_helpers():
    return {
        "flat_errors": flat_errors,
        "can_act": can_act,
        "application_states": APPLICATION_STATES,
        "application_types": APPLICATION_TYPES,
    }


def _load_application(app_id):
    """The application, or 404 (also when the viewer may not see its idea); 403 when the
    viewer may see the idea but not the application."""
    app = db.session.get(Application, app_id)
    if app is None or not app.idea.can_view(current_user):
        abort(404)
    if not can_view_application(app, current_user):
        abort(403)
    return app


def _committee_users():
    """Active users holding the committee role, for choosing a call's committee."""
    return db.session.scalars(
        select(User)
        .where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == "committee")),
            User.active,
            User.deleted_at.is_(None),
        )
        .order_by(User.display_name, User.id)
    ).all()


# --- Calls ---------------------------------------------------------------------------------


@bp.get("/")
def index():
    """Open, coming and past calls; the committee and admins also see the budget remaining."""
    calls = db.session.scalars(
        select(FundCall)
        .options(lazyload(FundCall.criteria), lazyload(FundCall.committee))
        .order_by(FundCall.closes_at.desc(), FundCall.id.desc())
    ).all()
    now = utcnow()
    open_calls = sorted((c for c in calls if c.is_open(now)), key=lambda c: c.closes_at)
    coming = sorted((c for c in calls if c.opens_at > now), key=lambda c: c.opens_at)
    past = [c for c in calls if c.closes_at <= now]
    counts = {}
    if current_user.is_authenticated and (
        current_user.is_admin or current_user.has_role("committee", "coach")
    ):
        counts = dict(
            db.session.execute(
                select(Application.call_id, func.count())
                .where(Application.state != "draft")
                .group_by(Application.call_id)
            ).all()
        )
    return render_template(
        "fund/index.html",
        open_calls=open_calls,
        coming=coming,
        past=past,
        counts=counts,
        show_budget=sees_budget(None, current_user),
        can_manage=can_manage_calls(current_user),
    )


def _call_form_response(form, call=None):
    template = "fund/call_form.html"
    if htmx and request.method == "POST":
        return render_template("fund/_criteria.html", form=form)
    return render_template(template, form=form, call=call)


def _call_fields(form):
    return {
        "title": form.title.data,
        "text": form.text.data,
        "budget": form.budget.data,
        "opens_at": form.opens_at.data,
        "closes_at": form.closes_at.data,
        "application_types": form.application_types.data,
        "eligible_states": form.eligible_states.data,
        "criteria": form.criteria_rows(),
        "committee_ids": form.committee.data,
        "chair_id": form.chair.data or None,
    }


@bp.route("/calls/new", methods=["GET", "POST"])
@roles_required("admin")
def call_new():
    """Create a call (admins); criteria rows are added and removed on the same form."""
    form = CallForm()
    form.set_committee_choices(_committee_users())
    if request.method == "POST" and edit_rows(
        form.criteria, request.form, "add_criterion", "remove_criterion_"
    ):
        return _call_form_response(form)
    if form.validate_on_submit():
        try:
            call = operations.create_call(current_user, **_call_fields(form))
        except Refused as exc:
            form.form_errors.append(exc.message)
        else:
            commit()
            flash(_("Utlysningen ”%(title)s” är skapad.", title=call.title), "success")
            return redirect(url_for("fund.call", call_id=call.id))
    elif request.method == "GET":
        form.application_types.data = list(APPLICATION_TYPES)
        form.eligible_states.data = ["prestudy", "pilot"]
    return render_template("fund/call_form.html", form=form, call=None)


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@roles_required("admin")
def call_edit(call_id):
    """Change a call (admins)."""
    call = get_or_404(FundCall, call_id)
    form = CallForm()
    form.set_committee_choices(_committee_users())
    if request.method == "POST" and edit_rows(
        form.criteria, request.form, "add_criterion", "remove_criterion_"
    ):
        return _call_form_response(form, call)
    if form.validate_on_submit():
        try:
            operations.update_call(call, current_user, **_call_fields(form))
        except Refused as exc:
            form.form_errors.append(exc.message)
        else:
            commit()
            flash(_("Utlysningen är sparad."), "success")
            return redirect(url_for("fund.call", call_id=call.id))
    elif request.method == "GET":
        form.fill_from(call)
    return render_template("fund/call_form.html", form=form, call=call)


def _my_ideas_for(call, user):
    """The viewer's ideas (owner or team) that may apply to `call`, with any application
    they already have in it: [(idea, application or None)]."""
    if not user.is_authenticated or not call.eligible_states:
        return []
    ideas = db.session.scalars(
        select(Idea)
        .where(
            Idea.state.in_(call.eligible_states),
            or_(
                Idea.owner_id == user.id,
                Idea.id.in_(select(TeamMember.idea_id).where(TeamMember.user_id == user.id)),
            ),
        )
        .order_by(Idea.title)
    ).all()
    if not ideas:
        return []
    existing = {
        a.idea_id: a
        for a in db.session.scalars(
            select(Application).where(
                Application.call_id == call.id,
                Application.idea_id.in_([i.id for i in ideas]),
                Application.state != "withdrawn",
            )
        )
    }
    return [(idea, existing.get(idea.id)) for idea in ideas]


@bp.get("/calls/<int:call_id>")
def call(call_id):
    """A call: text, dates, budget, criteria; "Ansök" for the viewer's eligible ideas."""
    call = get_or_404(FundCall, call_id)
    granted = [
        a
        for a in db.session.scalars(
            select(Application)
            .where(Application.call_id == call.id, Application.state.in_(GRANTED_STATES))
            .options(selectinload(Application.decision))
            .order_by(Application.id)
        )
        if a.idea.can_view(current_user)
    ]
    return render_template(
        "fund/call.html",
        call=call,
        mine=_my_ideas_for(call, current_user),
        granted=granted,
        show_budget=sees_budget(call, current_user),
        can_manage=can_manage_calls(current_user),
        committee_pages=can_open_committee(call, current_user),
        call_states=[STATES.get(s, s) for s in call.eligible_states or ()],
        is_open=call.is_open(),
        now=utcnow(),
    )


@bp.route("/calls/<int:call_id>/apply", methods=["GET", "POST"])
@login_required
def apply(call_id):
    """Start a draft application for one of the viewer's ideas (?idea=<id>)."""
    call = get_or_404(FundCall, call_id)
    idea_id = request.args.get("idea", type=int)
    idea = db.session.get(Idea, idea_id) if idea_id else None
    if idea is None or not idea.can_view(current_user):
        abort(404)
    if not idea.is_team(current_user):
        abort(403)
    form = StartApplicationForm()
    form.type.choices = [(t, APPLICATION_TYPES[t]) for t in call.application_types or ()]
    existing = operations.active_application(call, idea)
    if existing is not None:
        flash(_("Idén har redan en ansökan i den här utlysningen."), "info")
        return redirect(url_for("fund.application", app_id=existing.id))
    if not can_apply(call, idea, current_user):
        flash(
            _("Utlysningen är stängd.")
            if not call.is_open()
            else _("Idén är inte i ett skede som utlysningen gäller."),
            "error",
        )
        return redirect(url_for("fund.call", call_id=call.id))
    if form.validate_on_submit():
        try:
            app = operations.create_application(call, idea, current_user, type=form.type.data)
        except Refused as exc:
            form.form_errors.append(exc.message)
        else:
            commit()
            flash(_("Ett utkast är skapat. Fyll i ansökan och skicka in den."), "success")
            return redirect(url_for("fund.application_edit", app_id=app.id))
    elif request.method == "GET" and len(form.type.choices) == 1:
        form.type.data = form.type.choices[0][0]
    return render_template("fund/apply.html", call=call, idea=idea, form=form)


# --- Applications --------------------------------------------------------------------------


@bp.get("/mine")
@login_required
def mine():
    """The applications of the ideas I own or am on the team of."""
    apps = db.session.scalars(
        select(Application)
        .join(Application.idea)
        .where(
            or_(
                Idea.owner_id == current_user.id,
                Idea.id.in_(
                    select(TeamMember.idea_id).where(TeamMember.user_id == current_user.id)
                ),
            )
        )
        .options(selectinload(Application.decision))
        .order_by(Application.created_at.desc(), Application.id.desc())
    ).all()
    return render_template("fund/mine.html", apps=apps)


@bp.get("/applications/<int:app_id>")
@login_required
def application(app_id):
    """The application page, for those allowed to see it."""
    app = _load_application(app_id)
    principles = IpPrinciples.in_force()
    needs_ack = principles is not None and not has_acknowledged(current_user, principles)
    report = db.session.scalars(
        select(FinalReport).where(FinalReport.application_id == app.id)
    ).first()
    attachments = (
        db.session.scalars(
            select(ReportAttachment)
            .where(ReportAttachment.report_id == report.id)
            .order_by(ReportAttachment.id)
        ).all()
        if report
        else []
    )
    disbursements = db.session.scalars(
        select(Disbursement)
        .where(Disbursement.application_id == app.id)
        .order_by(Disbursement.paid_on, Disbursement.id)
    ).all()
    decision = db.session.scalars(
        select(Decision).where(Decision.application_id == app.id)
    ).first()
    submit_form = SubmitForm(expected_state=app.state)
    state_form = StateForm(expected_state=app.state)
    committee_links = []
    if can_review(app, current_user):
        url = url_for("fund.committee_review", application_id=app.id)
        committee_links.append((url, _("Bedöm ansökan")))
    if can_decide(app, current_user):
        url = url_for("fund.committee_decide", application_id=app.id)
        committee_links.append((url, _("Fatta beslut")))
    if can_declare_recusal(app, current_user):
        url = url_for("fund.committee_recuse", application_id=app.id)
        committee_links.append((url, _("Anmäl jäv")))
    return render_template(
        "fund/application.html",
        app=app,
        call=app.call,
        idea=app.idea,
        principles=principles,
        needs_ack=needs_ack,
        report=report,
        attachments=attachments,
        disbursements=disbursements,
        decision=decision,
        can_see_letter=decision is not None and can_view_decision(decision, current_user),
        committee_links=committee_links,
        submit_form=submit_form,
        state_form=state_form,
        is_team=is_team(app, current_user),
        can_edit=can_edit_application(app, current_user),
        can_submit=can_act(app, current_user, "submit", check_state=True),
        can_withdraw=can_act(app, current_user, "withdraw", check_state=True),
        can_screen=can_screen(app, current_user) and app.state == "submitted",
        can_pay=can_record_disbursement(app, current_user),
        can_report=can_report(app, current_user),
        can_approve=can_approve_report(app, current_user),
        problems=operations.submission_problems(app) if app.state in ("draft", "returned") else [],
    )


def _edit_page(form, app, error=None):
    return render_template(
        "fund/application_form.html", form=form, app=app, call=app.call, error=error
    )


@bp.route("/applications/<int:app_id>/edit", methods=["GET", "POST"])
@login_required
def application_edit(app_id):
    """Edit a draft or returned application (the team, while the call is open)."""
    app = _load_application(app_id)
    if not can_edit_application(app, current_user):
        abort(403)
    form = ApplicationForm()
    form.set_type_choices(app.call)
    if request.method == "GET":
        form.fill_from(app)
        return _edit_page(form, app)
    if edit_rows(form.budget_lines, request.form, "add_line", "remove_line_"):
        # Without JavaScript the row buttons post the whole form: show it again, unsaved.
        return _edit_page(form, app)
    if not form.validate():
        return _edit_page(form, app)
    try:
        operations.update_application(app, current_user, **form.fields())
    except Refused as exc:
        return _edit_page(form, app, error=exc.message)
    except StaleDataError:
        db.session.rollback()
        return _edit_page(form, app, error=str(operations.STALE))
    commit()
    if "save_and_submit" in request.form:
        return redirect(url_for("fund.application", app_id=app.id, _anchor="submit"))
    flash(_("Ansökan är sparad."), "success")
    return redirect(url_for("fund.application", app_id=app.id))


@bp.post("/applications/<int:app_id>/budget-lines")
@login_required
def budget_lines(app_id):
    """Add or remove a budget line row; htmx gets the rows back, others the whole form."""
    app = _load_application(app_id)
    if not can_edit_application(app, current_user):
        abort(403)
    form = ApplicationForm()
    form.set_type_choices(app.call)
    edit_rows(form.budget_lines, request.form, "add_line", "remove_line_")
    if htmx:
        return render_template("fund/_budget_lines.html", form=form, app=app)
    return _edit_page(form, app)


def _move_view(app_id, action, success, check=None):
    """Run one move from a button on the application page; refusals are flashed."""
    app = _load_application(app_id)
    if check is not None and not check(app):
        abort(403)
    form = StateForm()
    if not form.validate_on_submit():
        flash(_("Formuläret har gått ut. Ladda om sidan och försök igen."), "error")
        return redirect(url_for("fund.application", app_id=app.id))
    try:
        action(app, form)
    except Refused as exc:
        flash(exc.message, "error")
    else:
        commit()
        flash(success, "success")
    return redirect(url_for("fund.application", app_id=app.id))


@bp.post("/applications/<int:app_id>/submit")
@login_required
def application_submit(app_id):
    """Submit (or resubmit) the application, acknowledging the IP principles in force."""
    app = _load_application(app_id)
    if not is_team(app, current_user):
        abort(403)
    form = SubmitForm()
    if not form.validate_on_submit():
        flash(_("Formuläret har gått ut. Ladda om sidan och försök igen."), "error")
        return redirect(url_for("fund.application", app_id=app.id))
    try:
        operations.submit_application(
            app,
            current_user,
            acknowledged=form.acknowledged.data,
            expected_state=form.expected_state.data or None,
        )
    except Refused as exc:
        flash(exc.message, "error")
        return redirect(url_for("fund.application", app_id=app.id, _anchor="submit"))
    commit()
    flash(_("Ansökan är inskickad. Den förgranskas innan kommittén bedömer den."), "success")
    return redirect(url_for("fund.application", app_id=app.id))


@bp.post("/applications/<int:app_id>/withdraw")
@login_required
def application_withdraw(app_id):
    """The team withdraws the application, until the decision."""
    return _move_view(
        app_id,
        lambda app, form: operations.withdraw_application(
            app, current_user, expected_state=form.expected_state.data or None
        ),
        _("Ansökan är återtagen."),
        check=lambda app: is_team(app, current_user),
    )


# --- Screening -----------------------------------------------------------------------------


@bp.get("/screening")
@roles_required("admin", "coach")
def screening():
    """The screening queue: submitted applications per call, oldest first."""
    apps = db.session.scalars(
        select(Application)
        .where(Application.state.in_(("submitted", "returned")))
        .options(lazyload(Application.budget_lines))
        .order_by(Application.call_id, Application.submitted_at, Application.id)
    ).all()
    calls = {}
    for app in apps:
        entry = calls.setdefault(app.call_id, {"call": app.call, "waiting": [], "returned": []})
        entry["waiting" if app.state == "submitted" else "returned"].append(app)
    groups = sorted(calls.values(), key=lambda e: (e["call"].closes_at, e["call"].id))
    return render_template("fund/screening.html", groups=groups, today=date.today(), now=utcnow())


@bp.route("/applications/<int:app_id>/screen", methods=["GET", "POST"])
@login_required
def screen(app_id):
    """Screen one application: accept it into review, or return it with a comment."""
    app = _load_application(app_id)
    if not is_screener(current_user):
        abort(403)
    if not can_screen(app, current_user):
        abort(403)
    form = ScreenForm()
    error = None
    if form.validate_on_submit():
        try:
            operations.screen_application(
                app,
                current_user,
                form.decision.data,
                comment=form.comment.data,
                expected_state=form.expected_state.data or None,
            )
        except Refused as exc:
            error = exc.message
        else:
            commit()
            if form.decision.data == "accept":
                flash(_("Ansökan är godkänd i förgranskningen och går till kommittén."), "success")
            else:
                flash(_("Ansökan är återsänd till sökande för komplettering."), "success")
            return redirect(url_for("fund.screening"))
    elif request.method == "GET":
        form.expected_state.data = app.state
    return render_template(
        "fund/screen.html",
        app=app,
        call=app.call,
        form=form,
        error=error,
        problems=operations.submission_problems(app),
    )


# --- After a grant -------------------------------------------------------------------------


@bp.route("/applications/<int:app_id>/disbursements", methods=["GET", "POST"])
@login_required
def disbursements(app_id):
    """The payments of a granted application; admins record new ones."""
    app = _load_application(app_id)
    can_pay = can_record_disbursement(app, current_user)
    form = DisbursementForm()
    error = None
    if request.method == "POST":
        if not can_pay:
            abort(403)
        if form.validate_on_submit():
            try:
                operations.record_disbursement(
                    app,
                    current_user,
                    paid_on=form.paid_on.data,
                    amount=form.amount.data,
                    note=form.note.data,
                )
            except Refused as exc:
                error = exc.message
            else:
                commit()
                flash(_("Utbetalningen är registrerad."), "success")
                return redirect(url_for("fund.disbursements", app_id=app.id))
    elif not form.paid_on.data:
        form.paid_on.data = date.today()
    rows = db.session.scalars(
        select(Disbursement)
        .where(Disbursement.application_id == app.id)
        .order_by(Disbursement.paid_on, Disbursement.id)
    ).all()
    return render_template(
        "fund/disbursements.html",
        app=app,
        call=app.call,
        form=form,
        rows=rows,
        can_pay=can_pay,
        error=error,
    )


@bp.route("/applications/<int:app_id>/report", methods=["GET", "POST"])
@login_required
def report(app_id):
    """The final report: the team writes it once granted; everyone allowed reads it."""
    app = _load_application(app_id)
    existing = db.session.scalars(
        select(FinalReport).where(FinalReport.application_id == app.id)
    ).first()
    may_write = can_report(app, current_user)
    form = ReportForm()
    error = None
    if request.method == "POST":
        if not may_write:
            abort(403)
        if form.validate_on_submit():
            uploads = request.files.getlist(form.attachments.name)
            try:
                operations.submit_final_report(
                    app,
                    current_user,
                    results=form.results.data,
                    effects=form.effects.data,
                    lessons=form.lessons.data,
                    uploads=uploads,
                    expected_state=form.expected_state.data or None,
                )
            except Refused as exc:
                error = exc.message
            else:
                commit()
                flash(_("Slutrapporten är inlämnad. Fondens handläggare granskar den."), "success")
                return redirect(url_for("fund.application", app_id=app.id))
    elif may_write:
        form.expected_state.data = app.state
    elif existing is None or existing.submitted_at is None:
        abort(404)
    attachments = (
        db.session.scalars(
            select(ReportAttachment)
            .where(ReportAttachment.report_id == existing.id)
            .order_by(ReportAttachment.id)
        ).all()
        if existing
        else []
    )
    return render_template(
        "fund/report.html",
        app=app,
        call=app.call,
        form=form,
        report=existing if not may_write else None,
        attachments=attachments,
        may_write=may_write,
        can_approve=can_approve_report(app, current_user),
        approve_form=StateForm(expected_state=app.state),
        error=error,
    )


@bp.post("/applications/<int:app_id>/report/approve")
@login_required
def report_approve(app_id):
    """An administrator approves the final report, which closes the application."""
    return _move_view(
        app_id,
        lambda app, form: operations.approve_final_report(
            app, current_user, expected_state=form.expected_state.data or None
        ),
        _("Slutrapporten är godkänd och ansökan avslutad."),
        check=lambda app: can_manage_calls(current_user),
    )


@bp.get("/applications/<int:app_id>/report/attachments/<int:attachment_id>")
@login_required
def report_attachment(app_id, attachment_id):
    """Download a final report's attachment, for those who may see the application."""
    from ..ideas.attachments import storage_path

    app = _load_application(app_id)
    attachment = db.session.get(ReportAttachment, attachment_id)
    report = db.session.get(FinalReport, attachment.report_id) if attachment else None
    if report is None or report.application_id != app.id:
        abort(404)
    path = storage_path(attachment.storage_key)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/reports/overdue")
@roles_required("admin")
def overdue_reports():
    """Granted applications whose final report is past due and not yet submitted."""
    apps = db.session.scalars(
        select(Application)
        .where(
            Application.state == "granted",
            Application.report_due_on.is_not(None),
            Application.report_due_on < date.today(),
        )
        .options(lazyload(Application.budget_lines))
        .order_by(Application.report_due_on, Application.id)
    ).all()
    return render_template("fund/overdue.html", apps=apps, today=date.today())
