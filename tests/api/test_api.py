"""The open data API: public ideas only, no personal data, pagination, filters, errors, caching
headers, CORS and the CSV variants."""

import csv
import io

import pytest

from ideasluss.extensions import db


def ids(response):
    return [item["id"] for item in response.json["items"]]


def all_pages(client, path="/api/v1/ideas", **params):
    """Every item of a paged list, following next_cursor to the end."""
    seen, cursor = [], None
    for _ in range(100):
        query = dict(params)
        if cursor:
            query["cursor"] = cursor
        response = client.get(path, query_string=query)
        assert response.status_code == 200
        seen += response.json["items"]
        cursor = response.json["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the cursor never ended")


def test_only_public_submitted_ideas_are_listed(client, open_data):
    listed = all_pages(client)
    assert [i["id"] for i in listed] == sorted(i.id for i in open_data.public)


def test_an_idea_shows_what_its_author_chose_to_show(client, open_data):
    body = client.get("/api/v1/ideas?limit=100")
    items = {i["id"]: i for i in body.json["items"]}
    assert items[open_data.public[0].id]["submitted_by"] == "Synlig Invånare"
    assert items[open_data.public[1].id]["submitted_by"] == "Anonym"
    assert items[open_data.public[2].id]["submitted_by"] == "Maria Medarbetare"
    text = body.get_data(as_text=True)
    assert "@" not in text
    assert "Dold Invånare" not in text and "Teamkamrat" not in text and "motivering" not in text
    idea = items[open_data.public[0].id]
    assert idea["unit"] == {"id": open_data.trafik.id, "name": "Trafikkontoret"}
    assert idea["challenge"] == {"id": open_data.challenge.id, "title": "Tryggare cykelvägar"}
    assert idea["themes"] == ["mobilitet"]
    assert idea["state"] == "submitted" and idea["state_label"] == "Inskickad"
    assert idea["url"].endswith(f"/ideas/{open_data.public[0].id}")
    assert idea["created_at"].endswith("Z")


def test_pagination_returns_every_public_idea_once(client, open_data):
    listed = all_pages(client, limit=2)
    assert len(listed) == len(open_data.public)
    assert len({i["id"] for i in listed}) == len(open_data.public)
    first = client.get("/api/v1/ideas?limit=2").json
    assert first["limit"] == 2 and len(first["items"]) == 2 and first["next_cursor"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "idea"}, [1]),
        ({"state": "implemented"}, [4]),
        ({"theme": "klimat"}, [2, 3, 4]),
        ({"theme": "klimat", "state": "pilot"}, [3]),
        ({"updated_since": "2026-01-08"}, [2, 3, 4, 5, 6]),
        ({"updated_since": "2026-01-08T09:00:00Z"}, [2, 3, 4, 5, 6]),
        ({"updated_since": "2026-01-08T10:00:01+01:00"}, [3, 4, 5, 6]),
        ({"updated_since": "2026-01-08T09:00:01Z"}, [3, 4, 5, 6]),
    ],
)
def test_filters(client, open_data, params, expected):
    response = client.get("/api/v1/ideas", query_string={"limit": 100, **params})
    assert ids(response) == [open_data.public[i].id for i in expected]


def test_filters_by_unit_and_challenge(client, open_data):
    by_unit = client.get(f"/api/v1/ideas?unit={open_data.miljo.id}")
    assert ids(by_unit) == [open_data.public[3].id, open_data.public[4].id]
    by_challenge = client.get(f"/api/v1/ideas?challenge={open_data.challenge.id}")
    assert ids(by_challenge) == [open_data.public[0].id]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"updated_since": "igår"}, "updated_since"),
        ({"updated_since": "2026-13-01"}, "updated_since"),
        ({"updated_since": "2026-01-01T25:00"}, "updated_since"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "tjugo"}, "limit"),
        ({"state": "draft"}, "state"),
        ({"state": "påhittat"}, "state"),
        ({"theme": "okänt"}, "theme"),
        ({"unit": "-1"}, "unit"),
        ({"challenge": "99999999999"}, "challenge"),
        ({"cursor": "inte-en-cursor"}, "cursor"),
    ],
)
def test_bad_parameters_are_explained_in_swedish_and_english(client, open_data, params, parameter):
    response = client.get("/api/v1/ideas", query_string=params)
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    error = response.json["error"]
    assert error["code"] == "invalid_parameter" and error["parameter"] == parameter
    assert error["message"]["sv"] and error["message"]["en"]
    assert error["message"]["sv"] != error["message"]["en"]


def test_one_idea_with_its_history_and_adoptions(client, open_data):
    idea = open_data.public[4]
    data = client.get(f"/api/v1/ideas/{idea.id}").json
    assert data["id"] == idea.id and data["state"] == "implemented"
    assert [(h["from_state"], h["to_state"]) for h in data["history"]] == [
        ("draft", "submitted"),
        ("submitted", "idea"),
        ("idea", "prestudy"),
        ("prestudy", "pilot"),
        ("pilot", "implementation"),
        ("implementation", "implemented"),
    ]
    assert set(data["history"][0]) == {"from_state", "to_state", "at"}  # no motivation, no actor
    assert data["adoptions"][0]["unit"] == {"id": open_data.trafik.id, "name": "Trafikkontoret"}


