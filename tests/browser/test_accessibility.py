"""axe-core finds no WCAG 2.1 A/AA violation on any page a role can reach.

Every issue that adds a page adds it to PAGES: who is signed in, the path, and optionally what
to do on the page first (submit a form empty to show its errors, open a menu...).
Paths may name demo data: {users[coach]} is the demo coach's id, {units[Trafikkontoret]} a unit's.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from ideasluss.followup.accounts import current_year
from tests.browser.conftest import DEMO_ACCOUNTS, assert_accessible

YEAR = current_year()  # the innovation accounts' pages are per year


def submit_empty(button):
    """Submit the page's form without filling it in, so that its errors are shown."""

    def act(page):
        page.get_by_role("button", name=button).click()
        page.get_by_role("alert").wait_for()

    return act


@dataclass(frozen=True)
class Check:
    role: str  # "visitor" or a demo account's role
    path: str
    action: Callable | None = None
    name: str = ""

    def __str__(self):
        return f"{self.role} {self.path} {self.name}".strip()


SIGNED_IN_ROLES = list(DEMO_ACCOUNTS)

PAGES = [
    Check("visitor", "/"),
    Check("visitor", "/stages"),
    Check("visitor", "/login"),
    Check("visitor", "/login", submit_empty("Logga in"), "with errors"),
    Check("visitor", "/register"),
    Check("visitor", "/register", submit_empty("Skapa konto"), "with errors"),
    Check("visitor", "/password/forgot"),
    Check("visitor", "/password/forgot", submit_empty("Skicka länk"), "with errors"),
    Check("visitor", "/password/reset/inte-en-giltig-lank", name="invalid link"),
    Check("visitor", "/finns-inte", name="404"),
    *[Check(role, "/profile") for role in SIGNED_IN_ROLES],
    Check("resident", "/profile", submit_empty("Byt lösenord"), "with errors"),
    Check("employee", "/admin/", name="403"),
    Check("admin", "/admin/"),
    Check("admin", "/admin/users"),
    Check("admin", "/admin/users?role=coach"),
    Check("admin", "/admin/users/new"),
    Check("admin", "/admin/users/new", submit_empty("Spara"), "with errors"),
    Check("admin", "/admin/users/{users[coach]}"),
    Check("admin", "/admin/units"),
    Check("admin", "/admin/units/new"),
    Check("admin", "/admin/units/{units[Trafikkontoret]}"),
    Check("admin", "/admin/audit"),
    # The innovation fund (issue 4)
    Check("visitor", "/fund/"),
    Check("visitor", "/fund/calls/{fund[open_call]}"),
    Check("visitor", "/fund/calls/{fund[closed_call]}"),
    Check("employee", "/fund/"),
    Check("employee", "/fund/calls/{fund[open_call]}"),
    Check("employee", "/fund/mine"),
    Check("admin", "/fund/"),
    Check("admin", "/fund/screening"),
    Check("admin", "/fund/reports/overdue"),
    Check("admin", "/fund/calls/new"),
    Check("admin", "/fund/calls/new", submit_empty("Skapa utlysningen"), "with errors"),
    Check("admin", "/fund/calls/{fund[open_call]}/edit"),
    Check("admin", "/fund/applications/{fund[application]}"),
    Check("admin", "/fund/applications/{fund[application]}/disbursements"),
    Check("admin", "/fund/applications/{fund[application]}/report"),
    Check("committee", "/fund/calls/{fund[open_call]}/review"),
    Check("committee", "/fund/calls/{fund[open_call]}/compare"),
    Check("committee", "/fund/calls/{fund[closed_call]}/compare"),
    Check("committee", "/fund/decisions/{fund[decision]}"),
    # Ideas, coaching, challenges, showcase, IP principles and notifications (issue 3)
    Check("visitor", "/ideas/"),
    Check("visitor", "/ideas/?state=idea&theme=mobilitet&sort=votes", name="filtered"),
    Check("visitor", "/ideas/{ideas[public]}"),
    Check("visitor", "/challenges/"),
    Check("visitor", "/challenges/{ideas[challenge]}"),
    Check("visitor", "/showcase/"),
    Check("visitor", "/showcase/{ideas[implemented]}"),
    Check("visitor", "/ip/"),
    Check("visitor", "/ip/versions"),
    *[
        Check(role, path)
        for role in ("resident", "employee")
        for path in ("/ideas/new", "/ideas/mine", "/notifications/", "/notifications/settings")
    ],
    Check("resident", "/ideas/new", submit_empty("Skicka in"), "with errors"),
    Check("employee", "/ideas/{ideas[internal]}"),
    Check("coach", "/coach/"),
    Check("coach", "/coach/mine"),
    Check("coach", "/coach/board"),
    Check("coach", "/coach/ideas/{ideas[submitted]}/triage"),
    Check(
        "coach",
        "/coach/ideas/{ideas[submitted]}/triage",
        submit_empty("Spara triage"),
        "with errors",
    ),
    Check("coach", "/coach/ideas/{ideas[idea]}/decide"),
    Check(
        "coach",
        "/coach/ideas/{ideas[idea]}/decide",
        submit_empty("Fatta beslutet"),
        "with errors",
    ),
    Check("coach", "/coach/ideas/{ideas[idea]}/merge"),
    Check("coach", "/ideas/{ideas[public]}"),
    Check("coach", "/challenges/new"),
    Check("admin", "/admin/moderation/"),
    Check("admin", "/admin/ip/"),
    Check("admin", "/admin/ip/new"),
    Check("admin", "/admin/ip/acknowledgements"),
    # Follow-up, open data and my data (issue 5)
    Check("employee", "/followup/"),
    Check("employee", f"/followup/{YEAR}"),
    Check("admin", f"/followup/{YEAR}?unit={{units[Trafikkontoret]}}"),
    Check("admin", f"/followup/{YEAR - 1}"),
    Check("employee", "/followup/exports"),
    Check("resident", "/followup/", name="403"),
    Check("visitor", "/privacy"),
    *[Check(role, "/account/") for role in ("resident", "employee")],
    Check("resident", "/account/", submit_empty("Ta bort mitt konto"), "with errors"),
]


@pytest.fixture(scope="module")
def demo_ids(live_server):
    return live_server.ids()


@pytest.mark.parametrize("check", PAGES, ids=str)
def test_page_has_no_accessibility_violations(open_page, demo_ids, check):
    page = open_page(check.role, bypass_csp=True)
    page.goto(check.path.format(**demo_ids))
    if check.action:
        check.action(page)

    assert_accessible(page)


def test_the_check_catches_a_violation(open_page):
    """The harness itself works: an image without alt text on the start page is reported."""
    page = open_page(bypass_csp=True)
    page.goto("/")
    page.locator("main").evaluate("main => main.insertAdjacentHTML('beforeend', '<img src=x.png>')")

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
