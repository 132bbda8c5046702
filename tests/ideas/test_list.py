"""Finding ideas: the list, its filters, sorts, search, cursor pagination and similar ideas."""

import html as html_lib
import re
from datetime import datetime, timedelta

import pytest

from ideasluss.extensions import db
from ideasluss.ideas.models import Challenge, TeamMember
from ideasluss.ideas.queries import MAX_PAGE, PER_PAGE, decode_cursor, encode_cursor

VIEWERS = ["visitor", "resident", "employee", "coach", "admin"]
STAFF = {"employee", "coach", "admin"}
CARD_TITLE = re.compile(r'class="idea-card-title"><a href="/ideas/(\d+)">([^<]+)</a>')


def html(response):
    return response.get_data(as_text=True)


def titles(response):
    assert response.status_code == 200, html(response)
    return [html_lib.unescape(t) for _id, t in CARD_TITLE.findall(html(response))]


def ids(response):
    assert response.status_code == 200, html(response)
    return [int(i) for i, _t in CARD_TITLE.findall(html(response))]


def link(response, rel):
    match = re.search(rf'<a href="([^"]+)" rel="{rel}"', html(response))
    return html_lib.unescape(match.group(1)) if match else None


@pytest.fixture
def sign_in(auth, make_user):
    """Sign in as a new user with `role`, or stay a visitor."""

    def sign(role):
        if role == "visitor":
            return None
        user = make_user(role)
        auth.login(user)
        return user

    return sign


@pytest.fixture
def make_challenge(make_unit, make_user):
    def make(title="Utmaningen"):
        today = datetime.now().date()
        challenge = Challenge(
            title=title,
            description="Beskrivning.",
            unit=make_unit(),
            opens_on=today - timedelta(days=5),
            closes_on=today + timedelta(days=5),
            created_by_id=make_user("admin").id,
        )
        db.session.add(challenge)
        db.session.flush()
        return challenge

    return make


# Who sees what


@pytest.mark.parametrize("where", ["list", "search", "similar", "fragment"])
@pytest.mark.parametrize("visibility", ["public", "internal"])
@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_visibility_matrix(client, sign_in, make_idea, save, viewer, visibility, where):
    idea = make_idea(visibility=visibility, title="Solceller på förskolornas tak")
    save()
    sign_in(viewer)
    url, headers = {
        "list": ("/ideas/", {}),
        "search": ("/ideas/?q=solcellerna", {}),
        "similar": ("/ideas/similar?title=Solcell&problem=tak", {}),
        "fragment": ("/ideas/?q=förskolor", {"HX-Request": "true"}),
    }[where]
    page = html(client.get(url, headers=headers))
    expected = visibility == "public" or viewer in STAFF
    assert (idea.title in page) == expected
    assert (f"/ideas/{idea.id}" in page) == expected


@pytest.mark.parametrize("viewer", VIEWERS)
def test_unlisted_states_are_not_listed(client, sign_in, make_idea, save, viewer):
    shown = make_idea(state="idea", title="Synlig idé")
    for state in ("draft", "withdrawn"):
        make_idea(state=state, title=f"Dold idé {state}")
    make_idea(state="merged", title="Dold idé merged", merged_into_id=shown.id)
    save()
    sign_in(viewer)
    for url in ("/ideas/", "/ideas/?q=idé", "/ideas/similar?title=idé"):
        page = html(client.get(url))
        assert "Synlig idé" in page
        assert "Dold idé" not in page, url


def test_the_team_sees_its_own_internal_idea(client, auth, make_user, make_idea, save):
    # A resident cannot write internal ideas, but Idea.can_view lets the team see theirs.
    resident = make_user("resident")
    idea = make_idea(visibility="internal", team=[resident], title="Vår interna idé")
    save()
    auth.login(resident)
    assert idea.title in titles(client.get("/ideas/"))


@pytest.mark.parametrize("sort", ["newest", "votes"])
def test_a_residents_internal_ideas_are_listed_once_on_every_page(
    client, auth, make_user, make_idea, save, sort
):
    # Owned and co-written internal ideas are read as separate branches of the list: an idea
    # the resident both owns and is on the team of must still come once, and page numbers
    # must count it once. (Internal ideas of their own: written while they worked here.)
    resident = make_user("employee")
    owned = make_idea(owner=resident, visibility="internal", title="Egen intern idé")
    cowritten = make_idea(visibility="internal", team=[resident], title="Medskriven idé")
    both = make_idea(owner=resident, visibility="internal", title="Egen och i teamet")
    db.session.add(TeamMember(idea_id=both.id, user_id=resident.id))
    resident.set_roles({"resident"})
    hidden = make_idea(visibility="internal", title="Någon annans interna idé")
    for n in range(PER_PAGE):
        make_idea(title=f"Offentlig idé {n}", vote_count=n % 3)
    save()
    auth.login(resident)
    pages = walk(client, f"/ideas/?sort={sort}")
    shown = [idea_id for page in pages for idea_id in page]
    assert len(shown) == len(set(shown)) == PER_PAGE + 3
    assert {owned.id, cowritten.id, both.id} <= set(shown)
    assert hidden.id not in shown
    assert ids(client.get(f"/ideas/?sort={sort}&page=2")) == pages[1]


