"""The accounts pages: who may read which unit's, the charts and tables, and the query count."""

import re

import pytest

from ideasluss.followup import accounts as acc


@pytest.fixture
def people(ledger, make_user):
    return {
        "resident": ledger.res1,
        "employee of A": ledger.emp1,
        "employee of B": ledger.emp3,
        "admin": ledger.admin,
    }


def test_visitors_are_sent_to_sign_in(client, ledger):
    for path in ("/followup/", "/followup/2025", f"/followup/2025?unit={ledger.unit_a.id}"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("who", "scope", "status"),
    [
        ("resident", None, 403),
        ("resident", "a", 403),
        ("employee of A", None, 200),
        ("employee of A", "a", 200),
        ("employee of B", "a", 403),
        ("employee of B", "b", 200),
        ("admin", "a", 200),
        ("admin", "b", 200),
        ("admin", None, 200),
    ],
)
def test_who_reads_which_accounts(client, auth, ledger, people, who, scope, status):
    auth.login(people[who])
    unit = {"a": ledger.unit_a, "b": ledger.unit_b, None: None}[scope]
    path = "/followup/2025" + (f"?unit={unit.id}" if unit else "")
    assert client.get(path).status_code == status


def test_residents_have_no_chooser(client, auth, ledger):
    auth.login(ledger.res1)
    assert client.get("/followup/").status_code == 403


@pytest.mark.parametrize("path", ["/followup/1999", "/followup/2999", "/followup/2025?unit=999999"])
def test_outside_the_years_or_units_is_not_found(client, auth, ledger, path):
    auth.login(ledger.admin)
    assert client.get(path).status_code == 404


def test_the_chooser_goes_to_the_chosen_accounts(client, auth, ledger):
    auth.login(ledger.emp1)
    page = client.get("/followup/")
    assert page.status_code == 200
    assert "Enhet A" in page.text and "Enhet B" not in page.text  # staff: own unit only
    response = client.get(f"/followup/?year=2025&unit={ledger.unit_a.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/followup/2025?unit={ledger.unit_a.id}")
    assert client.get(f"/followup/?year=2025&unit={ledger.unit_b.id}").status_code == 403


def test_the_page_shows_the_figures_charts_and_tables(client, auth, ledger):
    auth.login(ledger.admin)
    page = client.get(f"/followup/2025?unit={ledger.unit_a.id}").text

    assert "Innovationsbokslut 2025" in page and "Enhet A" in page
    charts = re.findall(r"<svg [^>]*>", page)
    assert len(charts) == 3
    for key in ("chart-funnel", "chart-lead", "chart-trend"):
        assert f'aria-labelledby="{key}-title {key}-desc"' in page
        assert f'<title id="{key}-title">' in page and f'<desc id="{key}-desc">' in page
    assert all('role="img"' in svg for svg in charts)
    assert "style=" not in page and "<script" not in page.split("</head>")[1]
    # The numbers are written out as text, in the charts and in the tables beside them.
    assert "median 6,0 d" in page and "90:e pct 9,2 d" in page
    assert page.count("<table") == 6
    assert "80\u00a0000\u00a0kr" in page  # granted in 2025
    assert 'scope="row"' in page and 'scope="col"' in page


def test_the_page_offers_an_export(client, auth, ledger):
    auth.login(ledger.emp1)
    page = client.get(f"/followup/2025?unit={ledger.unit_a.id}").text
    assert 'action="/followup/exports"' in page
    assert 'name="kind" value="accounts"' in page
    assert f'name="unit" value="{ledger.unit_a.id}"' in page


def test_the_number_of_queries_is_bounded(client, auth, ledger, make_user, save, query_counter):
    """A fixed number of statements whatever the data (and fewer once the figures are cached)."""
    auth.login(ledger.admin)
    path = f"/followup/2025?unit={ledger.unit_a.id}"
    client.get(path)
    with query_counter() as first:
        client.get(path)
    # More of everything: the page asks the same questions.
    from ideasluss.extensions import db
    from ideasluss.ideas.models import Comment, Vote

    for n in range(5):
        voter = make_user("resident", name=f"Röstare {n}")
        db.session.add(
            Vote(
                idea_id=ledger.ideas["i2"].id, user_id=voter.id, created_at=acc.year_bounds(2025)[0]
            )
        )
        db.session.add(
            Comment(
                idea_id=ledger.ideas["i1"].id,
                author_id=voter.id,
                body="Ja!",
                created_at=acc.year_bounds(2025)[0],
            )
        )
    save()
    client.get(path)
    with query_counter() as second:
        client.get(path)
    assert len(second) == len(first)
    assert len(first) <= 30
