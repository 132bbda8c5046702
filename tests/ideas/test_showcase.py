"""The showcase (Goda exempel): implemented ideas, their history, and adoptions by other units."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry, utcnow
from ideasluss.extensions import db
from ideasluss.ideas.adoptions import adoption_counts, adoptions_for, record_adoption
from ideasluss.ideas.models import Adoption, GateDecision

OTHER_STATES = ["submitted", "idea", "prestudy", "pilot", "implementation", "parked", "declined"]


def html(response):
    return response.get_data(as_text=True)


def adoption_count():
    return db.session.scalar(select(func.count()).select_from(Adoption))


@pytest.fixture
def home(make_unit):
    return make_unit(name="Miljöförvaltningen")


@pytest.fixture
def elsewhere(make_unit):
    return make_unit(name="Skarpnäcks stadsdelsförvaltning", kind="stadsdelsforvaltning")


@pytest.fixture
def implemented(make_idea, make_user, home):
    """An implemented public idea from `home`, with its way through the pipeline."""
    coach = make_user("coach", name="Cia Coach")
    idea = make_idea(
        state="implemented",
        unit=home,
        title="Cykelpool för hemtjänsten",
        value="Hemtjänsten sparar **bilresor** och tid.",
        value_kinds=("economic", "environmental"),
    )
    moves = [
        ("submitted", "idea", "Tydligt problem."),
        ("idea", "prestudy", "Värt en förstudie."),
        ("prestudy", "pilot", "Förstudien visar att det fungerar."),
        ("pilot", "implementation", "Piloten sparade 30 bilresor i veckan."),
        ("implementation", "implemented", "Infört i hela förvaltningen."),
    ]
    for source, target, motivation in moves:
        db.session.add(
            GateDecision(
                idea_id=idea.id,
                actor_id=coach.id,
                move="forward",
                from_state=source,
                to_state=target,
                motivation=motivation,
            )
        )
    db.session.flush()
    return idea


# The list


@pytest.mark.parametrize(
    ("role", "sees_internal"),
    [(None, False), ("resident", False), ("employee", True), ("committee", True)],
    ids=["visitor", "resident", "employee", "committee"],
)
def test_the_showcase_lists_implemented_ideas_the_viewer_may_see(
    client, auth, make_user, make_idea, save, role, sees_internal
):
    make_idea(state="implemented", title="Offentligt exempel")
    make_idea(state="implemented", visibility="internal", title="Internt exempel")
    for state in OTHER_STATES:
        make_idea(state=state, title=f"Idé i läget {state}")
    make_idea(state="draft", title="Ett utkast")
    save()
    if role:
        auth.login(make_user(role))

    page = html(client.get("/showcase/"))

    assert "Offentligt exempel" in page
    assert ("Internt exempel" in page) is sees_internal
    assert "Idé i läget" not in page and "Ett utkast" not in page


def test_the_newest_implemented_come_first(client, make_idea, save):
    now = utcnow()
    for title, days in [("Äldst", 30), ("Nyast", 1), ("Mittemellan", 10)]:
        idea = make_idea(state="implemented", title=title)
        idea.state_changed_at = now - timedelta(days=days)
    save()
    page = html(client.get("/showcase/"))
    assert page.index("Nyast") < page.index("Mittemellan") < page.index("Äldst")


def test_a_showcase_card(client, implemented, elsewhere, make_user, save):
    record_adoption(implemented, elsewhere, make_user("employee", unit=elsewhere))
    save()

    page = html(client.get("/showcase/"))

    assert f'href="/showcase/{implemented.id}"' in page
    assert "Miljöförvaltningen" in page
    assert "Ekonomiskt värde" in page and "Miljömässigt värde" in page
    assert "Socialt värde" not in page
    assert "Hemtjänsten sparar bilresor och tid." in page
    assert "Införd på 1 enhet till" in page


def test_an_empty_showcase(client):
    assert "Inga idéer är införda ännu." in html(client.get("/showcase/"))


# The page of one implemented idea


def test_the_showcase_page(client, implemented, elsewhere, make_user, save):
    record_adoption(
        implemented, elsewhere, make_user("employee", unit=elsewhere), "Vi lånar ut tio cyklar."
    )
    save()

    page = html(client.get(f"/showcase/{implemented.id}"))

    assert "<h1>Cykelpool för hemtjänsten</h1>" in page
    assert "<strong>bilresor</strong>" in page and "Miljömässigt värde" in page
    steps = ["Tydligt problem.", "Värt en förstudie.", "Piloten sparade", "Infört i hela"]
    positions = [page.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "Införande → <strong>Införd</strong>" in page
    assert "Skarpnäcks stadsdelsförvaltning" in page and "Vi lånar ut tio cyklar." in page
    assert f'href="/ideas/{implemented.id}"' in page
    # Visitors get no form.
    assert "Vår enhet har infört lösningen" not in page


@pytest.mark.parametrize("state", OTHER_STATES + ["draft"])
def test_only_implemented_ideas_have_a_showcase_page(client, auth, make_user, make_idea, state):
    idea = make_idea(state=state)
    auth.login(make_user("admin"))
    assert client.get(f"/showcase/{idea.id}").status_code == 404


def test_an_internal_example_is_hidden_from_residents_and_visitors(
    client, auth, make_user, make_idea, save
):
    idea = make_idea(state="implemented", visibility="internal")
    save()
    response = client.get(f"/showcase/{idea.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(make_user("resident"))
    assert client.get(f"/showcase/{idea.id}").status_code == 403
    auth.logout()
    auth.login(make_user("employee"))
    assert client.get(f"/showcase/{idea.id}").status_code == 200


def test_a_missing_idea_is_404(client):
    assert client.get("/showcase/999999").status_code == 404


# Recording an adoption through the page


def test_staff_of_another_unit_record_their_adoption(
    client, auth, make_user, implemented, elsewhere, save
):
    save()
    person = make_user("employee", unit=elsewhere)
    auth.login(person)
    page = html(client.get(f"/showcase/{implemented.id}"))
    assert "Vår enhet har infört lösningen" in page
    assert "Registreras för Skarpnäcks stadsdelsförvaltning." in page

    response = client.post(
        f"/showcase/{implemented.id}/adopt", data={"note": "  Införd i vår hemtjänst.  "}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == f"/showcase/{implemented.id}#adoptions"
    [adoption] = adoptions_for(implemented)
    assert (adoption.unit_id, adoption.recorded_by_id, adoption.note) == (
        elsewhere.id,
        person.id,
        "Införd i vår hemtjänst.",
    )
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "idea.adopted")).one()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (
        person.id,
        "ideas",
        implemented.id,
    )
    assert entry.data["unit_id"] == elsewhere.id
    page = html(client.get(f"/showcase/{implemented.id}"))
    assert "har infört lösningen." in page  # the flash
    assert "Din enhet har registrerat att den har infört lösningen." in page
    assert 'action="/showcase/' not in page


def test_a_unit_adopts_only_once(client, auth, make_user, implemented, elsewhere, save):
    save()
    auth.login(make_user("employee", unit=elsewhere))
    client.post(f"/showcase/{implemented.id}/adopt", data={"note": ""})

    auth.logout()
    auth.login(make_user("coach", unit=elsewhere))
    response = client.post(f"/showcase/{implemented.id}/adopt", data={"note": "Igen"})

    assert response.status_code == 200
    page = html(response)
    assert 'class="error-summary"' in page
    assert "Skarpnäcks stadsdelsförvaltning har redan registrerat" in page
    assert adoption_count() == 1


def test_the_idea_s_own_unit_cannot_adopt_it(client, auth, make_user, implemented, home, save):
    save()
    auth.login(make_user("employee", unit=home))
    page = html(client.get(f"/showcase/{implemented.id}"))
    assert "Lösningen kommer från din enhet." in page and 'action="/showcase/' not in page

    response = client.post(f"/showcase/{implemented.id}/adopt", data={"note": ""})

    assert response.status_code == 200
    assert "räknas inte som spridning" in html(response)
    assert adoption_count() == 0


def test_a_staff_member_records_only_for_their_own_unit(
    client, auth, make_user, make_unit, implemented, elsewhere, save
):
    third = make_unit(name="Tredje enheten")
    save()
    auth.login(make_user("employee", unit=elsewhere))
    client.post(f"/showcase/{implemented.id}/adopt", data={"unit_id": third.id})
    assert [a.unit_id for a in adoptions_for(implemented)] == [elsewhere.id]


def test_an_admin_records_for_any_unit(client, auth, make_user, implemented, elsewhere, home, save):
    save()
    auth.login(make_user("admin", unit=home))
    page = html(client.get(f"/showcase/{implemented.id}"))
    assert '<select id="unit_id"' in page and f'<option value="{home.id}"' not in page

    response = client.post(
        f"/showcase/{implemented.id}/adopt", data={"unit_id": elsewhere.id, "note": "Via admin"}
    )

    assert response.status_code == 302
    assert [a.unit_id for a in adoptions_for(implemented)] == [elsewhere.id]


def test_an_admin_must_choose_a_unit(client, auth, make_user, implemented, save):
    save()
    auth.login(make_user("admin"))
    response = client.post(f"/showcase/{implemented.id}/adopt", data={"unit_id": "0"})
    assert "Välj vilken enhet som har infört lösningen." in html(response)
    assert adoption_count() == 0


def test_residents_cannot_record_adoptions(client, auth, make_user, implemented, save):
    save()
    auth.login(make_user("resident"))
    assert "Vår enhet har infört" not in html(client.get(f"/showcase/{implemented.id}"))
    assert client.post(f"/showcase/{implemented.id}/adopt", data={}).status_code == 403
    assert adoption_count() == 0


def test_visitors_are_asked_to_sign_in_to_record(client, implemented, save):
    save()
    response = client.post(f"/showcase/{implemented.id}/adopt", data={})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_idea_not_yet_implemented_cannot_be_adopted_through_the_page(
    client, auth, make_user, make_idea, elsewhere, save
):
    idea = make_idea(state="implementation")
    save()
    auth.login(make_user("employee", unit=elsewhere))
    assert client.post(f"/showcase/{idea.id}/adopt", data={}).status_code == 404
    assert adoption_count() == 0


def test_a_long_note_is_refused(client, auth, make_user, implemented, elsewhere, save):
    save()
    auth.login(make_user("employee", unit=elsewhere))
    response = client.post(f"/showcase/{implemented.id}/adopt", data={"note": "x" * 2001})
    assert "Kommentaren får ha högst 2000 tecken." in html(response)
    assert adoption_count() == 0


# The operation's rules


@pytest.mark.parametrize("state", OTHER_STATES)
def test_only_implemented_ideas_can_be_adopted(make_idea, make_user, elsewhere, state):
    idea = make_idea(state=state)
    with pytest.raises(Refused, match="Bara införda idéer kan spridas"):
        record_adoption(idea, elsewhere, make_user("employee", unit=elsewhere))
    assert adoption_count() == 0


@pytest.mark.parametrize("role", ["employee", "coach", "committee"])
def test_staff_adopt_for_their_own_unit_only(implemented, make_user, make_unit, elsewhere, role):
    person = make_user(role, unit=elsewhere)
    with pytest.raises(Refused, match="Du kan bara registrera införande för din egen enhet."):
        record_adoption(implemented, make_unit(), person)
    adoption = record_adoption(implemented, elsewhere, person, "ok")
    assert adoption.unit_id == elsewhere.id


def test_residents_cannot_adopt(implemented, make_user, elsewhere):
    with pytest.raises(Refused, match="Bara stadens medarbetare"):
        record_adoption(implemented, elsewhere, make_user("resident"))
    assert adoption_count() == 0


def test_admins_adopt_for_any_unit_but_the_idea_s_own(implemented, make_user, home, elsewhere):
    admin = make_user("admin", unit=home)
    with pytest.raises(Refused, match="räknas inte som spridning"):
        record_adoption(implemented, home, admin)
    record_adoption(implemented, elsewhere, admin)
    assert adoption_count() == 1


def test_a_unit_adopts_once_and_the_transaction_goes_on(implemented, make_user, elsewhere, save):
    person = make_user("employee", unit=elsewhere)
    record_adoption(implemented, elsewhere, person)
    with pytest.raises(Refused, match="har redan registrerat"):
        record_adoption(implemented, elsewhere, make_user("coach", unit=elsewhere))
    # The refused insert was rolled back to its savepoint only: the first one still commits.
    save()
    assert adoption_count() == 1
    assert adoption_counts([implemented.id]) == {implemented.id: 1}
    audit = select(func.count()).where(AuditEntry.action == "idea.adopted")
    assert db.session.scalar(audit) == 1


def test_staff_cannot_adopt_a_draft_they_cannot_see(make_idea, make_user, elsewhere):
    idea = make_idea(state="draft")
    with pytest.raises(Refused):
        record_adoption(idea, elsewhere, make_user("employee", unit=elsewhere))


# Bounded queries


@pytest.mark.parametrize("role", [None, "employee"], ids=["visitor", "employee"])
def test_the_showcase_issues_a_bounded_number_of_queries(
    client, auth, make_user, make_idea, make_unit, save, query_counter, role
):
    if role:
        auth.login(make_user(role))
    counts = []
    for n in (3, 30):
        for i in range(n if not counts else n - 3):
            idea = make_idea(
                owner=make_user("employee"),
                state="implemented",
                unit=make_unit(),
                visibility="internal" if i % 4 == 0 else "public",
                themes=("klimat",),
                value_kinds=("social", "economic"),
                value="Ett värde.",
                team=[make_user("employee")],
            )
            adopter = make_user("employee", unit=make_unit())
            record_adoption(idea, adopter.unit, adopter)
        save()
        with query_counter() as statements:
            assert client.get("/showcase/").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_showcase_page_issues_a_bounded_number_of_queries(
    client, auth, make_user, make_idea, make_unit, save, query_counter
):
    auth.login(make_user("admin"))
    counts = []
    for n in (3, 30):
        idea = make_idea(state="implemented", unit=make_unit(), value="Värde")
        for _ in range(n):
            adopter = make_user("employee", unit=make_unit())
            record_adoption(idea, adopter.unit, adopter, "Anteckning")
            db.session.add(
                GateDecision(
                    idea_id=idea.id,
                    actor_id=adopter.id,
                    move="forward",
                    from_state="pilot",
                    to_state="implementation",
                    motivation="Motivering",
                )
            )
        save()
        with query_counter() as statements:
            assert client.get(f"/showcase/{idea.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
