"""Recusal (jäv): by rule and by declaration, enforced on every committee route and control."""

import pytest
from sqlalchemy import func, select

from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.fund.models import Application, Decision, FundCall, Recusal, Review
from ideasluss.fund.recusal import (
    declare_recusal,
    is_recused,
    recusal_reasons,
    recused_user_ids,
)
from ideasluss.fund.review import save_review
from tests.fund.committee_fixtures import RECUSAL_REASONS, review_data, scores_for


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# --- Who is recused ----------------------------------------------------------------------------


def test_recused_by_rule_and_declaration(committee, make_idea, make_user):
    owner, mate, coach = make_user(), make_user(), make_user("coach")
    idea = make_idea(owner=owner, state="prestudy", team=[mate], coach=coach)
    app = committee.in_review(idea=idea)
    assert recused_user_ids(app) == {owner.id, mate.id, coach.id}
    assert not is_recused(app, committee.second)
    declare_recusal(app, committee.second, "Jag har arbetat med sökande i ett annat projekt.")
    assert recused_user_ids(app) == {owner.id, mate.id, coach.id, committee.second.id}
    assert is_recused(app, committee.second)
    assert not is_recused(app, committee.third)


def test_applicant_is_recused_even_when_no_longer_on_the_team(committee, make_idea, make_user):
    applicant = make_user()
    app = committee.in_review(idea=make_idea(state="prestudy"), applicant_id=applicant.id)
    assert applicant.id in recused_user_ids(app)


def test_recusal_reasons_say_why(committee, make_idea, make_user):
    owner = make_user(name="Ägare Åkesson")
    coach = make_user("coach", name="Coach Carlsson")
    app = committee.in_review(idea=make_idea(owner=owner, state="prestudy", coach=coach))
    declare_recusal(app, committee.second, "Nära vän till sökande.")
    described = {g.user.display_name: g.describe() for g in recusal_reasons(app)}
    assert described == {
        "Ägare Åkesson": "ägare",
        "Coach Carlsson": "coach",
        "Ledamot Lind": "anmält jäv: Nära vän till sökande.",
    }


def test_recusal_reasons_use_public_name(committee, make_idea, make_user):
    owner = make_user("resident", name="Hemlig Person", show_name=False)
    app = committee.in_review(idea=make_idea(owner=owner, state="prestudy"))
    names = [g.user.public_name for g in recusal_reasons(app)]
    assert names == ["Anonym"]


# --- Declaring jäv -----------------------------------------------------------------------------


def test_declare_recusal_is_audited_and_removes_my_review(committee):
    app = committee.in_review()
    save_review(app, committee.second, scores_for(committee.call, [5, 5, 5]))
    declare_recusal(app, committee.second, "Min syster är med i teamet.")
    assert count(Review) == 0
    recusal = db.session.scalars(select(Recusal)).one()
    assert (recusal.user_id, recusal.reason) == (committee.second.id, "Min syster är med i teamet.")
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "application.recusal_declared")
    ).one()
    assert entry.object_id == app.id and entry.actor_id == committee.second.id
    assert entry.data["reason"] == "Min syster är med i teamet."
    assert entry.data["review_removed"] is True


def test_admin_may_declare(committee):
    app = committee.in_review()
    declare_recusal(app, committee.admin, "Jag är chef för sökande.")
    assert is_recused(app, committee.admin)


@pytest.mark.parametrize(
    "case, message",
    [
        ("empty", "Skriv skälet"),
        ("too_long", "högst 2000 tecken"),
        ("twice", "redan jävig"),
        ("owner", "redan jävig"),
        ("outsider", "Bara fondkommitténs ledamöter"),
        ("decided", "redan avgjord"),
    ],
)
def test_declare_recusal_refusals(committee, make_user, make_idea, case, message):
    app = committee.in_review()
    user, reason = committee.second, "Ett skäl."
    if case == "empty":
        reason = "   "
    elif case == "too_long":
        reason = "x" * 2001
    elif case == "twice":
        declare_recusal(app, user, "Första gången.")
    elif case == "owner":
        app = committee.in_review(idea=make_idea(owner=user, state="prestudy"))
    elif case == "outsider":
        user = make_user("committee")
    elif case == "decided":
        app.state, app.granted_amount = "granted", app.requested_amount
        db.session.flush()
    before = count(Recusal)
    with pytest.raises(Refused, match=message):
        declare_recusal(app, user, reason)
    assert count(Recusal) == before


def test_recuse_route_declares(committee, auth, client, save):
    app = committee.in_review()
    save()
    auth.login(committee.third)
    page = client.get(f"/fund/applications/{app.id}/recuse")
    assert page.status_code == 200 and 'name="reason"' in page.get_data(as_text=True)
    response = client.post(
        f"/fund/applications/{app.id}/recuse", data={"reason": "Jag har investerat i idén."}
    )
    assert response.status_code == 302
    assert db.session.scalars(select(Recusal.user_id)).all() == [committee.third.id]
    page = client.get(response.headers["Location"])
    assert "Du har anmält jäv" in page.get_data(as_text=True)


