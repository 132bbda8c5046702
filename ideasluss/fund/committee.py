"""The committee's work: reviews, recusals (jäv), the comparison table and decisions.

Every route that concerns one application answers 403 to someone recused from it, and the pages
leave out the controls they could not use: the checks are the same functions in both places.
"""

import csv
import io
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import get_decimal_symbol
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, lazyload

from ..core.errors import Refused
from ..core.permissions import get_or_404
from ..core.session import commit
from ..core.templating import link_by_id
from ..extensions import db, htmx
from .blueprint import bp
from .committee_forms import (
    SCORE_HINTS,
    DecisionForm,
    RecusalForm,
    review_form_for,
    scores_from,
)
from .decisions import (
    can_decide,
    can_view_decision,
    decide_application,
    decision_people,
    report_due_default,
)
from .models import Application, CommitteeMember, Decision, FundCall, Review
from .recusal import can_declare_recusal, declare_recusal, recusal_map, recusal_reasons
from .review import (
    can_open_committee,
    can_review,
    comparison_rows,
    parse_sort,
    review_of,
    reviews_of,
    save_review,
    sort_rows,
    weighted_total,
)

# Cells a spreadsheet would read as a formula (CSV injection) get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def one_decimal(value):
    """An average or total with one decimal, as the locale writes it; a dash when none."""
    return "–" if value is None else format_decimal(value, format="0.0")


_TENTH = Decimal("0.1")


def one_decimal_formatter():
    """`one_decimal` for the current locale, for tables with many cells: Flask-Babel's
    format_decimal looks the locale up on every call. Averages and totals are never negative,
    so the pattern "0.0" needs only the decimal sign (no grouping, no minus); the rounding is
    Babel's (half to even on the shortest decimal of the float)."""
    point = get_decimal_symbol(get_locale())
    done = {None: "–"}  # a table repeats few distinct averages

    def format_one_decimal(value):
        text = done.get(value)
        if text is None:
            if value < 0:
                text = one_decimal(value)
            else:
                rounded = Decimal(str(value)).quantize(_TENTH, ROUND_HALF_EVEN)
                text = str(rounded).replace(".", point)
            done[value] = text
        return text

    return format_one_decimal


def _render(template, **context):
    return render_template(
        template, one_decimal=one_decimal_formatter(), score_hints=SCORE_HINTS, **context
    )


def _call_or_403(call_id):
    """The call with its criteria and committee (one query; the members' users when asked)."""
    call = (
        db.session.scalars(
            select(FundCall)
            .where(FundCall.id == call_id)
            .options(
                lazyload(FundCall.chair),
                joinedload(FundCall.criteria),
                joinedload(FundCall.committee).lazyload(CommitteeMember.user),
            )
        )
        .unique()
        .first()
    )
    if call is None:
        abort(404)
    if not can_open_committee(call, current_user):
        abort(403)
    return call


@bp.get("/calls/<int:call_id>/review")
@login_required
def committee_call(call_id):
    """The call's applications in review, with my review status (committee and admins)."""
    call = _call_or_403(call_id)
    applications = db.session.scalars(
        select(Application)
        .where(Application.call_id == call.id, Application.state == "in_review")
        .order_by(Application.submitted_at, Application.id)
    ).all()
    grounds = recusal_map(applications)
    mine = set(
        db.session.scalars(
            select(Review.application_id).where(
                Review.reviewer_id == current_user.id,
                Review.application_id.in_([a.id for a in applications]),
            )
        )
    )
    is_member = current_user.id in call.committee_ids
    is_decider = current_user.is_admin or current_user.id == call.chair_id
    rows = [
        {
            "application": app,
            "recused": current_user.id in grounds[app.id],
            "ground": grounds[app.id].get(current_user.id),
            "reviewed": app.id in mine,
        }
        for app in applications
    ]
    return render_template(
        "fund/committee_call.html",
        call=call,
        rows=rows,
        is_member=is_member,
        is_decider=is_decider,
        recusal_form=RecusalForm(),
    )


def _application_or_403(application_id, allowed):
    app = get_or_404(Application, application_id)
    if not allowed(app, current_user):
        abort(403)
    return app


