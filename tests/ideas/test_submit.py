"""Writing, saving, submitting and editing ideas through HTTP; "Mina idéer"."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.extensions import db
from ideasluss.ideas.models import Challenge, GateDecision, Idea
from ideasluss.ip.models import IpAcknowledgement

NEED_ACK = "Du behöver bekräfta att du har läst principerna för immateriella rättigheter."
STALE = "Någon annan har ändrat idén medan du redigerade."
RESIDENTS_PUBLIC = "Idéer från invånare är alltid offentliga."
TODAY = date.today()


def html(response):
    return response.get_data(as_text=True)


def form(**changes):
    data = {
        "title": "Lånecyklar vid äldreboenden",
        "problem": "Äldre på boenden kommer sällan ut; personalen hinner inte följa med.",
        "proposal": "Trehjulingar med eldrift som volontärer kan låna för utflykter.",
        "value": "Mindre ensamhet och bättre hälsa.",
        "value_kinds": ["social"],
        "themes": ["omsorg", "mobilitet"],
        "visibility": "public",
        "challenge_id": "0",
        "action": "draft",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def idea_count():
    return db.session.scalar(select(func.count()).select_from(Idea))


def acknowledgements(user):
    return db.session.scalars(
        select(IpAcknowledgement)
        .where(IpAcknowledgement.user_id == user.id)
        .order_by(IpAcknowledgement.id)
    ).all()


def created_id(response):
    assert response.status_code == 302, html(response)
    return int(re.search(r"/ideas/(\d+)$", response.headers["Location"]).group(1))


def fresh(idea_id):
    db.session.expire_all()
    return db.session.get(Idea, idea_id)


def ack_checkbox(response):
    return 'name="ip_ack"' in html(response)


def edit_form(idea, **changes):
    """The edit form as the page renders it for `idea`, with `changes`."""
    current = {
        "title": idea.title,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "value": idea.value,
        "value_kinds": idea.value_kinds,
        "themes": idea.themes,
        "visibility": idea.visibility,
        "unit_id": str(idea.unit_id) if idea.unit_id else None,
        "version": str(idea.version),
        "action": "save",
    }
    return form(**{**current, **changes})


@pytest.fixture
def make_open_challenge(make_unit, make_user):
    def make(opens_in=-5, closes_in=5, title="Fler ut i naturen"):
        challenge = Challenge(
            title=title,
            description="Hur får vi fler äldre ut?",
            unit=make_unit(),
            opens_on=TODAY + timedelta(days=opens_in),
            closes_on=TODAY + timedelta(days=closes_in),
            created_by_id=make_user("admin").id,
        )
        db.session.add(challenge)
        db.session.flush()
        return challenge

    return make


# The journey: draft, then submit with the IP acknowledgement


def test_a_draft_is_saved_then_submitted_with_the_ip_acknowledgement(
    client, auth, make_user, make_principles, save
):
    employee = make_user("employee")
    principles = make_principles()
    save()
    auth.login(employee)

    page = client.get("/ideas/new")
    assert page.status_code == 200
    assert "Spara utkast" in html(page) and "Skicka in" in html(page)
    assert ack_checkbox(page)
    assert principles.summary in html(page)
    assert 'href="/ip/"' in html(page)

    idea_id = created_id(client.post("/ideas/new", data=form()))
    idea = fresh(idea_id)
    assert idea.state == "draft"
    assert idea.owner_id == employee.id
    assert idea.unit_id == employee.unit_id
    assert set(idea.themes) == {"omsorg", "mobilitet"} and idea.value_kinds == ["social"]
    assert acknowledgements(employee) == []

    # Submitting without ticking the box is refused, and the draft stays a draft.
    data = edit_form(idea, action="submit")
    refused = client.post(f"/ideas/{idea_id}/edit", data={**data, "title": "Ny rubrik"})
    assert refused.status_code == 200
    assert NEED_ACK in html(refused)
    assert 'value="Ny rubrik"' in html(refused)
    idea = fresh(idea_id)
    assert idea.state == "draft" and idea.title == "Lånecyklar vid äldreboenden"
    assert acknowledgements(employee) == []

    submitted = client.post(f"/ideas/{idea_id}/edit", data={**data, "ip_ack": "y"})
    assert created_id(submitted) == idea_id
    idea = fresh(idea_id)
    assert idea.state == "submitted" and idea.submitted_at is not None
    [ack] = acknowledgements(employee)
    assert (ack.context, ack.object_id, ack.principles_id) == ("idea", idea_id, principles.id)
    [decision] = db.session.scalars(select(GateDecision).where(GateDecision.idea_id == idea_id))
    assert (decision.from_state, decision.to_state) == ("draft", "submitted")


def test_submitting_at_once_from_the_new_form(client, auth, make_user, make_principles, save):
    resident = make_user("resident")
    make_principles()
    save()
    auth.login(resident)
    idea_id = created_id(client.post("/ideas/new", data=form(action="submit", ip_ack="y")))
    idea = fresh(idea_id)
    assert (idea.state, idea.visibility, idea.unit_id) == ("submitted", "public", None)
    assert [a.object_id for a in acknowledgements(resident)] == [idea_id]


def test_submitting_without_the_acknowledgement_changes_nothing(
    client, auth, make_user, make_principles, save
):
    make_principles()
    save()
    auth.login(make_user("employee"))
    before = idea_count()
    response = client.post("/ideas/new", data=form(action="submit", title="Min egen rubrik"))
    assert response.status_code == 200
    assert NEED_ACK in html(response)
    assert 'value="Min egen rubrik"' in html(response)
    assert "Trehjulingar med eldrift" in html(response)
    assert idea_count() == before


def test_an_acknowledged_version_is_not_asked_again_but_a_new_version_is(
    client, auth, make_user, make_principles, save
):
    employee = make_user("employee")
    first = make_principles()
    save()
    auth.login(employee)
    created_id(client.post("/ideas/new", data=form(action="submit", ip_ack="y")))

    page = client.get("/ideas/new")
    assert not ack_checkbox(page)
    assert f"version {first.version}" in html(page)
    second_idea = created_id(client.post("/ideas/new", data=form(action="submit")))
    assert fresh(second_idea).state == "submitted"

    second = make_principles()
    save()
    assert ack_checkbox(client.get("/ideas/new"))
    refused = client.post("/ideas/new", data=form(action="submit"))
    assert NEED_ACK in html(refused)
    third_idea = created_id(client.post("/ideas/new", data=form(action="submit", ip_ack="y")))

    acks = acknowledgements(employee)
    assert [(a.principles_id, a.context, a.object_id) for a in acks] == [
        (first.id, "idea", acks[0].object_id),
        (first.id, "idea", second_idea),
        (second.id, "idea", third_idea),
    ]


def test_without_principles_in_force_there_is_nothing_to_acknowledge(
    client, auth, make_user, make_principles, save
):
    make_principles(effective_from=TODAY + timedelta(days=30))  # not yet in force
    save()
    auth.login(make_user("resident"))
    assert not ack_checkbox(client.get("/ideas/new"))
    idea_id = created_id(client.post("/ideas/new", data=form(action="submit")))
    assert fresh(idea_id).state == "submitted"


def test_submitting_needs_a_problem_and_a_proposal(client, auth, make_user, save):
    auth.login(make_user("employee"))
    before = idea_count()
    response = client.post("/ideas/new", data=form(action="submit", proposal=""))
    assert "Fyll i förslag innan du skickar in idén." in html(response)
    assert idea_count() == before
    # A draft may be incomplete.
    assert fresh(created_id(client.post("/ideas/new", data=form(proposal="")))).proposal == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Skriv en rubrik."),
        ({"title": "x" * 161}, "Rubriken får vara högst 160 tecken."),
        ({"themes": ["klimat", "påhittat"]}, "Välj bland alternativen."),
        ({"value_kinds": ["magic"]}, "Välj bland alternativen."),
        ({"visibility": "secret"}, "Välj bland alternativen."),
        ({"challenge_id": "abc"}, "Välj bland alternativen."),
        ({"unit_id": "999999"}, "Välj bland alternativen."),
    ],
)
def test_bad_input_gets_a_swedish_message_and_saves_nothing(
    client, auth, make_user, save, changes, message
):
    employee = make_user("employee")
    save()
    auth.login(employee)
    before = idea_count()
    response = client.post("/ideas/new", data=form(**{"unit_id": str(employee.unit_id), **changes}))
    assert response.status_code == 200
    assert 'class="error-summary"' in html(response)
    assert message in html(response)
    assert idea_count() == before


# Who may write what


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/ideas/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/ideas/new", data=form()).status_code == 302


def test_residents_are_not_offered_internal_unit_or_team(client, auth, make_user, save):
    auth.login(make_user("resident"))
    page = html(client.get("/ideas/new"))
    assert 'name="visibility"' not in page
    assert 'name="unit_id"' not in page
    assert 'name="team"' not in page


def test_residents_cannot_make_internal_ideas(client, auth, make_user, make_idea, save):
    resident = make_user("resident")
    draft = make_idea(owner=resident, state="draft")
    save()
    auth.login(resident)
    before = idea_count()
    response = client.post("/ideas/new", data=form(visibility="internal"))
    assert response.status_code == 200
    assert RESIDENTS_PUBLIC in html(response)
    assert idea_count() == before

    response = client.post(f"/ideas/{draft.id}/edit", data=edit_form(draft, visibility="internal"))
    assert RESIDENTS_PUBLIC in html(response)
    assert fresh(draft.id).visibility == "public"


def test_staff_choose_unit_visibility_and_team(client, auth, make_user, make_unit, save):
    employee = make_user("employee")
    other_unit = make_unit()
    colleague = make_user("employee", email="kollega@stockholm.se")
    coach = make_user("coach", email="coach@stockholm.se")
    save()
    auth.login(employee)
    page = html(client.get("/ideas/new"))
    assert f'<option selected value="{employee.unit_id}">' in page
    data = form(
        visibility="internal",
        unit_id=str(other_unit.id),
        team="Kollega@Stockholm.se,\n coach@stockholm.se, " + employee.email,
    )
    idea = fresh(created_id(client.post("/ideas/new", data=data)))
    assert (idea.visibility, idea.unit_id) == ("internal", other_unit.id)
    assert idea.team_user_ids == {colleague.id, coach.id}


@pytest.mark.parametrize(
    "address", ["nobody@stockholm.se", "resident@example.se", "inte-en-adress"]
)
def test_unknown_or_non_staff_team_addresses_are_named(client, auth, make_user, save, address):
    employee = make_user("employee")
    make_user("resident", email="resident@example.se")
    make_user("employee", email="kollega@stockholm.se")
    save()
    auth.login(employee)
    before = idea_count()
    data = form(unit_id=str(employee.unit_id), team=f"kollega@stockholm.se\n{address}")
    response = client.post("/ideas/new", data=data)
    assert response.status_code == 200
    assert address in html(response)
    assert ("ingen medarbetare" in html(response)) or ("inte e-postadresser" in html(response))
    assert "kollega@stockholm.se," not in html(response).split("error-summary")[1][:400]
    assert idea_count() == before


def test_only_open_challenges_are_offered(client, auth, make_user, make_open_challenge, save):
    employee = make_user("employee")
    open_one = make_open_challenge(title="Öppen utmaning")
    closed = make_open_challenge(opens_in=-20, closes_in=-1, title="Stängd utmaning")
    save()
    auth.login(employee)
    page = html(client.get(f"/ideas/new?challenge={open_one.id}"))
    assert "Öppen utmaning" in page and "Stängd utmaning" not in page
    assert f'<option selected value="{open_one.id}">' in page

    refused = client.post(
        "/ideas/new", data=form(unit_id=str(employee.unit_id), challenge_id=str(closed.id))
    )
    assert "Välj bland alternativen." in html(refused)
    idea_id = created_id(
        client.post(
            "/ideas/new", data=form(unit_id=str(employee.unit_id), challenge_id=str(open_one.id))
        )
    )
    assert fresh(idea_id).challenge_id == open_one.id


def test_an_idea_answering_a_challenge_that_closed_can_still_be_edited(
    client, auth, make_user, make_idea, make_open_challenge, save
):
    owner = make_user("employee")
    closed = make_open_challenge(opens_in=-20, closes_in=-1)
    idea = make_idea(owner=owner, challenge=closed, unit=owner.unit)
    save()
    auth.login(owner)
    assert "Fler ut i naturen" in html(client.get(f"/ideas/{idea.id}/edit"))
    data = edit_form(idea, challenge_id=str(closed.id), title="Ändrad rubrik")
    assert created_id(client.post(f"/ideas/{idea.id}/edit", data=data)) == idea.id
    idea = fresh(idea.id)
    assert (idea.title, idea.challenge_id) == ("Ändrad rubrik", closed.id)


# Editing


def test_the_team_edits_and_the_version_moves_on(client, auth, make_user, make_idea, save):
    owner, member = make_user("employee"), make_user("employee")
    idea = make_idea(owner=owner, team=[member], themes=["klimat"])
    save()
    version = idea.version
    auth.login(member)
    page = html(client.get(f"/ideas/{idea.id}/edit"))
    assert f'name="version" type="hidden" value="{version}"' in page
    assert owner.email not in page and member.email in page  # the team field lists the team
    assert "Spara ändringar" in page and "Skicka in" not in page  # already submitted
    data = edit_form(idea, team=member.email, themes=["trygghet"], title="Tryggare cykelvägar")
    assert created_id(client.post(f"/ideas/{idea.id}/edit", data=data)) == idea.id
    idea = fresh(idea.id)
    assert (idea.title, idea.themes, idea.version) == (
        "Tryggare cykelvägar",
        ["trygghet"],
        version + 1,
    )
    assert idea.state == "submitted"


def test_a_stale_edit_is_refused_and_overwrites_nothing(
    client, auth, make_user, make_idea, save, app
):
    owner, member = make_user("employee"), make_user("employee")
    idea = make_idea(owner=owner, team=[member], title="Första rubriken")
    save()
    stale = edit_form(idea, team=member.email)

    auth.login(owner)
    first = client.post(f"/ideas/{idea.id}/edit", data={**stale, "title": "Ägarens rubrik"})
    assert created_id(first) == idea.id
    auth.logout()

    auth.login(member)
    data = {**stale, "title": "Medlemmens rubrik", "proposal": "Medlemmens långa förslag."}
    response = client.post(f"/ideas/{idea.id}/edit", data=data)
    assert response.status_code == 200
    assert STALE in html(response)
    assert 'value="Medlemmens rubrik"' in html(response)
    assert "Medlemmens långa förslag." in html(response)
    idea = fresh(idea.id)
    assert idea.title == "Ägarens rubrik"
    assert idea.proposal != "Medlemmens långa förslag."


def test_a_forged_version_is_refused_not_an_error(client, auth, make_user, make_idea, save):
    owner = make_user("employee")
    idea = make_idea(owner=owner, title="Rubriken")
    save()
    auth.login(owner)
    for version in ("", "abc", "-1", "²", "99"):
        response = client.post(
            f"/ideas/{idea.id}/edit", data=edit_form(idea, version=version, title="Annat")
        )
        assert response.status_code == 200
        assert STALE in html(response)
    assert fresh(idea.id).title == "Rubriken"


@pytest.mark.parametrize("role", ["employee", "coach", "admin"])
def test_people_outside_the_team_may_not_edit(client, auth, make_user, make_idea, save, role):
    idea = make_idea(title="Rubriken")
    outsider = make_user(role)
    save()
    auth.login(outsider)
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403
    response = client.post(f"/ideas/{idea.id}/edit", data=edit_form(idea, title="Kapad"))
    assert response.status_code == 403
    assert fresh(idea.id).title == "Rubriken"


def test_hidden_ideas_are_not_found_when_editing(client, auth, make_user, make_idea, save):
    internal = make_idea(visibility="internal")
    draft = make_idea(state="draft")
    resident, employee = make_user("resident"), make_user("employee")
    save()
    auth.login(resident)
    assert client.get(f"/ideas/{internal.id}/edit").status_code == 404
    assert client.get(f"/ideas/{draft.id}/edit").status_code == 404
    assert client.get("/ideas/999999/edit").status_code == 404
    auth.logout()
    auth.login(employee)
    assert client.get(f"/ideas/{draft.id}/edit").status_code == 404
    assert client.get(f"/ideas/{internal.id}/edit").status_code == 403


@pytest.mark.parametrize("state", ["pilot", "implemented", "declined", "withdrawn"])
def test_ideas_past_prestudy_or_closed_are_not_editable(
    client, auth, make_user, make_idea, save, state
):
    owner = make_user("employee")
    idea = make_idea(owner=owner, state=state)
    save()
    auth.login(owner)
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403


# Drafts are private


def test_a_draft_is_seen_only_by_its_team_and_admins(client, auth, make_user, make_idea, save):
    owner, member = make_user("employee"), make_user("employee")
    draft = make_idea(owner=owner, team=[member], state="draft", title="Hemlig cykelparkering")
    make_idea(title="Cykelparkering vid skolor")
    viewers = {
        "owner": owner,
        "member": member,
        "colleague": make_user("employee"),
        "coach": make_user("coach"),
        "resident": make_user("resident"),
        "admin": make_user("admin"),
    }
    save()
    for name, viewer in viewers.items():
        auth.login(viewer)
        detail = client.get(f"/ideas/{draft.id}").status_code
        assert detail == (200 if name in {"owner", "member", "admin"} else 404), name
        listed = html(client.get("/ideas/"))
        searched = html(client.get("/ideas/?q=cykelparkering"))
        similar = html(client.get("/ideas/similar?title=cykelparkering"))
        for page in (listed, searched, similar):
            assert "Hemlig cykelparkering" not in page, name
        assert "Cykelparkering vid skolor" in searched and "Cykelparkering vid skolor" in similar
        auth.logout()
    client.get("/")
    assert "Hemlig cykelparkering" not in html(client.get("/ideas/?q=hemlig"))


# Mina idéer


def test_my_ideas_lists_every_state_of_mine_and_no_one_elses(
    client, auth, make_user, make_idea, save
):
    me = make_user("employee")
    mine = {
        state: make_idea(owner=me, state=state, title=f"Min idé {state}")
        for state in ("draft", "submitted", "withdrawn", "merged", "declined", "implemented")
        if state != "merged"
    }
    mine["merged"] = make_idea(
        owner=me, state="merged", title="Min idé merged", merged_into_id=mine["submitted"].id
    )
    on_team = make_idea(team=[me], title="Där jag är medinnovatör", visibility="internal")
    make_idea(title="Någon annans idé")
    save()
    assert client.get("/ideas/mine").status_code == 302
    auth.login(me)
    page = html(client.get("/ideas/mine"))
    for state in mine:
        assert f"Min idé {state}" in page
    assert on_team.title in page and "medinnovatör" in page
    assert "Någon annans idé" not in page
    assert f'href="/ideas/{mine["draft"].id}/edit"' in page
    assert f'href="/ideas/{mine["withdrawn"].id}/edit"' not in page
