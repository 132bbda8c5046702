"""Committee review: scoring, who may review and see reviews, the comparison table and its CSV."""

import csv
import io

import pytest
from sqlalchemy import func, select

from ideasluss.core.errors import Refused
from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.fund.models import Recusal, Review, Score
from ideasluss.fund.review import comparison_rows, save_review, weighted_total
from tests.fund.committee_fixtures import review_data, scores_for


def review_count():
    return db.session.scalar(select(func.count()).select_from(Review))


# --- Saving a review ---------------------------------------------------------------------------


def test_save_review_creates_then_replaces(committee):
    app = committee.in_review()
    review = save_review(app, committee.second, scores_for(committee.call, [4, 3, 5]), "Bra.")
    assert sorted(s.score for s in review.scores) == [3, 4, 5]
    again = save_review(app, committee.second, scores_for(committee.call, [1, 2, 3]), "Ändrat.")
    assert again.id == review.id
    assert review_count() == 1
    by_criterion = {s.criterion_id: s.score for s in again.scores}
    assert [by_criterion[c.id] for c in committee.call.criteria] == [1, 2, 3]
    assert again.comment == "Ändrat."
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == app.id)
    ).all()
    assert actions.count("application.reviewed") == 2


@pytest.mark.parametrize(
    "values, message",
    [
        ([4, None, 5], "Saknas: Genomförbarhet"),
        ([0, 3, 3], "heltal 1–5"),
        ([6, 3, 3], "heltal 1–5"),
        (["tre", 3, 3], "heltal 1–5"),
        (["3.5", 3, 3], "heltal 1–5"),
        ([3.5, 3, 3], "heltal 1–5"),
        ([True, 3, 3], "heltal 1–5"),
    ],
)
def test_save_review_refuses_bad_scores(committee, values, message):
    app = committee.in_review()
    with pytest.raises(Refused, match=message):
        save_review(app, committee.second, scores_for(committee.call, values))
    assert review_count() == 0


def test_save_review_refuses_a_criterion_of_another_call(committee, make_call):
    app = committee.in_review()
    other = make_call()
    scores = scores_for(committee.call, [3, 3, 3])
    scores[other.criteria[0].id] = (4, "")
    with pytest.raises(Refused, match="inte hör till utlysningen"):
        save_review(app, committee.second, scores)
    assert review_count() == 0


@pytest.mark.parametrize("state", ["submitted", "returned", "granted", "rejected", "withdrawn"])
def test_save_review_only_in_review(committee, make_application, state):
    app = make_application(call=committee.call, state=state)
    with pytest.raises(Refused):
        save_review(app, committee.second, scores_for(committee.call, [3, 3, 3]))
    assert review_count() == 0


def test_save_review_refuses_non_members_and_admins(committee, make_user):
    app = committee.in_review()
    for user in (committee.admin, make_user("committee"), make_user("employee")):
        with pytest.raises(Refused, match="fondkommitté"):
            save_review(app, user, scores_for(committee.call, [3, 3, 3]))
    assert review_count() == 0


# --- The review page ---------------------------------------------------------------------------


def test_review_page_shows_a_radio_group_per_criterion(committee, auth, client, save):
    app = committee.in_review()
    save()
    auth.login(committee.second)
    page = client.get(f"/fund/applications/{app.id}/review")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<fieldset") >= 3
    for criterion in committee.call.criteria:
        legend = html[html.index(f'<span class="criterion-name">{criterion.name}') :]
        legend = legend[: legend.index("</legend>")]
        assert criterion.description in legend and f"vikt {criterion.weight}" in legend
        assert f'name="score_{criterion.id}"' in html
        assert html.count(f'name="score_{criterion.id}" required type="radio"') == 5
    assert "vikt 3" in html and "vikt 2" in html and "vikt 1" in html


