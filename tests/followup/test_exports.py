"""Exports: a background job builds the file (a real RQ worker with Redis), the page shows its
progress, only the requester downloads it, and it expires after a day."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from ideasluss.core.models import utcnow
from ideasluss.extensions import db
from ideasluss.followup import exports
from ideasluss.followup.models import ExportJob


def start(client, **form):
    response = client.post("/followup/exports", data=form)
    assert response.status_code == 302, response.text
    match = re.search(r"/followup/exports/(\d+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def finished(export_id, run_jobs):
    run_jobs()
    db.session.expire_all()
    export = db.session.get(ExportJob, export_id)
    assert export.status == "done", export.error
    assert export.progress == 100
    return export


def download(client, export_id):
    response = client.get(f"/followup/exports/{export_id}/download")
    try:
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
        return response.data
    finally:
        response.close()  # send_file's open file


def sheet_rows(data):
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_accounts_as_xlsx(client, auth, ledger, run_jobs):
    auth.login(ledger.emp1)
    export_id = start(client, kind="accounts", format="xlsx", year="2025", unit=ledger.unit_a.id)
    export = finished(export_id, run_jobs)
    assert export.filename == "innovationsbokslut-2025-enhet-a.xlsx"

    rows = sheet_rows(download(client, export_id))
    assert rows[0][0] == "Innovationsbokslut 2025 – Enhet A"
    header = rows[3]
    assert header == ["Avsnitt", "Mått", "2025", "2024", "Måttenhet"]
    by_measure = {row[1]: row[2:5] for row in rows[4:]}
    assert by_measure["Inkomna idéer"] == [5, 2, "antal"]
    assert by_measure["Införda idéer"] == [1, 1, "antal"]
    assert by_measure["Spridningar till andra enheter"] == [1, 1, "antal"]
    assert by_measure["Inskickad (triage): median"] == [6.0, 2.0, "dagar"]
    assert by_measure["Inskickad (triage): 90:e percentil"] == [9.2, 2.0, "dagar"]
    assert by_measure["Utlysning 2025: beviljat"] == [80_000, 0, "kronor"]
    assert by_measure["Alla utlysningar: utbetalt"] == [60_000, 10_000, "kronor"]
    assert by_measure["Deltagare totalt, invånare"] == [3, 1, "personer"]
    assert by_measure["Parkerad"] == [1, 0, "antal"]


def test_accounts_as_csv_for_a_swedish_spreadsheet(client, auth, ledger, run_jobs):
    auth.login(ledger.admin)
    export_id = start(client, kind="accounts", format="csv", year="2025")
    finished(export_id, run_jobs)

    data = download(client, export_id)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Avsnitt", "Mått", "2025", "2024", "Måttenhet"]
    by_measure = {row[1]: row[2:] for row in rows[1:]}
    assert by_measure["Inkomna idéer"] == ["6", "2", "antal"]
    assert by_measure["Inskickad (triage): 90:e percentil"] == ["9,0", "2,0", "dagar"]
    assert by_measure["Alla utlysningar: beviljat"] == ["230000", "40000", "kronor"]


def idea_export(client, run_jobs, fmt="xlsx", **filters):
    export_id = start(client, kind="ideas", format=fmt, **filters)
    finished(export_id, run_jobs)
    data = download(client, export_id)
    if fmt == "xlsx":
        rows = sheet_rows(data)
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def test_the_idea_list_as_staff_see_it(client, auth, ledger, run_jobs):
    auth.login(ledger.emp3)
    header, rows = idea_export(client, run_jobs)
    assert header[:3] == ["ID", "Rubrik", "Läge"]
    ids = [row[0] for row in rows]
    listed = ["i1", "i2", "i3", "i4", "i5", "i8", "i9", "i10"]  # not the drafts I6 and I7
    assert sorted(ids) == sorted(ledger.ideas[k].id for k in listed)
    assert ids == sorted(ids, reverse=True)  # the list's order: newest first
    internal = next(row for row in rows if row[0] == ledger.ideas["i3"].id)
    assert internal[6] == "Intern"
    assert internal[14].endswith(f"/ideas/{ledger.ideas['i3'].id}")


def test_the_idea_list_as_a_resident_sees_it_with_filters(client, auth, ledger, run_jobs):
    auth.login(ledger.res2)
    header, rows = idea_export(client, run_jobs, fmt="csv")
    ids = {int(row[0]) for row in rows}
    assert ledger.ideas["i3"].id not in ids  # internal
    assert ids == {ledger.ideas[k].id for k in ("i1", "i2", "i4", "i5", "i8", "i9", "i10")}

    header, rows = idea_export(client, run_jobs, fmt="csv", state="idea", unit=ledger.unit_a.id)
    assert {int(row[0]) for row in rows} == {ledger.ideas["i4"].id}


def test_text_is_never_a_formula(client, auth, ledger, run_jobs, save):
    idea = ledger.ideas["i4"]
    idea.title = '=HYPERLINK("http://example.com","klicka")'
    save()
    auth.login(ledger.emp1)
    _, rows = idea_export(client, run_jobs, state="idea", unit=ledger.unit_a.id)
    assert rows[0][1] == '=HYPERLINK("http://example.com","klicka")'  # text, not a formula
    _, rows = idea_export(client, run_jobs, fmt="csv", state="idea", unit=ledger.unit_a.id)
    assert rows[0][1] == '\'=HYPERLINK("http://example.com","klicka")'


def test_only_the_requester_downloads(client, auth, ledger, run_jobs):
    auth.login(ledger.emp1)
    export_id = start(client, kind="ideas", format="csv")
    finished(export_id, run_jobs)
    auth.logout()
    assert client.get(f"/followup/exports/{export_id}/download").status_code == 302  # sign in
    auth.login(ledger.emp2)
    assert client.get(f"/followup/exports/{export_id}/download").status_code == 404
    assert client.get(f"/followup/exports/{export_id}").status_code == 404


@pytest.mark.parametrize(
    ("who", "form"),
    [
        ("res1", {"kind": "accounts", "format": "xlsx", "year": "2025"}),
        ("emp3", {"kind": "accounts", "format": "xlsx", "year": "2025", "unit": "a"}),
        ("emp1", {"kind": "accounts", "format": "pdf", "year": "2025"}),
        ("emp1", {"kind": "accounts", "format": "csv", "year": "1999"}),
        ("emp1", {"kind": "everything", "format": "csv"}),
    ],
)
def test_refused_exports_change_nothing(client, auth, ledger, who, form):
    auth.login(getattr(ledger, who))
    if form.get("unit") == "a":
        form = {**form, "unit": ledger.unit_a.id}
    before = db.session.query(ExportJob).count()
    response = client.post("/followup/exports", data={**form, "back": "/followup/"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/followup/")
    assert db.session.query(ExportJob).count() == before


def test_starting_an_export_needs_the_csrf_token(app, client, auth, ledger, monkeypatch):
    auth.login(ledger.emp1)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/followup/exports", data={"kind": "ideas", "format": "csv"})
    assert response.status_code == 400


def test_progress_polls_itself_until_done(client, auth, ledger, save):
    auth.login(ledger.emp1)
    export = ExportJob(
        user_id=ledger.emp1.id,
        kind="ideas",
        format="csv",
        params={},
        status="running",
        progress=40,
        filename="idelista.csv",
        storage_key="a" * 32,
    )
    db.session.add(export)
    save()
    page = client.get(f"/followup/exports/{export.id}").text
    assert 'aria-live="polite"' in page
    assert 'hx-trigger="every 1s"' in page and 'hx-swap="outerHTML"' in page
    assert ">Uppdatera</a>" in page  # without JavaScript
    fragment = client.get(f"/followup/exports/{export.id}", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<div id="export-status"')
    assert "<html" not in fragment and 'value="40"' in fragment and "every 1s" in fragment

    export.status, export.progress = "done", 100
    export.finished_at = utcnow()
    export.expires_at = utcnow() + timedelta(days=1)
    save()
    fragment = client.get(f"/followup/exports/{export.id}", headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in fragment and "hx-get" not in fragment
    assert f"/followup/exports/{export.id}/download" in fragment


def test_exports_expire_after_a_day(app, client, auth, ledger, run_jobs, runner, save):
    auth.login(ledger.emp1)
    export_id = start(client, kind="ideas", format="csv")
    export = finished(export_id, run_jobs)
    path = exports.export_path(export)
    assert path.is_file()
    assert str(path).startswith(app.config["UPLOAD_FOLDER"]) and "static" not in str(path)
    assert export.expires_at - export.finished_at == timedelta(days=1)

    export.expires_at = utcnow() - timedelta(minutes=1)
    save()
    assert client.get(f"/followup/exports/{export_id}/download").status_code == 410
    assert "äldre än ett dygn" in client.get(f"/followup/exports/{export_id}").text

    result = runner.invoke(args=["exports", "purge"])
    assert result.exit_code == 0 and "1 removed" in result.output
    assert not path.exists()
    db.session.expire_all()
    assert db.session.get(ExportJob, export_id) is None


def test_the_purge_keeps_fresh_exports(ledger, save):
    fresh = ExportJob(
        user_id=ledger.emp1.id, kind="ideas", format="csv", params={}, storage_key="b" * 32
    )
    stale = ExportJob(
        user_id=ledger.emp1.id,
        kind="ideas",
        format="csv",
        params={},
        storage_key="c" * 32,
        created_at=utcnow() - timedelta(days=2),
    )
    db.session.add_all([fresh, stale])
    save()
    assert exports.purge_expired_exports() == 1
    save()
    assert db.session.get(ExportJob, fresh.id) is not None


def test_my_exports_lists_mine(client, auth, ledger, run_jobs):
    auth.login(ledger.emp1)
    export_id = start(client, kind="ideas", format="xlsx")
    finished(export_id, run_jobs)
    page = client.get("/followup/exports").text
    assert f"/followup/exports/{export_id}" in page
    auth.logout()
    auth.login(ledger.emp2)
    assert f"/followup/exports/{export_id}" not in client.get("/followup/exports").text


def test_the_export_form_include_carries_the_list_filters(app, ledger):
    from flask import render_template_string

    from ideasluss.ideas.queries import Filters

    with app.test_request_context("/ideas/?state=idea&theme=klimat"):
        from flask_login import login_user

        login_user(ledger.emp1)
        html = render_template_string(
            '{% include "followup/_export_form.html" %}',
            filters=Filters.from_args({"state": "idea", "theme": "klimat"}),
        )
    assert 'name="kind" value="ideas"' in html
    assert 'name="state" value="idea"' in html and 'name="theme" value="klimat"' in html
    assert 'name="csrf_token"' in html


class FakeQueue:
    def __init__(self):
        self.scheduled = []

    def enqueue_in(self, delay, func, job_id=None):
        self.scheduled.append((delay, func.__name__, job_id))


def test_the_worker_purges_every_hour(ledger, monkeypatch, save):
    from ideasluss.followup import jobs

    queue = FakeQueue()
    jobs.schedule_export_purge(queue)
    assert queue.scheduled == [(timedelta(minutes=1), "periodic_export_purge", "exports-purge")]

    stale = ExportJob(
        user_id=ledger.emp1.id,
        kind="ideas",
        format="csv",
        params={},
        storage_key="e" * 32,
        created_at=utcnow() - timedelta(days=2),
    )
    db.session.add(stale)
    save()
    monkeypatch.setattr(jobs, "get_queue", lambda: queue)
    jobs.periodic_export_purge()
    assert db.session.get(ExportJob, stale.id) is None
    assert queue.scheduled[-1] == (timedelta(hours=1), "periodic_export_purge", "exports-purge")
