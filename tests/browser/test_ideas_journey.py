"""Ideas in a real browser (issue 3, item 12): from submission to förstudie, votes and comments
with and without JavaScript, similar-idea suggestions, and internal ideas kept from residents.

A newly registered resident acknowledges the IP principles and submits an idea; the demo coach
finds it in the triage inbox, triages it as an innovation with themself as coach, and moves it
to förstudie through the gate decision form; the resident reads both motivations in the history
and the notifications. Everything is clicked by label and role with the site's
Content-Security-Policy in force; axe checks each page in a CSP-bypassing twin browser of the
same person.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from ideasluss.accounts.models import User
from ideasluss.core.session import commit
from ideasluss.extensions import db
from ideasluss.ideas.models import Idea
from ideasluss.ideas.operations import create_idea, submit_idea
from ideasluss.ip.models import IpPrinciples
from tests.browser.conftest import DEMO_ACCOUNTS, assert_accessible

TITLE = "Laddplatser för elrullstolar vid tunnelbanans entréer"
PROBLEM = "Den som kör elrullstol kan inte ladda den under en lång resa genom staden."
PROPOSAL = "Sätt upp laddstolpar för elrullstolar vid de största tunnelbaneentréerna."
VALUE = "Fler kan resa på egen hand, och färdtjänsten behövs mer sällan."
TRIAGE_MOTIVATION = "Ett tydligt behov som ingen förvaltning löser i dag: en innovation."
DECISION_MOTIVATION = "Trafikkontoret vill pröva laddplatserna vid två stationer i en förstudie."
TRIAGE_CHECKLIST = (
    "Problemet och vem det gäller är beskrivet",
    "Det förväntade värdet är beskrivet",
    "Idén är väsentligt ny och värdeskapande, inte bara en korrigering",
)
PRESTUDY_CHECKLIST = (
    "Problemet och vem det gäller är beskrivet",
    "Det förväntade värdet är beskrivet",
    "Idégivaren och en mottagande verksamhet vill driva förstudien",
)
PASSWORD = "en lång och hemlig fras 2026"
# A public demo idea found as similar by words of its title, and an internal one whose title
# has a word no public idea uses.
SIMILAR_TITLE = "Instrumentbibliotek: låna musikinstrument som böcker"
INTERNAL_TITLE = "Prediktivt underhåll av pumpstationer med maskininlärning"
INTERNAL_WORD = "pumpstationer"


def unique_email(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.se"


def accessible(open_page, page):
    """axe on what `page` shows, opened by the same person in a CSP-bypassing browser."""
    twin = open_page(bypass_csp=True, storage_state=page.context.storage_state())
    twin.goto(page.url)
    assert_accessible(twin)
    return twin


def flash(page, text):
    """The flashed message containing `text`, once it is shown."""
    message = page.get_by_role("status").filter(has_text=text)
    expect(message).to_be_visible()
    return message


def for_idea(action, title=TITLE):
    """A row link's name: the action and, for screen readers, ": <the idea's title>"."""
    return re.compile(rf"^{action}\s*:\s*{re.escape(title)}$")


def idea_id_of(page):
    return int(re.search(r"/ideas/(\d+)", page.url).group(1))


@pytest.fixture(scope="module")
def principles(live_server):
    with live_server.app.app_context():
        in_force = IpPrinciples.in_force()
        assert in_force is not None, "the demo has published IP principles"
        version = in_force.version
        db.session.remove()
    return version


@pytest.fixture(scope="module")
def demo_idea_ids(live_server):
    """The ids of the demo ideas the tests name by title."""
    with live_server.app.app_context():
        ids = dict(
            db.session.execute(
                db.select(Idea.title, Idea.id).where(
                    Idea.title.in_([SIMILAR_TITLE, INTERNAL_TITLE])
                )
            ).all()
        )
        internal = db.session.get(Idea, ids[INTERNAL_TITLE])
        assert internal.visibility == "internal" and internal.state != "draft"
        db.session.remove()
    return ids


@pytest.fixture
def fresh_idea(live_server):
    """A public idea the demo employee has just submitted: no votes, no comments."""

    def make(title):
        with live_server.app.app_context():
            owner = User.by_email(DEMO_ACCOUNTS["employee"][0])
            idea = create_idea(
                owner,
                title=title,
                problem="Det är svårt att hitta en ledig bänk i skuggan på Medborgarplatsen.",
                proposal="Ställ ut flyttbara bänkar under träden från maj till september.",
                value="Fler äldre stannar kvar och umgås på torget.",
            )
            submit_idea(idea, owner, acknowledged_ip=True)
            commit()
            idea_id = idea.id
            db.session.remove()
        return idea_id

    return make


def register_resident(page, name):
    email = unique_email("idegivare")
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Skapa konto").click()
    page.get_by_label("Namn", exact=True).fill(name)
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    flash(page, "Ditt konto är skapat.")
    return email