@bp.route("/applications/<int:application_id>/review", methods=["GET", "POST"])
@login_required
def committee_review(application_id):
    """Score each criterion 1–5 with a comment (committee members who are not recused)."""
    app = _application_or_403(application_id, can_review)
    call = app.call
    review = review_of(app, current_user)
    form = review_form_for(call, review=review)
    if form.validate_on_submit():
        try:
            save_review(app, current_user, scores_from(form, call), form.comment.data)
        except Refused as exc:
            db.session.rollback()
            form.comment.errors = [*form.comment.errors, exc.message]
        else:
            commit()
            flash(_("Din bedömning är sparad."), "success")
            return redirect(url_for("fund.committee_call", call_id=call.id))
    others = [r for r in reviews_of(app) if r.reviewer_id != current_user.id] if review else []
    return _render(
        "fund/committee_review.html",
        app=app,
        call=call,
        form=form,
        review=review,
        others=others,
        recusal_form=RecusalForm(formdata=None),
    ), (400 if form.errors else 200)


@bp.route("/applications/<int:application_id>/recuse", methods=["GET", "POST"])
@login_required
def committee_recuse(application_id):
    """Declare jäv on an application, with a reason (committee members and admins)."""
    app = _application_or_403(application_id, can_declare_recusal)
    form = RecusalForm()
    if form.validate_on_submit():
        try:
            declare_recusal(app, current_user, form.reason.data)
        except Refused as exc:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, exc.message]
        else:
            commit()
            flash(
                _(
                    "Du har anmält jäv för ansökan om ”%(title)s”. Du deltar inte i bedömningen "
                    "eller beslutet.",
                    title=app.idea.title,
                ),
                "success",
            )
            return redirect(url_for("fund.committee_call", call_id=app.call_id))
    return render_template("fund/committee_recuse.html", app=app, call=app.call, form=form), (
        400 if form.errors else 200
    )


def _columns(call, column, descending):
    """The sortable columns: name, label, numeric, link that sorts by it, aria-sort or None."""
    columns = [("title", _("Idé"), False), ("requested", _("Sökt belopp"), True)]
    columns += [
        (f"c{c.id}", _("%(name)s (vikt %(weight)s)", name=c.name, weight=c.weight), True)
        for c in call.criteria
    ]
    columns += [
        ("total", _("Viktat totalt"), True),
        ("reviews", _("Bedömningar"), True),
        ("state", _("Beslut"), False),
    ]
    result = []
    for name, label, numeric in columns:
        if name == column:
            target = name if descending else f"-{name}"
            state = "descending" if descending else "ascending"
        else:
            # Numbers read best first, names alphabetically.
            target = f"-{name}" if numeric else name
            state = None
        href = url_for("fund.committee_compare", call_id=call.id, sort=target)
        result.append(
            {"name": name, "label": label, "numeric": numeric, "href": href, "sort": state}
        )
    return result


def _table_rows(call, rows):
    """(row, link to the application, link to the decision letter, the averages as text, the
    total as text) for the HTML table: worked out here rather than cell by cell in Jinja."""
    one_decimal = one_decimal_formatter()
    application_link = link_by_id("fund.application", "app_id")
    letter_link = link_by_id("fund.committee_letter", "decision_id")
    criteria = [c.id for c in call.criteria]
    table = []
    for row in rows:
        averages = [] if row.hidden else [one_decimal(row.averages.get(c)) for c in criteria]
        letter = letter_link(row.decision.id) if row.decision else None
        total = one_decimal(row.total)
        table.append((row, application_link(row.application.id), letter, averages, total))
    return table


