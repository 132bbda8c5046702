"""The innovation fund from application to closing, in a real browser (issue 4, item 10).

An employee applies for their förstudie idea in the open demo call; a coach screens it; two
committee members score it while a third declares jäv (and then finds neither control nor
route); the chair grants it; the applicant reads the decision letter and the notification; an
administrator records a payment; the applicant reports; the administrator approves the report,
which closes the application. Every page is clicked through by label and role, with the site's
Content-Security-Policy in force; axe checks the application, review and decision forms and the
letter in a second, CSP-bypassing browser of the same person.
"""

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from ideasluss.accounts.models import User
from ideasluss.core.models import utcnow
from ideasluss.core.session import commit
from ideasluss.extensions import db
from ideasluss.fund.models import FundCall
from ideasluss.ideas.operations import create_idea, move_idea, submit_idea
from ideasluss.ideas.pipeline import MOVES
from ideasluss.ip.models import IpPrinciples
from ideasluss.ip.operations import has_acknowledged
from tests.browser.conftest import DEMO_ACCOUNTS, assert_accessible, sign_in

TITLE = "Digital anslagstavla för träffpunkterna för äldre i Farsta"
REQUESTED = "180 000"
GRANTED = "150 000"
# Playwright compares text with whitespace collapsed, so "150 000 kr" matches 150\u00a0000\u00a0kr.
GRANTED_SEK = "150 000 kr"


@pytest.fixture(scope="module")
def journey(live_server):
    """The employee's förstudie idea (made through the operations, committed) and the open
    call's committee: the chair and two more members who sign in with the demo password."""
    employee_email = DEMO_ACCOUNTS["employee"][0]
    with live_server.app.app_context():
        owner = User.by_email(employee_email)
        coach = User.by_email(DEMO_ACCOUNTS["coach"][0])
        now = utcnow()
        call = db.session.scalars(
            select(FundCall)
            .where(FundCall.opens_at <= now, FundCall.closes_at > now)
            .order_by(FundCall.closes_at, FundCall.id)
        ).first()
        assert call is not None, "the demo has an open call"
        idea = create_idea(
            owner,
            title=TITLE,
            problem="Besökarna på träffpunkterna missar aktiviteter som bara anslås på papper.",
            proposal="En digital anslagstavla i entrén som personalen uppdaterar från mobilen.",
            value="Fler äldre hittar till aktiviteterna och personalen slipper skriva om listor.",
        )
        submit_idea(idea, owner, acknowledged_ip=True)
        for code in ("accept", "start_prestudy"):
            move_idea(
                idea,
                code,
                coach,
                motivation="Problemet är tydligt och Äldreförvaltningen vill driva förstudien.",
                checklist=[check.code for check in MOVES[code].checklist],
            )
        commit()
        assert idea.state == "prestudy" and idea.state in call.eligible_states
        chair = db.session.get(User, call.chair_id)
        members = sorted(
            (m.user for m in call.committee if m.user_id != call.chair_id), key=lambda u: u.id
        )
        assert chair.email == DEMO_ACCOUNTS["committee"][0]
        assert len(members) >= 2, "the open call's committee has at least three members"
        data = {
            "idea_id": idea.id,
            "call_id": call.id,
            "call_title": call.title,
            "criteria": [c.name for c in call.criteria],
            "reviewer": (members[0].email, members[0].display_name),
            "recused": (members[1].email, members[1].display_name),
            "needs_ack": not has_acknowledged(owner, IpPrinciples.in_force()),
        }
        db.session.remove()
    return data


def accessible(open_page, page):
    """axe on the page `page` shows, opened by the same person in a CSP-bypassing browser."""
    twin = open_page(bypass_csp=True, storage_state=page.context.storage_state())
    twin.goto(page.url)
    assert_accessible(twin)
    return twin


def for_idea(action):
    """A row link's name: "Bedöm" and, for screen readers, ": <the idea's title>"."""
    return re.compile(rf"^{action}\s*:\s*{re.escape(TITLE)}$")


def flash(page, text):
    """The flashed message containing `text`, once it is shown."""
    message = page.get_by_role("status").filter(has_text=text)
    expect(message).to_be_visible()
    return message