# Filters and sorts


def test_filters_each_narrow_the_list(client, sign_in, make_idea, make_unit, make_challenge, save):
    north, south = make_unit(), make_unit()
    challenge = make_challenge()
    make_idea(title="A", state="idea", unit=north, themes=["klimat"], value_kinds=["economic"])
    make_idea(title="B", state="pilot", unit=south, themes=["skola", "klimat"])
    make_idea(title="C", state="pilot", unit=north, value_kinds=["social", "environmental"])
    make_idea(title="D", state="declined", challenge=challenge, themes=["skola"])
    save()
    sign_in("visitor")
    cases = {
        "": ["D", "C", "B", "A"],
        "state=pilot": ["C", "B"],
        "state=declined": ["D"],
        "state=draft": ["D", "C", "B", "A"],  # not a filter anyone may use: ignored
        f"unit={north.id}": ["C", "A"],
        f"unit={south.id}&state=pilot": ["B"],
        "theme=klimat": ["B", "A"],
        "theme=skola&state=pilot": ["B"],
        "value=economic": ["A"],
        "value=environmental": ["C"],
        f"challenge={challenge.id}": ["D"],
        "unit=abc&theme=nope&value=x&challenge=²&sort=weird": ["D", "C", "B", "A"],
    }
    for query, expected in cases.items():
        assert titles(client.get(f"/ideas/?{query}")) == expected, query


def test_the_sorts(client, sign_in, make_idea, save):
    now = datetime(2026, 11, 1, 12, 0)
    make_idea(title="Äldst", vote_count=5, last_activity_at=now - timedelta(days=1))
    make_idea(title="Mitten", vote_count=9, last_activity_at=now - timedelta(days=3))
    make_idea(title="Lika röster", vote_count=5, last_activity_at=now)
    make_idea(title="Nyast", vote_count=0, last_activity_at=now - timedelta(days=2))
    save()
    sign_in("resident")
    expected = {
        "": ["Nyast", "Lika röster", "Mitten", "Äldst"],
        "sort=newest": ["Nyast", "Lika röster", "Mitten", "Äldst"],
        # Ties are broken by the newest first.
        "sort=votes": ["Mitten", "Lika röster", "Äldst", "Nyast"],
        "sort=active": ["Lika röster", "Äldst", "Nyast", "Mitten"],
        "sort=relevance": ["Nyast", "Lika röster", "Mitten", "Äldst"],  # no search: newest
    }
    for query, order in expected.items():
        assert titles(client.get(f"/ideas/?{query}")) == order, query


def test_search_sorts_by_relevance_unless_told_otherwise(client, sign_in, make_idea, save):
    make_idea(
        title="Cykelbibliotek för barn",
        problem="Barn som inte har en cykel kan inte cykla till skolan.",
        proposal="Ett bibliotek där man lånar cyklar.",
    )
    make_idea(title="Fler parkbänkar", proposal="Bänkar längs cykelbanan.", vote_count=3)
    make_idea(title="Tystare skolgårdar", problem="Buller.")
    save()
    sign_in("visitor")
    assert titles(client.get("/ideas/?q=cykel")) == ["Cykelbibliotek för barn", "Fler parkbänkar"]
    assert titles(client.get("/ideas/?q=cykel&sort=newest")) == [
        "Fler parkbänkar",
        "Cykelbibliotek för barn",
    ]
    assert titles(client.get("/ideas/?q=cykel+barn")) == ["Cykelbibliotek för barn"]
    assert titles(client.get("/ideas/?q=cykel&sort=votes"))[0] == "Fler parkbänkar"
    empty = client.get("/ideas/?q=helikopter")
    assert titles(empty) == [] and "Inga idéer matchar" in html(empty)
    assert titles(client.get("/ideas/?q=%21%21%21")) == []  # no words at all


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("cykel", "Cyklarna står i vägen"),
        ("cykel", "Fler cyklar i innerstaden"),
        ("cyklar", "En cykel till varje skolbarn"),
        ("äldreboende", "Musik på äldreboenden"),
        ("äldreboenden", "Ett grönare äldreboende"),
        ("solceller", "Solcellerna på taket"),
        ("nyckel", "Digitala nycklar till lokaler"),
    ],
)
def test_search_finds_swedish_inflections(client, make_idea, save, query, text):
    make_idea(title=text)
    make_idea(title="Något helt annat", problem="Om buller.")
    save()
    assert titles(client.get(f"/ideas/?q={query}")) == [text]
    assert text in html(client.get(f"/ideas/similar?title={query}"))


