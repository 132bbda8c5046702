"""Finding, submitting and editing ideas, similar-idea suggestions and attachments."""

from datetime import date

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from ..accounts.models import Unit
from ..core.errors import Refused
from ..core.permissions import get_or_404
from ..core.session import commit
from ..extensions import db, htmx
from ..ip.models import IpPrinciples
from ..ip.operations import has_acknowledged
from . import attachments as files
from .blueprint import bp
from .cards import IdeaText
from .forms import IdeaForm
from .models import THEMES, VALUE_KINDS, Attachment, Challenge, Idea
from .operations import create_idea, submit_idea, update_idea
from .queries import (
    MAX_PAGE,
    SORTS,
    STATE_FILTERS,
    Filters,
    PageNotFound,
    list_page,
    my_ideas,
    similar_ideas,
)
from .states import STATES

STALE = _l(
    "Någon annan har ändrat idén medan du redigerade. Ladda om sidan och gör om "
    "dina ändringar; inget har sparats."
)
SIMILAR_MIN_CHARS = 3


# Finding ideas


def _filter_choices():
    """What the filter form offers: units and challenges (one query each, read as plain rows
    through the session's connection: no ORM objects for 100 units on every list page)."""
    connection = db.session.connection()
    units = connection.execute(select(Unit.id, Unit.name).order_by(Unit.name)).all()
    challenges = connection.execute(
        select(Challenge.id, Challenge.title).order_by(
            Challenge.closes_on.desc(), Challenge.id.desc()
        )
    ).all()
    return {
        "units": units,
        "challenges": challenges,
        # Labelled from idea_text, which the cards share.
        "state_codes": STATE_FILTERS,
        "theme_codes": list(THEMES),
        "value_choices": list(VALUE_KINDS.items()),
        "sort_choices": list(SORTS.items()),
    }


@bp.app_context_processor
def _idea_text():
    """What idea cards write, for every page that includes `ideas/_card.html` (and the idea
    list's filter form, which shares the state and theme labels)."""
    return {"idea_text": IdeaText()}


def _status_text(page, filters):
    if not page.ideas:
        return _("Inga idéer hittades.")
    count = len(page.ideas)
    if filters.q:
        return ngettext(
            "%(num)d idé matchar ”%(q)s” på den här sidan.",
            "%(num)d idéer matchar ”%(q)s” på den här sidan.",
            count,
            q=filters.q,
        )
    return ngettext("%(num)d idé visas.", "%(num)d idéer visas.", count)


@bp.get("/")
def index():
    """The ideas the viewer may see, filtered, sorted and searched; the list alone for htmx."""
    filters = Filters.from_args(request.args)
    page_number = None
    if "page" in request.args:
        raw = request.args["page"]
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
            abort(404)
        page_number = int(raw)
    try:
        page = list_page(
            current_user,
            filters,
            after=request.args.get("after"),
            before=request.args.get("before"),
            page=page_number,
        )
    except PageNotFound:
        abort(404)
    context = {
        "page": page,
        "filters": filters,
        "link_args": filters.args(),
        "status_text": _status_text(page, filters),
    }
    if htmx and not htmx.history_restore_request:
        rendered = render_template("ideas/_list.html", fragment=True, **context)
    else:
        rendered = render_template("ideas/list.html", **context, **_filter_choices())
    response = make_response(rendered)
    # The page and the fragment share a URL: caches must tell them apart.
    response.vary.add("HX-Request")
    return response


@bp.get("/mine")
@login_required
def mine():
    """My ideas and drafts, in every state."""
    return render_template("ideas/mine.html", ideas=my_ideas(current_user), states=STATES)


@bp.get("/similar")
def similar():
    """Up to five ideas like the title and problem being typed (an htmx fragment)."""
    title = (request.args.get("title") or "")[:300]
    problem = (request.args.get("problem") or "")[:1000]
    text = f"{title} {problem}".strip()
    exclude = request.args.get("exclude", type=int)
    ideas = []
    if len(text) >= SIMILAR_MIN_CHARS:
        ideas = similar_ideas(current_user, title, problem, exclude=exclude)
    return render_template("ideas/_similar.html", ideas=ideas, searched=bool(text))


# Submitting and editing


def _may_submit(user):
    return user.is_authenticated and (user.is_staff or user.has_role("resident"))


def _open_challenges(current=None):
    today = date.today()
    clause = (Challenge.opens_on <= today) & (Challenge.closes_on >= today)
    if current is not None:
        # An idea answering a challenge that has closed keeps it while being edited.
        clause = or_(clause, Challenge.id == current)
    return db.session.scalars(select(Challenge).where(clause).order_by(Challenge.title)).all()


def _make_form(idea=None, data=None):
    units = (
        db.session.scalars(select(Unit).order_by(Unit.name)).all() if current_user.is_staff else ()
    )
    challenges = _open_challenges(idea.challenge_id if idea else None)
    kwargs = {"data": data} if data is not None and request.method == "GET" else {}
    return IdeaForm(user=current_user, units=units, challenges=challenges, **kwargs)


def _fields(form):
    """The idea's own columns from a validated form."""
    fields = {
        "title": form.title.data.strip(),
        "problem": (form.problem.data or "").strip(),
        "proposal": (form.proposal.data or "").strip(),
        "value": (form.value.data or "").strip(),
        "visibility": form.visibility.data,
    }
    if form.is_staff_form:
        fields["unit_id"] = form.unit_id.data
    return fields