def test_an_employee_applies_and_the_grant_is_followed_until_the_application_is_closed(
    open_page, journey
):
    title, call_title = TITLE, journey["call_title"]

    # --- The employee applies for their förstudie idea in the open call ---------------------
    employee = open_page("employee")
    employee.goto("/")
    employee.get_by_role("navigation").get_by_role("link", name="Innovationsfonden").click()
    employee.get_by_role("link", name=call_title).click()
    employee.get_by_role("link", name=f"Ansök för {title}").click()
    expect(employee.get_by_role("heading", level=1)).to_have_text(f"Ansök ur {call_title}")
    employee.get_by_role("radio", name="Ny idé").check()
    employee.get_by_role("button", name="Skapa utkast").click()
    flash(employee, "Ett utkast är skapat.")
    expect(employee.get_by_role("heading", level=1)).to_have_text(f"Ansökan för {title}")

    employee.get_by_label("Sökt belopp (kr)").fill(REQUESTED)
    employee.get_by_label("Kostnad, rad 1").fill("Skärmar och installation")
    employee.get_by_label("Belopp i kronor, rad 1").fill("120 000")
    expect(employee.get_by_label("Kostnad, rad 2")).to_have_count(0)
    employee.get_by_role("button", name="Lägg till budgetrad").click()  # htmx: rows swapped
    expect(employee.get_by_label("Kostnad, rad 2")).to_be_visible()
    expect(employee.locator("#budget-status")).to_have_text("2 budgetrader, summa 120 000 kr")
    expect(employee.get_by_label("Kostnad, rad 1")).to_have_value("Skärmar och installation")
    employee.get_by_label("Kostnad, rad 2").fill("Projekttid för personalen")
    employee.get_by_label("Belopp i kronor, rad 2").fill("60 000")
    employee.get_by_label("Plan", exact=True).fill(
        "Vi sätter upp skärmar på två träffpunkter, utbildar personalen och utvärderar efter "
        "tre månader tillsammans med besökarna."
    )
    employee.get_by_label("Milstolpar").fill(
        "Månad 1: skärmarna på plats.\nMånad 2: personalen utbildad.\nMånad 4: utvärdering."
    )
    employee.get_by_label("Förväntat värde").fill(
        "Fler besökare på aktiviteterna och mindre tid åt att skriva om listor för hand."
    )
    for question, answer in (
        ("Har idén tagits fram på arbetstid?", "Ja"),
        ("Finns det rättigheter som tillhör någon annan (tredje part)?", "Nej"),
        ("Finns det planer på att kommersialisera idén?", "Nej"),
    ):
        employee.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    employee.get_by_role("button", name="Spara utkast").click()
    flash(employee, "Ansökan är sparad.")
    expect(employee.locator(".state-label")).to_have_text("Utkast")
    budget = employee.get_by_role("table", name="Budgetrader")
    expect(budget).to_contain_text("Projekttid för personalen")
    expect(budget.get_by_role("row", name=re.compile("^Summa"))).to_contain_text("180 000 kr")
    application_url = employee.url
    application_id = int(re.search(r"/applications/(\d+)", application_url).group(1))

    # axe on the application form, with a third budget line added through htmx
    employee.get_by_role("link", name="Ändra ansökan").click()
    form = accessible(open_page, employee)
    form.get_by_role("button", name="Lägg till budgetrad").click()
    expect(form.get_by_label("Kostnad, rad 3")).to_be_visible()
    assert_accessible(form)
    employee.goto(application_url)

    submit = employee.get_by_role("region", name="Skicka in")
    if journey["needs_ack"]:
        submit.get_by_label("Jag har läst och följer principerna").check()
    else:
        expect(submit).to_contain_text("Du har godkänt principerna för immateriella rättigheter")
    submit.get_by_role("button", name="Skicka in ansökan").click()
    flash(employee, "Ansökan är inskickad.")
    expect(employee.locator(".state-label")).to_have_text("Inskickad")

    # --- A coach screens it: complete and eligible ----------------------------------------
    coach = open_page("coach")
    coach.goto("/fund/")
    coach.get_by_role("link", name="Förgranskning").click()
    coach.get_by_role("link", name=f"Förgranska {title}").click()
    coach.get_by_role("radio", name="Komplett och stödberättigad: skicka till kommittén").check()
    coach.get_by_role("button", name="Spara förgranskningen").click()
    flash(coach, "Ansökan är godkänd i förgranskningen")
    expect(coach.get_by_role("link", name=f"Förgranska {title}")).to_have_count(0)

    # --- A committee member declares jäv: no review control, and the route answers 403 -----
    recused_email, recused_name = journey["recused"]
    recused = open_committee_call(open_page, recused_email, call_title)
    recused.get_by_role("link", name=for_idea("Anmäl jäv")).click()
    expect(recused.get_by_role("heading", level=1)).to_have_text("Anmäl jäv")
    recused.get_by_label("Skäl till jävet").fill(
        "Min make är enhetschef på träffpunkterna i Farsta som ska använda anslagstavlan."
    )
    recused.get_by_role("button", name="Anmäl jäv").click()
    flash(recused, "Du har anmält jäv")
    row = recused.get_by_role("row", name=re.compile(re.escape(title)))
    expect(row).to_contain_text("Jävig")
    expect(row).to_contain_text("Du deltar inte i bedömningen eller beslutet.")
    expect(row.get_by_role("link", name=re.compile("^Bedöm"))).to_have_count(0)
    recused.goto(application_url)
    expect(recused.get_by_role("link", name="Bedöm ansökan")).to_have_count(0)
    review_path = f"/fund/applications/{application_id}/review"
    assert recused.goto(review_path).status == 403
    assert recused.goto(f"/fund/applications/{application_id}/decide").status == 403

    # --- Two committee members score every criterion --------------------------------------
    chair = open_page("committee")
    chair.goto(f"/fund/calls/{journey['call_id']}")
    chair.get_by_role("link", name="Ansökningar att bedöma").click()
    review(open_page, chair, journey["criteria"], [4, 5, 3, 4], check_axe=True)
    reviewer = open_committee_call(open_page, journey["reviewer"][0], call_title)
    review(open_page, reviewer, journey["criteria"], [5, 4, 4, 3])

    # --- The chair grants it -------------------------------------------------------------
    chair.goto(f"/fund/calls/{journey['call_id']}/review")
    chair.get_by_role("link", name=for_idea("Fatta beslut")).click()
    expect(chair.get_by_role("heading", level=1)).to_have_text(f"Beslut om ansökan: {title}")
    summary = chair.get_by_role("region", name="Kommitténs bedömning")
    expect(summary).to_contain_text(recused_name)
    expect(summary).to_contain_text("anmält jäv")
    accessible(open_page, chair)
    chair.get_by_role("radio", name="Bevilja").check()
    chair.get_by_label("Beviljat belopp (kr)").fill(GRANTED)
    chair.get_by_label("Villkor").fill("Resultaten delas i Goda exempel.")
    chair.get_by_label("Motivering").fill(
        "Tydlig nytta för besökarna och en plan som går att genomföra. Kommittén beviljar "
        "skärmarna men inte hela projekttiden."
    )
    chair.get_by_role("button", name="Fatta beslut").click()
    year = datetime.now(UTC).astimezone(ZoneInfo("Europe/Stockholm")).year
    number_pattern = re.compile(rf"IF-{year}-\d{{4}}")
    decided = flash(chair, "Beslutet är fattat med diarienummer").inner_text()
    register_number = number_pattern.search(decided).group()
    expect(chair.get_by_role("heading", level=1)).to_have_text("Beslut")

    # --- The applicant sees the decision letter and the notification ----------------------
    employee.goto("/fund/")
    employee.get_by_role("link", name="Mina ansökningar").click()
    mine = employee.get_by_role("row", name=re.compile(re.escape(title)))
    expect(mine).to_contain_text("Beviljad")
    expect(mine).to_contain_text(register_number)
    mine.get_by_role("link", name=title).click()
    expect(employee.locator(".state-label")).to_have_text("Beviljad")
    employee.get_by_role("link", name="Beslutsbrev (utskriftsvänligt)").click()
    letter = employee.get_by_role("article")
    expect(letter).to_contain_text(register_number)
    expect(letter).to_contain_text(f"Innovationsfonden beviljar ansökan {GRANTED_SEK}.")
    expect(letter).to_contain_text("Resultaten delas i Goda exempel.")
    took_part = definition(letter, "I beslutet deltog")
    expect(took_part).to_contain_text(journey["reviewer"][1])
    expect(took_part).not_to_contain_text(recused_name)
    expect(definition(letter, "Jäviga, deltog inte")).to_contain_text(recused_name)
    accessible(open_page, employee)
    employee.get_by_role("navigation").get_by_role("link", name=re.compile("^Notiser")).click()
    expect(
        employee.get_by_role(
            "link", name=f"Fondansökan för ”{title}” har gått från Under bedömning till Beviljad."
        )
    ).to_be_visible()

    # --- An administrator records a disbursement -----------------------------------------
    admin = open_page("admin")
    admin.goto(application_url)
    admin.get_by_role("link", name="Utbetalningar – registrera").click()
    admin.get_by_label("Belopp (kr)").fill(GRANTED)
    admin.get_by_label("Anteckning (frivillig)").fill("Hela beloppet på en gång")
    admin.get_by_role("button", name="Registrera utbetalningen").click()
    flash(admin, "Utbetalningen är registrerad.")
    payments = admin.get_by_role("table", name="Utbetalningar")
    expect(payments).to_contain_text("Hela beloppet på en gång")
    expect(payments.get_by_role("row", name=re.compile("^Summa"))).to_contain_text(GRANTED_SEK)

    # --- The applicant submits the final report -------------------------------------------
    employee.goto(application_url)
    employee.get_by_role("link", name="Lämna slutrapport").click()
    employee.get_by_label("Resultat", exact=True).fill(
        "Skärmarna sitter på båda träffpunkterna och uppdateras varje dag."
    )
    employee.get_by_label("Effekter").fill("Besöken på aktiviteterna ökade med en fjärdedel.")
    employee.get_by_label("Lärdomar").fill("Låt besökarna välja var skärmen ska sitta.")
    employee.get_by_role("button", name="Lämna slutrapporten").click()
    flash(employee, "Slutrapporten är inlämnad.")
    expect(employee.locator(".state-label")).to_have_text("Slutrapport inlämnad")

    # --- The administrator approves it, which closes the application ----------------------
    admin.goto(application_url)
    admin.get_by_role("button", name="Godkänn slutrapporten och avsluta").click()
    flash(admin, "Slutrapporten är godkänd och ansökan avslutad.")
    expect(admin.locator(".state-label")).to_have_text("Avslutad")
    expect(admin.get_by_role("button", name="Godkänn slutrapporten och avsluta")).to_have_count(0)
    employee.goto(application_url)
    expect(employee.locator(".state-label")).to_have_text("Avslutad")


