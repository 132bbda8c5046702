"""axe-core finds no WCAG 2.1 A/AA violation on any page a role can reach.

Every issue that adds a page adds it to PAGES: who is signed in, the path, and optionally what
to do on the page first (submit a form empty to show its errors, open a menu...).
Paths may name demo data: {users[coach]} is the demo coach's id, {units[Trafikkontoret]} a unit's.
"""
from dataclasses import dataclass
from typing import Callable

import pytest

from tests.browser.conftest import DEMO_ACCOUNTS, assert_accessible


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
