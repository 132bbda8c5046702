"""Search relevance (tiers read in id order), the words a query stands for, similar ideas."""

import re

import pytest

from ideasluss.core import search
from ideasluss.extensions import db
from ideasluss.ideas.queries import PER_PAGE

from .test_list import html, ids, link, titles


def walk(client, url, rel="next"):
    pages = []
    while url:
        response = client.get(url)
        pages.append(ids(response))
        url = link(response, rel)
    return pages


def similar(client, title, problem="", **args):
    response = client.get(
        "/ideas/similar", query_string={"title": title, "problem": problem, **args}
    )
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'href="/ideas/(\d+)"', html(response))]


# Relevance


def test_every_word_in_the_title_first_then_some_then_the_rest_newest_first(
    client, make_idea, save
):
    in_title = make_idea(title="Belysning i parken", problem="Mörkt.")
    text_only = make_idea(title="Tryggare kvällar", problem="Bättre belysning i parken.")
    one_in_title = make_idea(title="Belysning på torget", proposal="Och i parken.")
    newer_in_title = make_idea(title="Parkens belysning", problem="Mörkt.")
    compound = make_idea(title="Parkbelysning", proposal="Belysning.")  # park* in the title
    make_idea(title="Belysning", problem="Bara det ena ordet.")
    save()
    expected = [newer_in_title, in_title, compound, one_in_title, text_only]
    assert ids(client.get("/ideas/?q=belysning+park")) == [i.id for i in expected]
    # The export and other readers of the rank order the same way.
    assert ids(client.get("/ideas/?q=belysning+park&sort=relevance")) == [i.id for i in expected]


@pytest.mark.parametrize("role", ["visitor", "employee"])
def test_cursor_pages_cross_the_tiers_forth_and_back(
    client, auth, make_user, make_idea, save, role
):
    owner = make_user("employee")
    made = []
    for n in range(PER_PAGE + 12):
        # Every third in the title, the rest in the text; internal ones only staff see.
        title = f"Cykelväg {n}" if n % 3 == 0 else f"Säkrare väg {n}"
        visibility = "internal" if n % 4 == 0 else "public"
        made.append(
            make_idea(owner=owner, title=title, problem="Cykel och väg.", visibility=visibility)
        )
    save()
    if role != "visitor":
        auth.login(make_user(role))
    seen = [i for i in made if role == "employee" or i.visibility == "public"]
    expected = [i.id for i in sorted(seen, key=lambda i: (i.title[0] != "C", -i.id))]

    pages = walk(client, "/ideas/?q=cykel")
    assert [i for page in pages for i in page] == expected
    assert all(len(page) == PER_PAGE for page in pages[:-1])
    last = "/ideas/?q=cykel"
    for _ in range(len(pages) - 1):
        last = link(client.get(last), "next")
    assert walk(client, last, rel="prev") == list(reversed(pages))
    for number, page in enumerate(pages, start=1):
        assert ids(client.get(f"/ideas/?q=cykel&page={number}")) == page


def test_a_word_no_idea_has_finds_nothing_and_stop_words_are_left_out(client, make_idea, save):
    make_idea(title="Cykelbana och park")
    save()
    assert titles(client.get("/ideas/?q=cykel+zyxwvu")) == []
    assert titles(client.get("/ideas/?q=cykel+och")) == ["Cykelbana och park"]
    if db.engine.dialect.name == "postgresql":  # SQLite's index keeps the stop words
        assert titles(client.get("/ideas/?q=och+det")) == []


def test_new_and_edited_words_are_found_by_their_beginning(client, make_user, make_idea, save):
    from ideasluss.ideas.operations import update_idea

    owner = make_user("employee")
    make_idea(owner=owner, title="Lånecykelkarta")
    idea = make_idea(owner=owner, title="Annat")
    save()
    assert titles(client.get("/ideas/?q=lånecykel")) == ["Lånecykelkarta"]
    update_idea(
        idea,
        owner,
        version=idea.version,
        themes=(),
        value_kinds=(),
        title="Annat",
        proposal="Solcellsparkeringar överallt.",
    )
    save()
    assert titles(client.get("/ideas/?q=solcell")) == ["Annat"]
    assert similar(client, "Solceller") == [idea.id]


@pytest.mark.parametrize("most", [0, 1, 64])
def test_a_prefix_standing_for_many_words_gives_the_same_ideas(
    client, make_idea, save, monkeypatch, most
):
    monkeypatch.setattr(search, "MAX_EXPANSION", most)
    for word in ("Skolgård", "Skolmat", "Skolväg", "Skola"):
        make_idea(title=f"{word} i staden")
    make_idea(title="Förskola", problem="Inget om det andra.")
    save()
    assert sorted(titles(client.get("/ideas/?q=skola"))) == [
        "Skola i staden",
        "Skolgård i staden",
        "Skolmat i staden",
        "Skolväg i staden",
    ]


# Similar ideas


def test_similar_ideas_come_by_how_much_they_share_before_how_new_they_are(client, make_idea, save):
    # Made oldest first: the newest first would be the reverse.
    made = [
        make_idea(title="Slängd mat: matsvinn i skolan", problem="Annat."),  # all, in title
        make_idea(title="Mindre matsvinn", problem="Skolmaten slängs."),  # all, anywhere
        make_idea(title="Skolans matsvinn", problem="Annat."),  # the title's words, in title
        make_idea(title="Matsvinn i köket", problem="Annat."),  # some word in the title
        make_idea(title="Kökets avfall", problem="Maten slängs."),  # some word anywhere
    ]
    make_idea(title="Trafik", problem="Annat.")
    save()
    assert similar(client, "matsvinn skola", "slängs") == [i.id for i in made]
    assert similar(client, "matsvinn skola", "slängs", exclude=made[0].id) == [
        i.id for i in made[1:]
    ]


def test_similar_ideas_need_no_more_statements_for_more_ideas(
    client, make_idea, save, query_counter
):
    def count():
        db.session.expire_all()
        with query_counter() as statements:
            similar(client, "cykel parkering", "många cyklar utan ställ")
        return len(statements)

    make_idea(title="Cykelparkering vid skolan")
    save()
    few = count()
    for n in range(12):
        make_idea(title=f"Cykel {n}", problem="Parkering.")
    save()
    assert count() <= few <= 9