def test_review_post_saves_and_redirects(committee, auth, client, save):
    app = committee.in_review()
    save()
    auth.login(committee.second)
    response = client.post(
        f"/fund/applications/{app.id}/review", data=review_data(committee.call, [5, 4, 3])
    )
    assert response.status_code == 302
    review = db.session.scalars(select(Review)).one()
    assert review.reviewer_id == committee.second.id
    assert sorted(s.score for s in review.scores) == [3, 4, 5]
    page = client.get(f"/fund/applications/{app.id}/review")
    assert 'value="5" checked' in page.get_data(as_text=True) or "checked" in page.get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    "values, message",
    [
        (["", 4, 3], "Välj ett betyg från 1 till 5."),
        ([7, 4, 3], "Betyget ska vara ett heltal från 1 till 5."),
        (["x", 4, 3], "Betyget ska vara ett heltal från 1 till 5."),
        (["2.5", 4, 3], "Betyget ska vara ett heltal från 1 till 5."),
    ],
)
def test_review_post_bad_input_shows_swedish_message_and_saves_nothing(
    committee, auth, client, save, values, message
):
    app = committee.in_review()
    save()
    auth.login(committee.second)
    response = client.post(
        f"/fund/applications/{app.id}/review", data=review_data(committee.call, values)
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Det finns fel i formuläret" in html
    assert review_count() == 0
    assert db.session.scalar(select(func.count()).select_from(Score)) == 0


def test_review_post_missing_score_field_entirely(committee, auth, client, save):
    app = committee.in_review()
    save()
    auth.login(committee.second)
    data = review_data(committee.call, [3, 3, 3])
    del data[f"score_{committee.call.criteria[1].id}"]
    response = client.post(f"/fund/applications/{app.id}/review", data=data)
    assert response.status_code == 400
    assert "Välj ett betyg från 1 till 5." in response.get_data(as_text=True)
    assert review_count() == 0


@pytest.mark.parametrize("who", ["admin", "employee", "coach", "other_committee", "applicant"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_review_route_only_for_the_calls_committee(
    committee, make_user, auth, client, save, who, method
):
    app = committee.in_review()
    user = {
        "admin": committee.admin,
        "employee": make_user("employee"),
        "coach": make_user("coach"),
        "other_committee": make_user("committee"),
        "applicant": app.idea.owner,
    }[who]
    save()
    auth.login(user)
    url = f"/fund/applications/{app.id}/review"
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data=review_data(committee.call, [3, 3, 3]))
    assert response.status_code == 403
    assert review_count() == 0


def test_review_route_signed_out_goes_to_login(committee, client, save):
    app = committee.in_review()
    save()
    response = client.get(f"/fund/applications/{app.id}/review")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_review_route_404(committee, auth, client):
    auth.login(committee.second)
    assert client.get("/fund/applications/999999/review").status_code == 404


@pytest.mark.parametrize("state", ["submitted", "granted", "rejected"])
def test_review_route_403_outside_review(committee, make_application, auth, client, save, state):
    app = make_application(call=committee.call, state=state)
    save()
    auth.login(committee.second)
    assert client.get(f"/fund/applications/{app.id}/review").status_code == 403


def test_others_reviews_shown_only_after_my_own(committee, auth, client, save):
    app = committee.in_review()
    save_review(app, committee.third, scores_for(committee.call, [2, 2, 2]), "Tveksam ÖVRIG.")
    save()
    auth.login(committee.second)
    before = client.get(f"/fund/applications/{app.id}/review").get_data(as_text=True)
    assert "Tveksam ÖVRIG." not in before
    client.post(f"/fund/applications/{app.id}/review", data=review_data(committee.call, [4, 4, 4]))
    after = client.get(f"/fund/applications/{app.id}/review").get_data(as_text=True)
    assert "Tveksam ÖVRIG." in after


# --- Who sees reviews --------------------------------------------------------------------------


@pytest.fixture
def reviewed(committee, save):
    app = committee.in_review(requested_amount=250_000)
    save_review(app, committee.second, scores_for(committee.call, [5, 4, 3]), "HEMLIG KOMMENTAR")
    save()
    return app


@pytest.mark.parametrize(
    "who, status",
    [
        ("chair", 200),
        ("member", 200),
        ("admin", 200),
        ("applicant", 403),
        ("employee", 403),
        ("coach", 403),
        ("resident", 403),
        ("other_committee", 403),
    ],
)
@pytest.mark.parametrize("page", ["compare", "compare.csv", "review", "decide"])
def test_reviews_visible_only_to_committee_and_admins(
    committee, reviewed, make_user, auth, client, save, who, status, page
):
    user = {
        "chair": committee.chair,
        "member": committee.third,
        "admin": committee.admin,
        "applicant": reviewed.idea.owner,
        "employee": make_user("employee"),
        "coach": make_user("coach"),
        "resident": make_user("resident"),
        "other_committee": make_user("committee"),
    }[who]
    save()
    auth.login(user)
    if page in ("compare", "compare.csv"):
        url = f"/fund/calls/{committee.call.id}/{page}"
    else:
        url = f"/fund/applications/{reviewed.id}/{page}"
    response = client.get(url)
    expected = status
    # The review form is the committee members'; the decision the chair's and admins'.
    if page == "review" and who == "admin":
        expected = 403
    if page == "decide" and who == "member":
        expected = 403
    assert response.status_code == expected
    html = response.get_data(as_text=True)
    if expected == 403:
        assert "HEMLIG KOMMENTAR" not in html
        assert "4,0" not in html and "4.0" not in html
    elif page == "decide":
        assert "HEMLIG KOMMENTAR" in html


def test_committee_pages_signed_out_go_to_login(committee, reviewed, client):
    for url in (
        f"/fund/calls/{committee.call.id}/review",
        f"/fund/calls/{committee.call.id}/compare",
        f"/fund/calls/{committee.call.id}/compare.csv",
        f"/fund/applications/{reviewed.id}/decide",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("who, status", [("member", 200), ("admin", 200), ("employee", 403)])
def test_call_review_list(committee, make_user, auth, client, save, who, status):
    app = committee.in_review()
    user = {"member": committee.second, "admin": committee.admin}.get(who) or make_user()
    save()
    auth.login(user)
    response = client.get(f"/fund/calls/{committee.call.id}/review")
    assert response.status_code == status
    if status == 200:
        html = response.get_data(as_text=True)
        assert app.idea.title in html
        review_link = f"/fund/applications/{app.id}/review"
        assert (review_link in html) == (who == "member")
        assert (f"/fund/applications/{app.id}/decide" in html) == (who == "admin")


# --- The comparison table ----------------------------------------------------------------------


@pytest.fixture
def scored(committee, make_idea, save):
    """Three applications with known scores (weights 3/2/1):

    A: (5,4,3) and (4,4,1) -> averages 4.5, 4.0, 2.0 -> (13.5 + 8 + 2) / 6 = 3.9166…
    B: (2,3,5)             -> averages 2, 3, 5     -> (6 + 6 + 5) / 6 = 2.8333…
    C: no reviews          -> no total
    """
    call = committee.call
    a = committee.in_review(
        idea=make_idea(state="prestudy", title="Alfa"), requested_amount=300_000
    )
    b = committee.in_review(idea=make_idea(state="pilot", title="Beta"), requested_amount=200_000)
    c = committee.in_review(idea=make_idea(state="prestudy", title="Gamma"))
    save_review(a, committee.chair, scores_for(call, [5, 4, 3]))
    save_review(a, committee.second, scores_for(call, [4, 4, 1]))
    save_review(b, committee.chair, scores_for(call, [2, 3, 5]))
    save()
    return a, b, c


def test_weighted_total_by_hand(committee):
    criteria = committee.call.criteria
    assert [c.weight for c in criteria] == [3, 2, 1]
    averages = {criteria[0].id: 4.5, criteria[1].id: 4.0, criteria[2].id: 2.0}
    assert weighted_total(criteria, averages) == pytest.approx(23.5 / 6)
    assert weighted_total(criteria, {}) is None


def test_comparison_rows_compute_averages_and_totals(committee, scored):
    a, b, c = scored
    rows = {r.application.id: r for r in comparison_rows(committee.call, committee.third)}
    ids = [cr.id for cr in committee.call.criteria]
    assert [rows[a.id].averages[i] for i in ids] == [4.5, 4.0, 2.0]
    assert rows[a.id].total == pytest.approx((3 * 4.5 + 2 * 4.0 + 1 * 2.0) / 6)
    assert rows[a.id].review_count == 2
    assert [rows[b.id].averages[i] for i in ids] == [2, 3, 5]
    assert rows[b.id].total == pytest.approx(17 / 6)
    assert rows[c.id].total is None and rows[c.id].review_count == 0


def test_comparison_excludes_reviews_of_people_recused_later(committee, scored, save):
    a, _b, _c = scored
    # The second reviewer turns out to coach the idea: their scores no longer count.
    a.idea.coach_id = committee.second.id
    db.session.flush()
    row = next(
        r for r in comparison_rows(committee.call, committee.third) if r.application.id == a.id
    )
    assert row.review_count == 1
    assert row.total == pytest.approx((3 * 5 + 2 * 4 + 1 * 3) / 6)


def test_compare_page_shows_totals_with_one_decimal(committee, scored, auth, client):
    auth.login(committee.third)
    html = client.get(f"/fund/calls/{committee.call.id}/compare").get_data(as_text=True)
    assert "3,9" in html and "2,8" in html
    assert "4,5" in html and "2,0" in html
    assert 'aria-sort="descending"' in html
    assert html.index("Alfa") < html.index("Beta") < html.index("Gamma")


@pytest.mark.parametrize(
    "sort, order, aria",
    [
        ("total", ["Beta", "Alfa", "Gamma"], "ascending"),
        ("-total", ["Alfa", "Beta", "Gamma"], "descending"),
        ("title", ["Alfa", "Beta", "Gamma"], "ascending"),
        ("-title", ["Gamma", "Beta", "Alfa"], "descending"),
        ("-requested", ["Alfa", "Beta", "Gamma"], "descending"),
        ("requested", ["Gamma", "Beta", "Alfa"], "ascending"),
        ("-reviews", ["Alfa", "Beta", "Gamma"], "descending"),
        ("nonsense", ["Alfa", "Beta", "Gamma"], "descending"),
    ],
)
def test_compare_sorts_by_column(committee, scored, auth, client, sort, order, aria):
    auth.login(committee.third)
    html = client.get(f"/fund/calls/{committee.call.id}/compare?sort={sort}").get_data(as_text=True)
    positions = [html.index(f">{title}") for title in order]
    assert positions == sorted(positions)
    assert html.count("aria-sort=") == 1
    assert f'aria-sort="{aria}"' in html


def test_compare_sorts_by_criterion(committee, scored, auth, client):
    auth.login(committee.third)
    third = committee.call.criteria[2]
    html = client.get(f"/fund/calls/{committee.call.id}/compare?sort=-c{third.id}").get_data(
        as_text=True
    )
    # Spridningsbarhet: Beta 5, Alfa 2, Gamma none.
    assert html.index(">Beta") < html.index(">Alfa") < html.index(">Gamma")


def test_compare_htmx_returns_the_table_fragment(committee, scored, auth, client):
    auth.login(committee.third)
    response = client.get(
        f"/fund/calls/{committee.call.id}/compare?sort=title",
        headers={"HX-Request": "true", "HX-Target": "compare-table"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and 'id="compare-table"' in html
    assert "3,9" in html
    # The sort status outside the table is updated out of band, for screen readers.
    assert 'id="compare-status"' in html and 'hx-swap-oob="true"' in html
    assert "Sorterad efter Idé, stigande." in html
    full = client.get(f"/fund/calls/{committee.call.id}/compare?sort=title").get_data(as_text=True)
    assert full.count('id="compare-status"') == 1 and "hx-swap-oob" not in full


def test_compare_lists_decided_applications_but_not_drafts(
    committee, make_application, auth, client, save
):
    granted = committee.in_review(idea=None)
    granted.state, granted.granted_amount = "granted", 100_000
    draft = make_application(call=committee.call, state="submitted")
    save()
    auth.login(committee.chair)
    html = client.get(f"/fund/calls/{committee.call.id}/compare").get_data(as_text=True)
    assert granted.idea.title in html
    assert draft.idea.title not in html


def read_csv(response):
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_compare_csv(committee, scored, auth, client):
    auth.login(committee.third)
    response = client.get(f"/fund/calls/{committee.call.id}/compare.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    header = rows[0]
    assert header[:3] == ["Ansökan", "Idé", "Sökt belopp (kr)"]
    assert header[3] == "Nytta för stockholmarna (vikt 3)"
    by_title = {r[1]: r for r in rows[1:]}
    assert by_title["Alfa"][2:9] == ["300000", "4,5", "4,0", "2,0", "3,9", "2", ""]
    assert by_title["Beta"][2:9] == ["200000", "2,0", "3,0", "5,0", "2,8", "1", ""]
    assert by_title["Gamma"][3:8] == ["", "", "", "", "0"]
    assert by_title["Alfa"][9] == "Under bedömning"
    assert [r[1] for r in rows[1:]] == ["Alfa", "Beta", "Gamma"]


def test_compare_csv_is_injection_safe(committee, make_idea, auth, client, save):
    committee.in_review(idea=make_idea(state="prestudy", title='=HYPERLINK("http://x")'))
    committee.in_review(idea=make_idea(state="prestudy", title="@SUM(A1)"))
    save()
    auth.login(committee.chair)
    rows = read_csv(client.get(f"/fund/calls/{committee.call.id}/compare.csv"))
    titles = sorted(r[1] for r in rows[1:])
    assert titles == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]


def test_compare_csv_hides_scores_for_a_recused_viewer(
    committee, scored, recused_application, auth, client, save
):
    app = recused_application("declared", committee.third)
    save_review(app, committee.chair, scores_for(committee.call, [1, 1, 1]))
    save()
    auth.login(committee.third)
    rows = read_csv(client.get(f"/fund/calls/{committee.call.id}/compare.csv"))
    row = next(r for r in rows[1:] if r[1] == app.idea.title)
    assert row[3:8] == ["jävig"] * 5
    assert "Ledamot Berg (anmält jäv)" in row[8]


def test_compare_query_count_does_not_grow(committee, make_idea, auth, client, save, query_counter):
    call = committee.call
    url = f"/fund/calls/{call.id}/compare"

    def add(n):
        for _ in range(n):
            app = committee.in_review(idea=make_idea(state="prestudy", team=[], coach=None))
            save_review(app, committee.chair, scores_for(call, [3, 4, 5]))
            db.session.add(Recusal(application_id=app.id, user_id=committee.third.id, reason="x"))
        save()

    auth.login(committee.second)
    add(3)
    with query_counter() as few:
        assert client.get(url).status_code == 200
    add(27)
    with query_counter() as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count("Ledamot Berg") == 30
    assert len(many) == len(few), (len(few), len(many))
    # The user, the call, the applications, jäv, the named recused, the scores, notifications.
    assert len(many) <= 8, many
    with query_counter() as csv_few:
        client.get(url + ".csv")
    add(30)
    with query_counter() as csv_many:
        client.get(url + ".csv")
    assert len(csv_many) == len(csv_few) <= 7, csv_many


def test_the_table_formats_decimals_as_babel_does(app):
    """The comparison table formats its many cells with `one_decimal_formatter`, which must
    write what Flask-Babel's format_decimal writes (half to even, the locale's decimal sign)."""
    from flask_babel import force_locale

    from ideasluss.fund.committee import one_decimal, one_decimal_formatter

    values = [None, 0, 1, 2.25, 2.35, 0.15, 3.95, 4.45, 23.5 / 6, 17 / 6, 5.0, 1234.56, -0.25]
    values += [a / b for a in range(0, 31) for b in range(1, 7)]
    with app.test_request_context("/"):
        for locale in ("sv", "en"):
            with force_locale(locale):
                fast = one_decimal_formatter()
                assert [fast(v) for v in values] == [one_decimal(v) for v in values]
                assert [fast(v) for v in values] == [one_decimal(v) for v in values]  # memo