def test_search_looks_in_the_problem_and_proposal_too(client, make_idea, save):
    make_idea(title="Rubrik", problem="Många äldreboenden saknar trädgård.")
    make_idea(title="Annan rubrik", proposal="Låna ut elcyklar.")
    save()
    assert titles(client.get("/ideas/?q=äldreboende")) == ["Rubrik"]
    assert titles(client.get("/ideas/?q=elcykel")) == ["Annan rubrik"]


def test_edited_text_is_found_by_its_new_words(client, auth, make_user, make_idea, save):
    from ideasluss.ideas.operations import update_idea

    owner = make_user("employee")
    idea = make_idea(owner=owner, title="Gamla ord")
    update_idea(
        idea, owner, version=idea.version, themes=(), value_kinds=(), title="Nya lekplatser"
    )
    save()
    assert titles(client.get("/ideas/?q=lekplats")) == ["Nya lekplatser"]
    assert titles(client.get("/ideas/?q=gamla")) == []


# The URL and htmx


def test_filters_live_in_the_url_and_htmx_gets_the_list_alone(client, make_idea, save):
    make_idea(title="Pilot A", state="pilot")
    save()
    page = client.get("/ideas/?state=pilot")
    text = html(page)
    assert '<form method="get" action="/ideas/"' in text
    assert 'hx-get="/ideas/"' in text and 'hx-target="#idea-results"' in text
    assert 'hx-push-url="true"' in text
    assert '<option value="pilot" selected>' in text
    assert 'id="idea-results"' in text and 'role="status"' in text
    assert "HX-Request" in page.headers["Vary"]

    fragment = client.get("/ideas/?state=pilot", headers={"HX-Request": "true"})
    assert "<html" not in html(fragment) and "<form" not in html(fragment)
    assert titles(fragment) == ["Pilot A"]
    assert 'id="idea-results-status" hx-swap-oob="innerHTML"' in html(fragment)
    assert "1 idé visas." in html(fragment)
    assert "HX-Request" in fragment.headers["Vary"]

    # Going back in history (htmx keeps no cache) asks for the whole page.
    restored = client.get(
        "/ideas/?state=pilot",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in html(restored)


# Cursor pagination


def walk(client, url, rel="next"):
    """Follow the pager from `url`; the ids of every page, in order."""
    pages = []
    while url:
        response = client.get(url)
        pages.append(ids(response))
        url = link(response, rel)
    return pages


@pytest.mark.parametrize("sort", ["newest", "votes", "active", "relevance"])
def test_cursor_pages_show_each_idea_exactly_once(client, make_user, make_idea, save, sort):
    owner = make_user("employee")
    start = datetime(2026, 1, 1)
    made = [
        make_idea(
            owner=owner,
            title=f"Cykelidé {n}",
            problem="cykel " * (n % 4 + 1),
            vote_count=n % 3,  # many ties: the id decides among them
            last_activity_at=start + timedelta(hours=n % 5),
            state="idea" if n % 2 else "pilot",
        )
        for n in range(2 * PER_PAGE + 5)
    ]
    make_idea(owner=owner, title="Utan det ordet", state="draft")
    save()
    query = f"/ideas/?sort={sort}" + ("&q=cykel" if sort == "relevance" else "")
    pages = walk(client, query)
    assert [len(p) for p in pages] == [PER_PAGE, PER_PAGE, 5]
    shown = [i for page in pages for i in page]
    assert sorted(shown) == sorted(i.id for i in made)

    if sort == "newest":
        assert shown == sorted(shown, reverse=True)
    elif sort == "votes":
        by_id = {i.id: i for i in made}
        keys = [(by_id[i].vote_count, i) for i in shown]
        assert keys == sorted(keys, reverse=True)
    elif sort == "active":
        by_id = {i.id: i for i in made}
        keys = [(by_id[i].last_activity_at, i) for i in shown]
        assert keys == sorted(keys, reverse=True)

    # And back again from the last page, page by page.
    last_url = query
    for _ in range(len(pages) - 1):
        last_url = link(client.get(last_url), "next")
    backwards = walk(client, last_url, rel="prev")
    assert backwards == list(reversed(pages))
    assert link(client.get(query), "prev") is None


def test_pages_keep_the_filters(client, make_idea, save):
    for n in range(PER_PAGE + 3):
        make_idea(title=f"Pilot {n}", state="pilot", themes=["klimat"])
        make_idea(title=f"Idé {n}", state="idea")
    save()
    response = client.get("/ideas/?state=pilot&theme=klimat&sort=votes")
    next_url = link(response, "next")
    assert "state=pilot" in next_url and "theme=klimat" in next_url and "sort=votes" in next_url
    second = client.get(next_url)
    assert all(t.startswith("Pilot") for t in titles(second)) and len(titles(second)) == 3


def test_page_numbers_for_shared_links(client, make_user, make_idea, save):
    owner = make_user("employee")
    for n in range(2 * PER_PAGE + 5):
        make_idea(owner=owner, title=f"Idé {n}", vote_count=n % 4)
    save()
    for sort in ("newest", "votes"):
        pages = walk(client, f"/ideas/?sort={sort}")
        for number, expected in enumerate(pages, start=1):
            response = client.get(f"/ideas/?sort={sort}&page={number}")
            assert ids(response) == expected
            if number > 1:
                assert ids(client.get(link(response, "prev"))) == pages[number - 2]
        assert ids(client.get(f"/ideas/?sort={sort}&page=4")) == []
    assert client.get(f"/ideas/?page={MAX_PAGE}").status_code == 200
    for bad in ("0", "-1", "abc", "²", "١", str(MAX_PAGE + 1), "9" * 30):
        assert client.get(f"/ideas/?page={bad}").status_code == 404, bad


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "", "%%%", encode_cursor("votes", 3, 5), "W1tdXQ", "x" * 500],
)
def test_a_bad_cursor_shows_the_first_page(client, make_idea, save, cursor):
    first = make_idea(title="Den enda")
    save()
    response = client.get(f"/ideas/?after={cursor}")
    assert ids(response) == [first.id]
    assert ids(client.get(f"/ideas/?before={cursor}")) == [first.id]