def test_internal_ideas_and_drafts_are_not_found_like_nothing(client, open_data):
    nothing = client.get("/api/v1/ideas/2147483647")
    assert nothing.status_code == 404
    for idea in open_data.internal + open_data.hidden_ideas:
        response = client.get(f"/api/v1/ideas/{idea.id}")
        assert response.status_code == 404
        assert response.json == nothing.json
    assert client.get("/api/v1/ideas/99999999999999999999").status_code == 404
    assert client.get("/api/v1/ideas/abc").json["error"]["code"] == "not_found"


def test_etag_and_304(client, open_data, save):
    first = client.get("/api/v1/ideas")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/api/v1/ideas", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/v1/ideas?limit=3", headers={"If-None-Match": etag})
    assert other.status_code == 200  # another query, another tag

    # A person hides their name: the answer changes, and so does its tag.
    open_data.shown.show_name = False
    save()
    changed = client.get("/api/v1/ideas", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Synlig Invånare" not in changed.get_data(as_text=True)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/ideas",
        "/api/v1/ideas.csv",
        "/api/v1/challenges",
        "/api/v1/units",
        "/api/v1/indicators",
        "/api/v1/openapi.json",
    ],
)
def test_everything_is_open_for_get_from_anywhere(client, open_data, path):
    response = client.get(path, headers={"Origin": "https://data.example.org"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers
    assert "Set-Cookie" not in response.headers


def test_a_preflight_allows_revalidation_from_scripts(client):
    response = client.options(
        "/api/v1/ideas",
        headers={
            "Origin": "https://data.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]


def test_the_api_is_read_only(client, open_data):
    response = client.post("/api/v1/ideas", json={"title": "Ny"})
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.json["error"]["code"] == "method_not_allowed"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/finns-inte").json["error"]["code"] == "not_found"


def test_the_csv_has_the_same_ideas_and_filters(client, open_data):
    response = client.get("/api/v1/ideas.csv?theme=klimat")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [int(r["id"]) for r in rows] == [open_data.public[i].id for i in (2, 3, 4)]
    assert rows[0]["themes"] == "klimat|mobilitet"
    assert rows[0]["submitted_by"] == "Maria Medarbetare"
    everything = client.get("/api/v1/ideas.csv").get_data(as_text=True)
    assert "@" not in everything and "Intern idé" not in everything and "Utkast" not in everything
    assert client.get("/api/v1/ideas.csv?updated_since=nej").status_code == 400


def test_csv_cells_never_start_a_formula(client, open_data, save):
    open_data.public[0].title = "=1+1"
    save()
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/ideas.csv").get_data(as_text=True))))
    assert rows[0]["title"] == "'=1+1"
    assert client.get(f"/api/v1/ideas/{open_data.public[0].id}").json["title"] == "=1+1"


def test_challenges_and_units(client, open_data, add_idea, save):
    add_idea(open_data.staff, "idea", visibility="internal", challenge_id=open_data.challenge.id)
    save()
    items = client.get("/api/v1/challenges").json["items"]
    challenge = next(c for c in items if c["id"] == open_data.challenge.id)
    assert challenge["public_idea_count"] == 1  # the internal answer is not counted
    assert challenge["unit"] == {"id": open_data.trafik.id, "name": "Trafikkontoret"}
    assert challenge["is_open"] is True and challenge["opens_on"] == "2026-01-01"
    units = {u["name"]: u for u in client.get("/api/v1/units").json["items"]}
    assert units["Trafikkontoret"]["kind"] == "forvaltning"
    assert units["Trafikkontoret"]["kind_label"] == "Förvaltning"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/units.csv").get_data(as_text=True))))
    assert {"id", "name", "kind", "kind_label"} == set(rows[0])
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/challenges.csv").get_data(as_text=True)))
    )
    assert any(r["title"] == "Tryggare cykelvägar" for r in rows)


def test_labels_are_swedish_whatever_the_visitors_language(client, open_data):
    client.post("/language", data={"lang": "en", "next": "/"})
    idea = client.get(f"/api/v1/ideas/{open_data.public[1].id}").json
    assert idea["state_label"] == "Idé" and idea["submitted_by"] == "Anonym"


def test_the_list_asks_a_fixed_number_of_questions(
    client, open_data, add_idea, save, query_counter
):
    client.get("/api/v1/ideas?limit=100")
    with query_counter() as few:
        client.get("/api/v1/ideas?limit=100")
    for n in range(15):
        add_idea(open_data.shown if n % 2 else open_data.staff, "idea", themes=["klimat"])
    save()
    with query_counter() as many:
        response = client.get("/api/v1/ideas?limit=100")
    assert len(response.json["items"]) == len(open_data.public) + 15
    # One statement: the ideas with their owners, units, challenges and themes.
    assert len(many) == len(few) == 1


def test_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {
        "/ideas",
        "/ideas.csv",
        "/ideas/{idea_id}",
        "/challenges",
        "/challenges.csv",
        "/units",
        "/units.csv",
        "/indicators",
    }
    idea = document["components"]["schemas"]["Idea"]
    assert idea["additionalProperties"] is False
    assert "email" not in str(document).lower().replace("e-postadress", "")


def test_the_api_needs_no_csrf_token(app, client, open_data, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.get("/api/v1/ideas").status_code == 200
    assert client.post("/api/v1/ideas").status_code == 405  # not a CSRF 400: nothing to post


def test_votes_and_counts_are_public_but_not_who_voted(client, open_data):
    from ideasluss.ideas.models import Vote

    db.session.add(Vote(idea_id=open_data.public[0].id, user_id=open_data.hidden.id))
    db.session.flush()
    text = client.get(f"/api/v1/ideas/{open_data.public[0].id}").get_data(as_text=True)
    assert "Dold" not in text and "@" not in text