def test_a_resident_submits_an_idea_and_a_coach_takes_it_to_prestudy(
    open_page, live_server, principles
):
    coach_name = DEMO_ACCOUNTS["coach"][1]

    # --- A new resident acknowledges the IP principles and submits an idea ---------------------
    resident = open_page()
    email = register_resident(resident, "Rita Rullstolsdóttir")
    resident.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Idéer").click()
    resident.get_by_role("link", name="Lämna en idé").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Lämna en idé")

    form_twin = accessible(open_page, resident)  # the empty form
    form_twin.get_by_role("button", name="Skicka in").click()  # nothing filled in: errors
    expect(form_twin.get_by_role("alert")).to_contain_text("Skriv en rubrik.")
    assert_accessible(form_twin)

    resident.get_by_label("Rubrik").fill(TITLE)
    resident.get_by_label("Problem", exact=True).fill(PROBLEM)
    resident.get_by_label("Förslag", exact=True).fill(PROPOSAL)
    resident.get_by_label("Värde", exact=True).fill(VALUE)
    resident.get_by_role("group", name="Slags värde").get_by_label("Socialt värde").check()
    resident.get_by_role("group", name="Teman", exact=True).get_by_label(
        "Mobilitet och trafik"
    ).check()
    # Residents' ideas are public: they get no choice of visibility or unit.
    expect(resident.get_by_role("group", name="Vem får se idén?")).to_have_count(0)

    ip = resident.get_by_role("group", name="Principer för immateriella rättigheter")
    whole_text = ip.get_by_role("link", name=f"Läs hela principerna (version {principles})")
    expect(whole_text).to_have_attribute("href", "/ip/")
    with resident.context.expect_page() as opened:
        whole_text.click()  # opens in a new tab, leaving the form as it is
    expect(opened.value.get_by_role("heading", level=1)).to_be_visible()
    opened.value.close()
    ip.get_by_label(
        "Jag har läst principerna för immateriella rättigheter och godkänner dem."
    ).check()
    resident.get_by_role("button", name="Skicka in").click()

    flash(resident, "Tack! Idén är inskickad")
    expect(resident.get_by_role("heading", level=1)).to_have_text(TITLE)
    idea_path = f"/ideas/{idea_id_of(resident)}"
    expect(resident.get_by_text("Läge: Inskickad")).to_be_visible()

    # --- The coach triages it as an innovation and becomes its coach --------------------------
    coach = open_page("coach")
    coach.goto("/")
    coach.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Coach").click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Triage: inskickade idéer")
    row = coach.get_by_role("row").filter(has=coach.get_by_role("link", name=TITLE, exact=True))
    expect(row).to_contain_text("Rita Rullstolsdóttir")
    row.get_by_role("link", name=for_idea("Triagera")).click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Triagera idén")
    accessible(open_page, coach)

    coach.get_by_role("group", name="Klassificering").get_by_label("Innovation").check()
    coach.get_by_label("Coach", exact=True).select_option(label=coach_name)
    # What the resident chose is already ticked.
    expect(
        coach.get_by_role("group", name="Teman", exact=True).get_by_label("Mobilitet och trafik")
    ).to_be_checked()
    gate = coach.get_by_role("group", name="Grinden till idé (gäller innovationer)")
    for label in TRIAGE_CHECKLIST:
        gate.get_by_label(label).check()
    coach.get_by_label("Motivering").fill(TRIAGE_MOTIVATION)
    coach.get_by_role("button", name="Spara triage").click()
    flash(coach, "Idén är godkänd som innovation och har fått en coach.")
    expect(coach.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)  # inbox emptied

    # --- ...and moves it to förstudie through the gate decision form --------------------------
    coach.get_by_role("navigation", name="Coachens sidor").get_by_role(
        "link", name="Mina idéer"
    ).click()
    coach.get_by_role("row").filter(has_text=TITLE).get_by_role(
        "link", name=for_idea("Beslut")
    ).click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Fatta beslut om idén")
    accessible(open_page, coach)

    coach.get_by_role("group", name="Beslut", exact=True).get_by_role(
        "radio", name="Starta förstudie"
    ).check()
    gate = coach.get_by_role("group", name="Grind för ”Starta förstudie”")
    for label in PRESTUDY_CHECKLIST:
        gate.get_by_label(label).check()
    coach.get_by_label("Motivering").fill(DECISION_MOTIVATION)
    coach.get_by_role("button", name="Fatta beslutet").click()
    flash(coach, "Beslutet är fattat: idén är nu Förstudie.")
    expect(coach.get_by_role("heading", level=1)).to_have_text(TITLE)
    facts = coach.get_by_role("complementary")
    expect(facts).to_contain_text(coach_name)
    accessible(open_page, coach)  # the idea page, as the coach

    # --- The resident reads the history and the notifications ---------------------------------
    # The notifications are written with the decisions (only their e-mails go through jobs).
    resident.goto("/")
    notices = resident.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name=re.compile(r"^Notiser 2 olästa$")
    )
    expect(notices).to_be_visible()
    notices.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Notiser")
    notes = resident.get_by_role("main").get_by_role("listitem")
    expect(
        notes.filter(has_text=f"”{TITLE}” har flyttats från Idé till Förstudie.")
    ).to_be_visible()
    expect(
        notes.filter(has_text=f"”{TITLE}” har flyttats från Inskickad till Idé.")
    ).to_be_visible()
    accessible(open_page, resident)
    resident.get_by_role("link", name="Välj vilka notiser du får och hur").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Inställningar för notiser")
    accessible(open_page, resident)

    resident.goto("/notifications/")
    resident.get_by_role("button", name=for_idea("Öppna och markera som läst")).first.click()
    expect(resident).to_have_url(re.compile(rf"{idea_path}$"))
    pipeline = resident.get_by_role("region", name="Var idén står i idéslussen")
    expect(pipeline.get_by_role("listitem").filter(has_text="Förstudie")).to_have_attribute(
        "aria-current", "step"
    )
    history = resident.get_by_role("region", name="Historik")
    steps = history.get_by_role("listitem").filter(has_text="Beslut av")
    expect(steps).to_have_count(3)  # submitted, accepted, förstudie
    expect(steps.nth(1)).to_contain_text("Godkänn som idé")
    expect(steps.nth(1)).to_contain_text("Från Inskickad till Idé")
    expect(steps.nth(1)).to_contain_text(TRIAGE_MOTIVATION)
    expect(steps.nth(2)).to_contain_text("Starta förstudie")
    expect(steps.nth(2)).to_contain_text("Från Idé till Förstudie")
    expect(steps.nth(2)).to_contain_text(f"Beslut av {coach_name}.")
    expect(steps.nth(2)).to_contain_text(DECISION_MOTIVATION)
    expect(steps.nth(2)).to_contain_text(PRESTUDY_CHECKLIST[2])
    accessible(open_page, resident)  # the idea page, as its resident owner

    # The state changes reached the resident by e-mail too (outbox, then a job: it may take a
    # moment with a worker process).
    mails = live_server.wait_for_mail(email)
    assert any(TITLE in message["Subject"] for message in mails)

    # --- A visitor finds it through the list's filters --------------------------------------
    visitor = open_page()
    visitor.goto("/ideas/")
    visitor.get_by_label("Läge", exact=True).select_option(label="Förstudie")
    visitor.get_by_label("Tema", exact=True).select_option(label="Mobilitet och trafik")
    visitor.get_by_role("button", name="Visa idéer").click()
    expect(visitor).to_have_url(re.compile(r"state=prestudy"))
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    accessible(open_page, visitor)  # the list with filters applied
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_role("region", name="Historik")).to_contain_text(DECISION_MOTIVATION)
    accessible(open_page, visitor)  # the idea page, as a visitor


