"""The innovation accounts in a real browser (issue 5): an administrator opens a unit's accounts,
starts an XLSX export, watches its progress (htmx polling; with Redis a real worker builds the
file) and downloads the file, which opens with openpyxl. With the site's CSP in force; axe checks
the export page in a CSP-bypassing browser of the same person."""

import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from ideasluss.followup.accounts import current_year
from tests.browser.conftest import assert_accessible

UNIT = "Trafikkontoret"
EXPORT_TIMEOUT_MS = 30_000


def test_admin_exports_a_units_accounts_as_xlsx(open_page, live_server, tmp_path):
    ids = live_server.ids()
    year = current_year()
    page = open_page("admin")

    page.goto("/followup/")
    page.get_by_label("År").select_option(str(year))
    page.get_by_label("Organisation").select_option(label=UNIT)
    page.get_by_role("button", name="Visa bokslutet").click()
    expect(page).to_have_url(re.compile(rf"/followup/{year}\?unit={ids['units'][UNIT]}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Innovationsbokslut {year}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(UNIT)
    funnel = page.get_by_role("img", name=re.compile(f"Idéer genom slussen {year}"))
    expect(funnel).to_be_visible()
    expect(page.get_by_role("table", name="Idéer per steg under året")).to_be_visible()

    export_form = page.get_by_role("group", name="Exportera bokslutet")
    export_form.get_by_role("button", name="Excel (XLSX)").click()
    expect(page).to_have_url(re.compile(r"/followup/exports/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Innovationsbokslut")

    # While the job runs the status polls itself; once done the download link replaces it.
    status = page.locator("#export-status")
    expect(status).to_be_visible()
    link = page.get_by_role("link", name=re.compile(r"Ladda ner innovationsbokslut-"))
    expect(link).to_be_visible(timeout=EXPORT_TIMEOUT_MS)
    expect(status).not_to_have_attribute("hx-trigger", re.compile("."))

    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"innovationsbokslut-{year}-trafikkontoret.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == f"Innovationsbokslut {year} – {UNIT}"
    assert rows[3] == ["Avsnitt", "Mått", str(year), str(year - 1), "Måttenhet"]
    measures = {row[1]: row for row in rows[4:]}
    assert isinstance(measures["Inkomna idéer"][2], int)
    assert measures["Inskickad (triage): median"][4] == "dagar"

    # The same page, checked by axe.
    export_url = page.url
    checked = open_page("admin", bypass_csp=True)
    checked.goto(export_url)
    expect(checked.get_by_role("link", name=re.compile("Ladda ner"))).to_be_visible()
    assert_accessible(checked)


def test_the_progress_page_works_without_javascript(open_page, live_server):
    page = open_page("employee", java_script_enabled=False)
    page.goto("/followup/")
    page.get_by_role("button", name="Visa bokslutet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Innovationsbokslut")
    page.get_by_role("group", name="Exportera bokslutet").get_by_role("button", name="CSV").click()
    expect(page).to_have_url(re.compile(r"/followup/exports/\d+$"))
    link = page.get_by_role("link", name=re.compile(r"Ladda ner innovationsbokslut-"))
    for _ in range(30):
        if link.count():
            break
        page.get_by_role("link", name="Uppdatera").click()
        page.wait_for_timeout(500)
    expect(link).to_be_visible()