def test_cursors_round_trip():
    moment = datetime(2026, 3, 4, 5, 6, 7, 891011)
    assert decode_cursor(encode_cursor("active", moment, 7), "active") == (moment, 7)
    assert decode_cursor(encode_cursor("votes", 12, 7), "votes") == (12, 7)
    assert decode_cursor(encode_cursor("relevance", -0.125, 7), "relevance") == (-0.125, 7)
    assert decode_cursor(encode_cursor("newest", None, 7), "newest") == (None, 7)
    assert decode_cursor(encode_cursor("votes", 12, 7), "newest") is None
    assert decode_cursor(encode_cursor("votes", "x", 7), "votes") is None
    assert decode_cursor(encode_cursor("votes", 1, True), "votes") is None


# Cards and the number of queries


def test_a_card_shows_what_an_idea_is_about(client, make_user, make_unit, make_idea, save):
    unit = make_unit(name="Trafikkontoret")
    shy = make_user("resident", name="Greta Hemlig", show_name=False)
    make_idea(
        owner=shy,
        title="Säkrare skolvägar",
        unit=unit,
        themes=["trygghet", "mobilitet"],
        vote_count=3,
        comment_count=1,
        state="prestudy",
    )
    save()
    page = html(client.get("/ideas/"))
    for text in (
        "Säkrare skolvägar",
        "Förstudie",
        "Trafikkontoret",
        "Trygghet",
        "Mobilitet och trafik",
        "3 röster",
        "1 kommentar",
        "Anonym",
    ):
        assert text in page, text
    assert "Greta Hemlig" not in page


def test_a_card_is_written_in_the_visitors_language(client, make_user, make_unit, make_idea, save):
    shy = make_user("resident", show_name=False)
    make_idea(
        owner=shy,
        title="Säkrare skolvägar",
        unit=make_unit(name="Trafikkontoret"),
        themes=["mobilitet", "trygghet"],
        vote_count=1,
        comment_count=2,
        state="prestudy",
    )
    make_idea(title="Ny idé", vote_count=0, comment_count=1)
    save()
    client.post("/language", data={"lang": "en", "next": "/"})
    page = html(client.get("/ideas/"))
    for text in (
        "Pre-study",
        "Idea submitter",
        "Anonymous",
        "Unit",
        "Trafikkontoret",
        "Themes",
        "Safety, Mobility and traffic",  # in the order of the form
        "1 vote<",
        "2 comments",
        "0 votes",
        "1 comment<",
    ):
        assert text in page, text
    assert "röst" not in page and "Idégivare" not in page


