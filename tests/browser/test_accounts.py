"""Signing in, registering, resetting a password and choosing a language, in a real browser."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_ACCOUNTS, DEMO_PASSWORD, sign_in

NEW_PASSWORD = "mitt nya lösenord 2026"


def unique_email(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.se"


@pytest.mark.parametrize("role", list(DEMO_ACCOUNTS))
def test_each_demo_account_signs_in_through_the_form_and_out_again(page, role):
    email, name = DEMO_ACCOUNTS[role]

    sign_in(page, email)

    expect(page.get_by_text("Du är inloggad.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name=name)).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_text("Du är utloggad.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name=name)).to_have_count(0)


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(page):
    sign_in(page, DEMO_ACCOUNTS["coach"][0], "inte mitt lösenord")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Fel e-postadress eller lösenord.")
    expect(page.get_by_label("E-postadress")).to_have_value(DEMO_ACCOUNTS["coach"][0])


def test_a_resident_registers_through_the_form(page):
    email = unique_email("rut")
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Skapa konto").click()

    page.get_by_role("button", name="Skapa konto").click()  # empty: errors, in Swedish
    expect(page.get_by_role("alert")).to_contain_text("Fyll i ditt namn.")
    page.get_by_role("alert").get_by_role("link", name=re.compile("^Namn")).click()
    expect(page.get_by_label("Namn", exact=True)).to_be_focused()

    page.get_by_label("Namn", exact=True).fill("Rut Rosén")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()

    expect(page.get_by_text("Välkommen till Idéslussen! Ditt konto är skapat.")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Rut Rosén")).to_be_visible()


def test_password_reset_through_the_mailed_link(page, live_server):
    email = unique_email("glomsk")
    live_server.create_user(email, "Greta Glömsk")

    page.goto("/login")
    page.get_by_role("link", name="Glömt lösenordet?").click()
    page.get_by_label("E-postadress").fill(email)
    page.get_by_role("button", name="Skicka länk").click()
    expect(page.get_by_text("Om det finns ett konto med den adressen")).to_be_visible()

    [message] = live_server.wait_for_mail(email)
    link = re.search(r"https?://\S+/password/reset/\S+", message.get_content()).group(0)
    page.goto(link)
    page.get_by_label("Nytt lösenord").fill(NEW_PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.get_by_text("Ditt lösenord är bytt.")).to_be_visible()

    sign_in(page, email, NEW_PASSWORD)
    expect(page.get_by_role("banner").get_by_role("link", name="Greta Glömsk")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="Länken fungerar inte")).to_be_visible()


def test_switch_language_to_english_and_back(page):
    page.goto("/stages")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/stages$"))
    expect(page.get_by_role("banner").get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("banner").get_by_role("link", name="Logga in")).to_be_visible()


def test_a_signed_in_demo_user_keeps_their_language_choice(page):
    email, _name = DEMO_ACCOUNTS["employee"]
    sign_in(page, email, DEMO_PASSWORD)

    page.get_by_role("button", name="English").click()
    page.goto("/profile")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