def test_recuse_route_without_reason_says_so_and_changes_nothing(committee, auth, client, save):
    app = committee.in_review()
    save()
    auth.login(committee.third)
    response = client.post(f"/fund/applications/{app.id}/recuse", data={"reason": " "})
    assert response.status_code == 400
    assert "Skriv skälet till jävet." in response.get_data(as_text=True)
    assert count(Recusal) == 0


@pytest.mark.parametrize("who", ["employee", "coach", "other_committee", "applicant"])
def test_recuse_route_only_for_committee_and_admins(committee, make_user, auth, client, save, who):
    app = committee.in_review()
    user = {
        "employee": make_user(),
        "coach": make_user("coach"),
        "other_committee": make_user("committee"),
        "applicant": app.idea.owner,
    }[who]
    save()
    auth.login(user)
    response = client.post(f"/fund/applications/{app.id}/recuse", data={"reason": "Skäl."})
    assert response.status_code == 403
    assert count(Recusal) == 0


# --- Enforcement on every committee route ------------------------------------------------------

ROUTES = [
    ("get", "review"),
    ("post", "review"),
    ("get", "decide"),
    ("post", "decide"),
    ("get", "recuse"),
    ("post", "recuse"),
]


def post_data(route, call):
    if route == "review":
        return review_data(call, [5, 5, 5])
    if route == "decide":
        return {"outcome": "grant", "amount": "100 000", "motivation": "Bra idé."}
    return {"reason": "Ännu ett skäl."}


def snapshot(app_id):
    app = db.session.get(Application, app_id)
    db.session.refresh(app)
    call = db.session.get(FundCall, app.call_id)
    db.session.refresh(call)
    return (
        app.state,
        app.granted_amount,
        call.granted_total,
        count(Review),
        count(Decision),
        count(Recusal),
        db.session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.object_id == app_id)
        ),
    )


@pytest.mark.parametrize("reason", RECUSAL_REASONS)
@pytest.mark.parametrize("method, route", ROUTES)
def test_recused_chair_gets_403_on_every_route(
    committee, recused_application, auth, client, save, reason, method, route
):
    """The chair is a committee member and the decider: every route applies to them."""
    app = recused_application(reason, committee.chair)
    save()
    app_id, call = app.id, committee.call
    before = snapshot(app_id)
    auth.login(committee.chair)
    url = f"/fund/applications/{app_id}/{route}"
    data = post_data(route, call)
    response = client.get(url) if method == "get" else client.post(url, data=data)
    assert response.status_code == 403
    assert snapshot(app_id) == before


@pytest.mark.parametrize("reason", RECUSAL_REASONS)
@pytest.mark.parametrize("method, route", [r for r in ROUTES if r[1] == "decide"])
def test_recused_admin_gets_403_on_decide(
    committee, recused_application, auth, client, save, reason, method, route
):
    app = recused_application(reason, committee.admin)
    save()
    before = snapshot(app.id)
    auth.login(committee.admin)
    url = f"/fund/applications/{app.id}/decide"
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data=post_data("decide", committee.call))
    assert response.status_code == 403
    assert snapshot(app.id) == before


@pytest.mark.parametrize("reason", RECUSAL_REASONS)
def test_operations_refuse_the_recused_too(committee, recused_application, reason):
    from ideasluss.fund.decisions import decide_application

    app = recused_application(reason, committee.chair)
    with pytest.raises(Refused, match="jävig"):
        save_review(app, committee.chair, scores_for(committee.call, [3, 3, 3]))
    with pytest.raises(Refused, match="jävig"):
        decide_application(app, committee.chair, "grant", amount=50_000, motivation="Bra.")
    assert count(Review) == 0 and count(Decision) == 0


# --- Controls absent -----------------------------------------------------------------------


@pytest.mark.parametrize("reason", RECUSAL_REASONS)
def test_controls_absent_for_the_recused(
    committee, recused_application, auth, client, save, reason
):
    app = recused_application(reason, committee.chair)
    other = committee.in_review()
    save_review(app, committee.second, scores_for(committee.call, [5, 1, 2]), "LINDS KOMMENTAR")
    save_review(other, committee.second, scores_for(committee.call, [2, 2, 2]))
    save()
    auth.login(committee.chair)
    listing = client.get(f"/fund/calls/{committee.call.id}/review").get_data(as_text=True)
    for control in ("review", "decide", "recuse"):
        assert f"/fund/applications/{app.id}/{control}" not in listing
        assert f"/fund/applications/{other.id}/{control}" in listing
    assert "Jävig" in listing

    compare = client.get(f"/fund/calls/{committee.call.id}/compare").get_data(as_text=True)
    row = compare[compare.index(f">{app.idea.title}") :]
    row = row[: row.index("</tr>")]
    assert "jävig" in row
    # Not the other members' averages (5,0 / 1,0 / 2,0) nor the count of reviews.
    for value in ("5,0", "1,0", "2,0", "2,7"):
        assert value not in row
    assert "LINDS KOMMENTAR" not in compare
    # The other application's scores remain visible.
    other_row = compare[compare.index(f">{other.idea.title}") :]
    assert "2,0" in other_row[: other_row.index("</tr>")]