@pytest.mark.parametrize("role", ["visitor", "employee"])
def test_the_list_reads_its_cards_with_one_query(
    client, sign_in, make_user, make_unit, make_idea, save, query_counter, role
):
    for n in range(2 * PER_PAGE + 5):
        make_idea(
            owner=make_user("employee", show_name=n % 2 == 0),
            unit=make_unit() if n % 3 else None,
            title=f"Idé {n}",
            themes=["klimat", "skola"][: n % 3],
            visibility="internal" if n % 4 == 0 else "public",
        )
    save()
    sign_in(role)
    client.get("/ideas/")

    def ideas_statements(url, **headers):
        db.session.expire_all()
        with query_counter() as statements:
            assert client.get(url, headers=headers).status_code == 200
        return [s for s in statements if "FROM ideas" in s]

    # The cards' owners, units and themes come with them; a page number costs one more query
    # (where the page starts), and the full page two more for the filter form.
    assert len(ideas_statements("/ideas/", **{"HX-Request": "true"})) == 1
    assert len(ideas_statements("/ideas/?page=2", **{"HX-Request": "true"})) == 2
    if role == "visitor":
        with query_counter() as statements:
            client.get("/ideas/")
        assert len(statements) == 3, statements
        with query_counter() as statements:
            client.get("/ideas/", headers={"HX-Request": "true"})
        assert len(statements) == 1, statements


@pytest.mark.parametrize("role", ["visitor", "employee"])
@pytest.mark.parametrize("query", ["", "?q=cykel", "?sort=votes&theme=klimat"])
def test_the_list_needs_the_same_number_of_queries_for_3_or_30_ideas(
    client, sign_in, make_user, make_unit, make_idea, save, query_counter, role, query
):
    def add(count):
        for n in range(count):
            make_idea(
                owner=make_user("employee", unit=make_unit()),
                unit=make_unit(),
                title=f"Cykelidé {n}",
                themes=["klimat", "mobilitet"],
                value_kinds=["social"],
                visibility="internal" if n % 3 == 0 else "public",
                team=[make_user("employee")],
            )
        save()

    def count():
        db.session.expire_all()
        with query_counter() as statements:
            response = client.get(f"/ideas/{query}")
        assert response.status_code == 200
        return len(statements), len(titles(response))

    sign_in(role)
    add(3)
    few, shown_few = count()
    add(27)
    many, shown_many = count()
    assert shown_many > shown_few
    assert many == few
    assert few <= 10


# Similar ideas while typing


def test_similar_ideas_are_at_most_five_best_first_and_skip_the_idea_itself(
    client, make_idea, save
):
    best = make_idea(title="Cykelpool för hemtjänsten", problem="Hemtjänsten behöver cyklar.")
    others = [make_idea(title=f"Cykel nummer {n}") for n in range(6)]
    make_idea(title="Något helt annat")
    save()
    response = client.get("/ideas/similar?title=cykelpool+hemtjänst&problem=cyklar")
    assert response.status_code == 200
    text = html(response)
    assert "<html" not in text and "Liknande idéer" in text
    found = [int(i) for i in re.findall(r'href="/ideas/(\d+)"', text)]
    assert len(found) == 5 and found[0] == best.id
    assert set(found) <= {best.id} | {o.id for o in others}

    excluded = html(client.get(f"/ideas/similar?title=cykelpool+hemtjänst&exclude={best.id}"))
    assert f'href="/ideas/{best.id}"' not in excluded


@pytest.mark.parametrize("args", ["", "title=", "title=ab", "title=%21%21%21", "exclude=x"])
def test_similar_ideas_need_some_words(client, make_idea, save, args):
    make_idea(title="ab ab ab")
    save()
    response = client.get(f"/ideas/similar?{args}")
    assert response.status_code == 200
    assert "/ideas/" not in html(response)


def test_the_form_asks_for_similar_ideas_with_htmx(client, auth, make_user, make_idea, save):
    owner = make_user("employee")
    idea = make_idea(owner=owner)
    save()
    auth.login(owner)
    for url, exclude in (("/ideas/new", False), (f"/ideas/{idea.id}/edit", True)):
        page = html(client.get(url))
        assert page.count('hx-get="/ideas/similar"') == 2  # title and problem
        assert 'hx-trigger="input changed delay:400ms"' in page
        assert 'hx-include="#title, #problem"' in page
        assert 'id="similar-ideas" class="similar-ideas" aria-live="polite"' in page
        assert ("exclude" in page) == exclude