def definition(scope, term):
    """The <dd> after the <dt> `term` in a description list."""
    return scope.locator("dt", has_text=term).locator("xpath=following-sibling::dd[1]")


def open_committee_call(open_page, email, call_title):
    """A committee member signs in through the form and opens the call's review list."""
    page = open_page()
    sign_in(page, email)
    page.get_by_role("navigation").get_by_role("link", name="Innovationsfonden").click()
    page.get_by_role("link", name=call_title).click()
    page.get_by_role("link", name="Ansökningar att bedöma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bedömning: {call_title}")
    return page


def review(open_page, page, criteria, scores, check_axe=False):
    """Open the review form from the call's list, score every criterion and save."""
    hints = {1: "mycket svagt", 2: "svagt", 3: "godtagbart", 4: "starkt", 5: "mycket starkt"}
    page.get_by_role("link", name=for_idea("Bedöm")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bedöm ansökan: {TITLE}")
    if check_axe:
        accessible(open_page, page)
    for name, score in zip(criteria, scores, strict=True):
        group = page.get_by_role("group", name=re.compile("^" + re.escape(name)))
        group.get_by_label(f"{score} – {hints[score]}", exact=True).check()
        group.get_by_label(f"Kommentar om {name}").fill(f"Betyg {score}: motiverat i ansökan.")
    page.get_by_label("Sammanfattande kommentar").fill("En konkret och genomförbar ansökan.")
    page.get_by_role("button", name="Spara bedömning").click()
    flash(page, "Din bedömning är sparad.")
    expect(page.get_by_role("row", name=re.compile(re.escape(TITLE)))).to_contain_text("Bedömd")