def test_comparison_names_the_recused_with_reason_kind(
    committee, recused_application, auth, client, save
):
    app = recused_application("declared", committee.second)
    coached = recused_application("coach", committee.third)
    save()
    auth.login(committee.chair)
    html = client.get(f"/fund/calls/{committee.call.id}/compare").get_data(as_text=True)
    row = html[html.index(f">{app.idea.title}") :]
    row = row[: row.index("</tr>")]
    assert "Ledamot Lind" in row and "anmält jäv" in row
    assert "Min svåger söker." not in row  # the reason kind, not the personal detail
    row = html[html.index(f">{coached.idea.title}") :]
    assert "Ledamot Berg" in row[: row.index("</tr>")] and "coach" in row


def test_decide_form_absent_for_a_recused_admin_on_the_listing(
    committee, recused_application, auth, client, save
):
    app = recused_application("coach", committee.admin)
    save()
    auth.login(committee.admin)
    listing = client.get(f"/fund/calls/{committee.call.id}/review").get_data(as_text=True)
    assert f"/fund/applications/{app.id}/decide" not in listing
    assert "Jävig" in listing


# --- The call-wide reading agrees with the per-application one --------------------------------


def test_call_recusals_agree_with_recusal_map(
    committee, make_idea, make_user, make_application, save
):
    """The comparison table reads jäv for a whole call in SQL (`call_recusals`); it must find
    exactly what `recusal_map` finds from loaded applications, whatever the mix of grounds."""
    from ideasluss.fund.recusal import call_recusals, concerns_the_committee, recusal_map
    from ideasluss.fund.review import COMPARED_STATES

    outsider, mate, coach = make_user(), make_user(), make_user("coach")
    c = committee
    apps = [
        # A member owns the idea (and applied), a member is on the team, an admin coaches it.
        c.in_review(
            idea=make_idea(owner=c.second, state="prestudy", team=[c.third], coach=c.admin)
        ),
        # An outsider owns it, a member applied for it, an outsider coaches it.
        c.in_review(
            idea=make_idea(owner=outsider, state="pilot", team=[mate], coach=coach),
            applicant_id=c.chair.id,
        ),
        # The owner applied and is also on the team; nobody coaches it.
        c.in_review(idea=make_idea(owner=mate, state="prestudy", team=[mate], coach=None)),
        # Nothing but declarations, one by a member also on the team.
        c.in_review(idea=make_idea(state="prestudy", team=[c.second], coach=None)),
        # Decided applications are compared too.
        make_application(call=c.call, state="granted", idea=make_idea(owner=c.admin)),
    ]
    db.session.add_all(
        [
            Recusal(application_id=apps[0].id, user_id=c.chair.id, reason="Vän."),
            Recusal(application_id=apps[3].id, user_id=c.chair.id, reason="Kusin."),
            Recusal(application_id=apps[3].id, user_id=c.second.id, reason="På teamet."),
            Recusal(application_id=apps[1].id, user_id=outsider.id, reason="Själv."),
        ]
    )
    # Not compared: a submitted application of the call, an application of another call.
    make_application(call=c.call, state="submitted", idea=make_idea(owner=c.second))
    make_application(state="in_review", idea=make_idea(owner=c.third))
    save()

    recused, listed = call_recusals(c.call, COMPARED_STATES)
    expected = recusal_map(apps)
    assert set(recused) == {a.id for a in apps}
    for app in apps:
        grounds = expected[app.id]
        assert set(recused[app.id]) == set(grounds), app.id
        concerning = sorted(
            (g for g in grounds.values() if concerns_the_committee(c.call, g)),
            key=lambda g: (g.user.public_name.lower(), g.user.id),
        )
        assert [(g.user.id, g.kinds, g.reason) for g in listed.get(app.id, [])] == [
            (g.user.id, g.kinds, g.reason) for g in concerning
        ], app.id
    # Spot checks of the rules themselves.
    assert [(g.user.public_name, g.kinds) for g in listed[apps[0].id]] == [
        ("Admin Ahl", ["coach"]),
        ("Ledamot Berg", ["team"]),
        ("Ledamot Lind", ["owner"]),
        ("Ordförande Olsson", ["declared"]),
    ]
    assert {g.user.id: g.kinds for g in listed[apps[1].id]} == {
        c.chair.id: ["applicant"],
        outsider.id: ["owner", "declared"],
    }
    assert apps[2].id not in listed and set(recused[apps[2].id]) == {mate.id}
    assert {g.user.id: g.kinds for g in listed[apps[3].id]}[c.second.id] == ["team", "declared"]
