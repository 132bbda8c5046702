"""Who may do what with calls and applications; used both for the 403 and to show buttons.

Actor kinds of the transition table (fund/states.py): "team" is the idea's owner or a
co-innovator; "screener" an admin or coach who is not on the team; "chair" the call's chair or an
admin, never someone recused; "admin" the fund's administrators.
"""

from .states import APPLICATION_MOVES, EDITABLE_STATES

# What the committee sees: applications that passed screening.
COMMITTEE_STATES = frozenset({"in_review", "granted", "rejected", "reporting", "closed"})
# Payments are recorded for granted applications until the final report is approved.
PAYABLE_STATES = frozenset({"granted", "reporting"})


def _recused(app, user):
    from .recusal import is_recused

    return is_recused(app, user)


def can_manage_calls(user):
    """Creating and editing calls, disbursements and approving final reports: admins."""
    return user.is_authenticated and user.is_admin


def is_committee_member(call, user):
    return user.is_authenticated and (user.id in call.committee_ids or user.id == call.chair_id)


def sees_budget(call, user):
    """The budget remaining is for the committee and admins."""
    return user.is_authenticated and (user.is_admin or user.has_role("committee"))


def is_team(app, user):
    return user.is_authenticated and app.idea.is_team(user)


def is_screener(user):
    return user.is_authenticated and user.has_role("admin", "coach")


def actor_kinds(app, user, wanted=frozenset({"team", "screener", "chair", "admin"})):
    """The actor kinds of the transition table (among `wanted`) that `user` holds for `app`.

    "chair" asks about recusal (a query), so it is only worked out when wanted.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    kinds = set()
    team = is_team(app, user)
    if team:
        kinds.add("team")
    # Nobody screens their own application.
    if is_screener(user) and not team:
        kinds.add("screener")
    if (
        "chair" in wanted
        and (user.is_admin or user.id == app.call.chair_id)
        and not _recused(app, user)
    ):
        kinds.add("chair")
    if user.is_admin:
        kinds.add("admin")
    return frozenset(kinds)


def can_act(app, user, code, check_state=False):
    """Whether `user` is one who may make move `code` on `app`.

    With `check_state`, also whether the move is possible now (source state, call open), as
    the buttons need.
    """
    move = APPLICATION_MOVES.get(code)
    if move is None or not (move.actors & actor_kinds(app, user, move.actors)):
        return False
    if check_state:
        if app.state not in move.sources:
            return False
        if move.while_open and not app.call.is_open():
            return False
    return True


def can_view_application(app, user):
    """The team, admins, screeners (not drafts) and the call's committee (once screened)."""
    if not user.is_authenticated:
        return False
    if is_team(app, user) or user.is_admin:
        return True
    if app.state == "draft":
        return False
    if is_screener(user):
        return True
    return app.state in COMMITTEE_STATES and is_committee_member(app.call, user)


def can_edit_application(app, user):
    """The team edits a draft or returned application while the call is open."""
    return is_team(app, user) and app.state in EDITABLE_STATES and app.call.is_open()


def can_apply(call, idea, user):
    """Whether `user` may start an application for `idea` in `call` now."""
    return (
        user.is_authenticated
        and call.is_open()
        and idea.is_team(user)
        and idea.state in (call.eligible_states or ())
    )


def can_screen(app, user):
    return can_act(app, user, "accept") or can_act(app, user, "return")


def can_record_disbursement(app, user):
    return can_manage_calls(user) and app.state in PAYABLE_STATES


def can_report(app, user):
    return can_act(app, user, "report", check_state=True)


def can_approve_report(app, user):
    return can_act(app, user, "close", check_state=True)