@bp.get("/calls/<int:call_id>/compare")
@login_required
def committee_compare(call_id):
    """Every application in review or decided: averages, weighted totals, recusals; sortable."""
    call = _call_or_403(call_id)
    column, descending = parse_sort(call, request.args.get("sort"))
    rows = sort_rows(call, comparison_rows(call, current_user), column, descending)
    columns = _columns(call, column, descending)
    context = {
        "call": call,
        "table": _table_rows(call, rows),
        "columns": columns,
        "sorted_by": next(c for c in columns if c["name"] == column),
        "descending": descending,
        "sort": ("-" if descending else "") + column,
    }
    if htmx and htmx.target == "compare-table":
        return _render("fund/_committee_compare_table.html", oob=True, **context)
    return _render("fund/committee_compare.html", **context)


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _decimal(value):
    """One decimal with a comma, as Swedish Excel reads numbers."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")


@bp.get("/calls/<int:call_id>/compare.csv")
@login_required
def committee_compare_csv(call_id):
    """The comparison table as CSV for Swedish Excel: UTF-8 with BOM, semicolons."""
    call = _call_or_403(call_id)
    column, descending = parse_sort(call, request.args.get("sort"))
    rows = sort_rows(call, comparison_rows(call, current_user), column, descending)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Ansökan"),
            _("Idé"),
            _("Sökt belopp (kr)"),
            *[_("%(name)s (vikt %(weight)s)", name=c.name, weight=c.weight) for c in call.criteria],
            _("Viktat totalt"),
            _("Antal bedömningar"),
            _("Jäviga"),
            _("Läge"),
            _("Diarienummer"),
            _("Beviljat belopp (kr)"),
        ]
    )
    for row in rows:
        app = row.application
        if row.hidden:
            scores = [_("jävig")] * (len(call.criteria) + 2)
        else:
            scores = [_decimal(row.averages.get(c.id)) for c in call.criteria]
            scores += [_decimal(row.total), row.review_count]
        recused = ", ".join(
            f"{g.user.public_name} ({', '.join(str(label) for label in g.labels)})"
            for g in row.recused
        )
        writer.writerow(
            _cell(value)
            for value in (
                app.id,
                row.title,
                app.requested_amount,
                *scores,
                recused,
                app.state_label,
                row.decision.register_number if row.decision else "",
                app.granted_amount if app.granted_amount is not None else "",
            )
        )
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="utlysning-{call.id}-jamforelse.csv"'
        },
    )


def _review_summary(app):
    """The reviews of `app` by people not recused, with per-criterion averages and the total."""
    reviews = reviews_of(app)
    averages = {}
    for criterion in app.call.criteria:
        values = [s.score for r in reviews for s in r.scores if s.criterion_id == criterion.id]
        averages[criterion.id] = sum(values) / len(values) if values else None
    return reviews, averages, weighted_total(app.call.criteria, averages)


@bp.route("/applications/<int:application_id>/decide", methods=["GET", "POST"])
@login_required
def committee_decide(application_id):
    """Grant (at most the requested amount, within the budget) or reject, with a motivation."""
    app = get_or_404(Application, application_id)
    if app.decision is not None and can_view_decision(app.decision, current_user):
        return redirect(url_for("fund.committee_letter", decision_id=app.decision.id))
    if not can_decide(app, current_user):
        abort(403)
    form = DecisionForm()
    if not form.is_submitted():
        form.amount.data = str(app.requested_amount)
        form.report_due_on.data = report_due_default()
    if form.validate_on_submit():
        granting = form.outcome.data == "grant"
        try:
            decision = decide_application(
                app,
                current_user,
                form.outcome.data,
                amount=form.amount_value if granting else None,
                motivation=form.motivation.data,
                conditions=form.conditions.data if granting else "",
                report_due_on=form.report_due_on.data if granting else None,
            )
        except Refused as exc:
            db.session.rollback()
            target = form.amount if granting else form.motivation
            target.errors = [*target.errors, exc.message]
        else:
            commit()
            flash(
                _(
                    "Beslutet är fattat med diarienummer %(number)s.",
                    number=decision.register_number,
                ),
                "success",
            )
            return redirect(url_for("fund.committee_letter", decision_id=decision.id))
    reviews, averages, total = _review_summary(app)
    return _render(
        "fund/committee_decide.html",
        app=app,
        call=app.call,
        form=form,
        reviews=reviews,
        averages=averages,
        total=total,
        recused=recusal_reasons(app),
    ), (400 if form.errors else 200)


@bp.get("/decisions/<int:decision_id>")
@login_required
def committee_letter(decision_id):
    """The printable decision letter (beslut): the applicant team, the committee, admins."""
    decision = get_or_404(Decision, decision_id)
    if not can_view_decision(decision, current_user):
        abort(403)
    participants, recused = decision_people(decision)
    return render_template(
        "fund/committee_letter.html",
        decision=decision,
        app=decision.application,
        call=decision.application.call,
        participants=participants,
        recused=recused,
    )
