"""The layout works from a phone to a desktop screen: nothing makes the page scroll sideways."""

import os
from pathlib import Path

import pytest

WIDTHS = {"desktop": 1280, "phone": 390}
PAGES = [("visitor", "/", "start"), ("admin", "/admin/users", "admin-users")]


@pytest.mark.parametrize("device", list(WIDTHS))
@pytest.mark.parametrize(("role", "path", "name"), PAGES, ids=[p[2] for p in PAGES])
def test_page_fits_the_screen(open_page, tmp_path, device, role, path, name):
    width = WIDTHS[device]
    page = open_page(role, viewport={"width": width, "height": 900})

    page.goto(path)

    # Screenshots to look at: in SCREENSHOT_DIR when set, else in the test's tmp_path.
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
    assert page.get_by_role("link", name="Hoppa till huvudinnehållet").count() == 1