def _challenge(form):
    challenge_id = form.challenge_id.data
    return db.session.get(Challenge, challenge_id) if challenge_id and challenge_id > 0 else None


def _ip_context():
    principles = IpPrinciples.in_force()
    acknowledged = principles is None or has_acknowledged(current_user, principles)
    return {"principles": principles, "ip_acknowledged": acknowledged}


def _render_form(form, idea=None, refusal=None, status=200):
    context = {
        "form": form,
        "idea": idea,
        "refusal": refusal,
        "attachments": files.attachments_for(idea) if idea is not None else [],
        "offers_submit": idea is None or idea.state == "draft",
        **_ip_context(),
    }
    return render_template("ideas/form.html", **context), status


def _is_number(value):
    return bool(value) and value.isascii() and value.isdigit() and len(value) < 12


def _action():
    return "submit" if request.form.get("action") == "submit" else "save"


def _saved_message(idea, action):
    if action == "submit":
        return _("Tack! Idén är inskickad och en innovationscoach tittar på den.")
    if idea.state == "draft":
        return _("Utkastet är sparat. Bara du och ditt team kan se det.")
    return _("Ändringarna är sparade.")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Write a new idea: save it as a draft or submit it at once."""
    if not _may_submit(current_user):
        abort(403)
    data = {"unit_id": current_user.unit_id, "visibility": "public"}
    preset = request.args.get("challenge", type=int)
    if preset:
        data["challenge_id"] = preset
    form = _make_form(data=data)
    if not form.validate_on_submit():
        return _render_form(form)
    action = _action()
    try:
        idea = create_idea(
            current_user,
            themes=form.themes.data,
            value_kinds=form.value_kinds.data,
            team=form.team_users,
            challenge=_challenge(form),
            **_fields(form),
        )
        files.add_attachments(idea, current_user, form.attachments.data)
        if action == "submit":
            submit_idea(idea, current_user, acknowledged_ip=form.ip_ack.data)
    except Refused as exc:
        db.session.rollback()
        return _render_form(form, refusal=exc.message)
    commit()
    flash(_saved_message(idea, action), "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id))


def _load_for_edit(idea_id):
    idea = get_or_404(Idea, idea_id)
    if not idea.can_view(current_user):
        abort(404)
    if not idea.can_edit(current_user):
        abort(403)
    return idea


@bp.route("/<int:idea_id>/edit", methods=["GET", "POST"])
@login_required
def edit(idea_id):
    """Edit an idea (the team); refused without overwriting when someone saved meanwhile."""
    idea = _load_for_edit(idea_id)
    data = {
        "title": idea.title,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "value": idea.value,
        "value_kinds": idea.value_kinds,
        "themes": idea.themes,
        "unit_id": idea.unit_id,
        "visibility": idea.visibility,
        "challenge_id": idea.challenge_id or 0,
        "team": "\n".join(m.user.email or "" for m in idea.team),
        "version": idea.version,
    }
    form = _make_form(idea, data=data)
    if not form.validate_on_submit():
        return _render_form(form, idea)
    if not _is_number(form.version.data):
        return _render_form(form, idea, refusal=str(STALE))
    action = _action() if idea.state == "draft" else "save"
    try:
        update_idea(
            idea,
            current_user,
            version=int(form.version.data),
            themes=form.themes.data,
            value_kinds=form.value_kinds.data,
            team=form.team_users if form.is_staff_form else None,
            challenge=_challenge(form),
            **_fields(form),
        )
        files.add_attachments(idea, current_user, form.attachments.data)
        if action == "submit":
            submit_idea(idea, current_user, acknowledged_ip=form.ip_ack.data)
    except Refused as exc:
        db.session.rollback()
        return _render_form(form, idea, refusal=exc.message)
    except StaleDataError:
        # Someone saved between our read and our write: the version column caught it.
        db.session.rollback()
        return _render_form(form, idea, refusal=str(STALE))
    commit()
    flash(_saved_message(idea, action), "success")
    return redirect(url_for("ideas.detail", idea_id=idea.id))


# Attachments


def _load_attachment(idea_id, attachment_id):
    """The idea and its attachment, or 404 (also when the idea may not be seen)."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or not idea.can_view(current_user):
        abort(404)
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.idea_id != idea.id:
        abort(404)
    return idea, attachment


@bp.get("/<int:idea_id>/attachments/<int:attachment_id>")
def attachment(idea_id, attachment_id):
    """Download an attachment, for those who may see the idea; never shown inline."""
    _idea, attachment = _load_attachment(idea_id, attachment_id)
    path = files.storage_path(attachment.storage_key)
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


@bp.post("/<int:idea_id>/attachments/<int:attachment_id>/delete")
@login_required
def delete_attachment(idea_id, attachment_id):
    """Remove an attachment (the idea's team)."""
    idea, attachment = _load_attachment(idea_id, attachment_id)
    if not idea.is_team(current_user):
        abort(403)
    name = attachment.filename
    try:
        files.delete_attachment(attachment, idea, current_user)
    except Refused as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        commit()
        flash(_("Bilagan ”%(name)s” är borttagen.", name=name), "success")
    if idea.can_edit(current_user):
        return redirect(url_for("ideas.edit", idea_id=idea.id))
    return redirect(url_for("ideas.detail", idea_id=idea.id))