def vote_count(page):
    return page.locator("#vote .vote-count")


def test_voting_and_commenting_with_htmx_update_the_page_in_place(open_page, fresh_idea):
    idea_id = fresh_idea("Flyttbara bänkar i skuggan på Medborgarplatsen")
    page = open_page("resident")
    page.goto(f"/ideas/{idea_id}")
    url = page.url
    page.evaluate("window.pageMarker = 'same page'")  # gone if the page were loaded again

    expect(vote_count(page)).to_have_text("0 röster")
    vote = page.get_by_role("button", name="Rösta på idén")
    expect(vote).to_have_attribute("aria-pressed", "false")
    vote.click()
    expect(vote_count(page)).to_have_text("1 röst – du har röstat")
    expect(page.get_by_role("button", name="Rösta på idén")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_role("button", name="Rösta på idén").click()  # and take it back
    expect(vote_count(page)).to_have_text("0 röster")
    page.get_by_role("button", name="Rösta på idén").click()
    expect(vote_count(page)).to_have_text("1 röst – du har röstat")

    comments = page.get_by_role("region", name=re.compile(r"^Kommentarer"))
    expect(comments.get_by_role("heading", level=2)).to_have_text("Kommentarer (0)")
    body = comments.get_by_label("Din kommentar", exact=True)
    body.fill("Bra idé! *Gärna* med bänkar som har armstöd.")
    comments.get_by_role("button", name="Publicera kommentaren").click()
    comment = comments.get_by_role("listitem").filter(has_text="Gärna med bänkar som har armstöd.")
    expect(comment).to_be_visible()
    expect(comment.locator("em")).to_have_text("Gärna")  # Markdown, rendered
    expect(comments.get_by_label("Din kommentar", exact=True)).to_have_value(
        ""
    )  # the form is cleared
    expect(comments.get_by_role("heading", level=2)).to_have_text("Kommentarer (1)")
    expect(comments.get_by_role("status")).to_have_text("Din kommentar är publicerad.")
    expect(page.get_by_text("Inga kommentarer än.")).to_have_count(0)

    assert page.url == url
    assert page.evaluate("window.pageMarker") == "same page"
    # Reloaded, the page shows the same.
    page.reload()
    expect(vote_count(page)).to_have_text("1 röst – du har röstat")
    expect(comment).to_be_visible()


def test_voting_and_commenting_work_without_javascript(open_page, fresh_idea):
    idea_id = fresh_idea("Flyttbara bänkar i skuggan på Mariatorget")
    page = open_page("resident", java_script_enabled=False)
    page.goto(f"/ideas/{idea_id}")

    expect(vote_count(page)).to_have_text("0 röster")
    page.get_by_role("button", name="Rösta på idén").click()
    flash(page, "Din röst är registrerad.")  # a whole new page, with the message
    expect(page).to_have_url(re.compile(rf"/ideas/{idea_id}#vote$"))
    expect(vote_count(page)).to_have_text("1 röst – du har röstat")
    page.get_by_role("button", name="Rösta på idén").click()
    flash(page, "Din röst är borttagen.")
    expect(vote_count(page)).to_have_text("0 röster")

    comments = page.get_by_role("region", name=re.compile(r"^Kommentarer"))
    # Only spaces pass the browser's own check for a required field, but not the server's.
    comments.get_by_label("Din kommentar", exact=True).fill("   ")
    comments.get_by_role("button", name="Publicera kommentaren").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv något i kommentaren.")
    page.get_by_label("Din kommentar", exact=True).fill("Fungerar det här utan JavaScript? Ja!")
    page.get_by_role("button", name="Publicera kommentaren").click()
    flash(page, "Din kommentar är publicerad.")
    comments = page.get_by_role("region", name=re.compile(r"^Kommentarer"))
    expect(comments.get_by_role("listitem").filter(has_text="utan JavaScript? Ja!")).to_be_visible()
    expect(comments.get_by_role("heading", level=2)).to_have_text("Kommentarer (1)")
    expect(page.get_by_label("Din kommentar", exact=True)).to_have_value("")


def test_similar_ideas_are_suggested_while_the_title_is_typed(open_page, demo_idea_ids):
    page = open_page("resident")
    page.goto("/ideas/new")
    page.get_by_label("Rubrik").press_sequentially("Låna musikinstrument", delay=20)

    suggestions = page.locator("#similar-ideas")
    expect(suggestions.get_by_role("heading", name="Liknande idéer")).to_be_visible()
    link = suggestions.get_by_role("link", name=re.compile(rf"^{re.escape(SIMILAR_TITLE)}"))
    expect(link).to_have_attribute("href", f"/ideas/{demo_idea_ids[SIMILAR_TITLE]}")

    page.get_by_label("Rubrik").fill("")
    expect(suggestions.get_by_role("heading", name="Liknande idéer")).to_have_count(0)

    # An internal idea is never suggested to a resident: typing a word of its title along with
    # the public idea's brings the public one back, and only that.
    page.get_by_label("Rubrik").press_sequentially(f"{INTERNAL_WORD} och musikinstrument", delay=20)
    expect(link).to_be_visible()
    expect(suggestions).not_to_contain_text(INTERNAL_TITLE)


@pytest.mark.parametrize("role", ["visitor", "resident"])
def test_an_internal_idea_is_never_shown_to_visitors_or_residents(open_page, demo_idea_ids, role):
    page = open_page(role)
    response = page.goto(f"/ideas/{demo_idea_ids[INTERNAL_TITLE]}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    expect(page.get_by_text(INTERNAL_TITLE)).to_have_count(0)

    page.goto(f"/ideas/?q={INTERNAL_WORD}")
    expect(page.get_by_role("status")).to_have_text("Inga idéer hittades.")
    expect(page.get_by_text(INTERNAL_TITLE)).to_have_count(0)


def test_staff_do_find_the_internal_idea(open_page, demo_idea_ids):
    """The other side of the test above: the search does find it, for the city's staff."""
    page = open_page("employee")
    page.goto("/ideas/")
    page.get_by_label("Sök", exact=True).fill(INTERNAL_WORD)
    page.get_by_role("button", name="Visa idéer").click()
    expect(page.get_by_role("link", name=INTERNAL_TITLE)).to_be_visible()
    page.get_by_role("link", name=INTERNAL_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INTERNAL_TITLE)
    expect(page.get_by_text("Intern idé – syns bara för stadens medarbetare")).to_be_visible()
