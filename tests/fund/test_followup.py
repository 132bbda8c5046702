"""After a grant: disbursements within the granted amount (also when recorded at once), the
final report and its approval, overdue reports, and the idea page's fund section."""

import io
import threading
from datetime import date, timedelta

import pytest
from flask import render_template
from sqlalchemy import create_engine, select, text

from ideasluss.core.errors import Refused
from ideasluss.core.session import commit
from ideasluss.extensions import db
from ideasluss.fund.models import Application, Disbursement, FinalReport, ReportAttachment
from ideasluss.fund.operations import (
    approve_final_report,
    record_disbursement,
    submit_final_report,
)
from ideasluss.fund.queries import idea_applications
from tests.conftest import TEST_DATABASE_URL

TODAY = date.today()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def html(response):
    return response.get_data(as_text=True)


def fresh(app):
    db.session.expire_all()
    return db.session.get(Application, app.id)


# --- Disbursements -------------------------------------------------------------------------


def test_disbursements_add_up_to_at_most_the_granted_amount(make_application, make_user):
    app = make_application(state="granted", requested_amount=100_000)
    admin = make_user("admin")
    record_disbursement(app, admin, paid_on=TODAY, amount="60 000", note="Första delen")
    record_disbursement(app, admin, paid_on=TODAY, amount=40_000)
    assert app.paid_total == 100_000
    with pytest.raises(Refused, match="högst 0 kr återstår"):
        record_disbursement(app, admin, paid_on=TODAY, amount=1)
    assert app.paid_total == 100_000
    assert len(db.session.scalars(select(Disbursement)).all()) == 2


def test_a_disbursement_beyond_the_grant_is_refused(make_application, make_user):
    app = make_application(state="granted", requested_amount=100_000, granted_amount=80_000)
    with pytest.raises(Refused, match="högst 80 000 kr"):
        record_disbursement(app, make_user("admin"), paid_on=TODAY, amount=80_001)
    assert app.paid_total == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": "-5"}, "negativt"),
        ({"amount": "12,50"}, "ören"),
        ({"amount": "0"}, "större än noll"),
        ({"paid_on": TODAY + timedelta(days=1)}, "framtiden"),
        ({"paid_on": None}, "utbetalningsdagen"),
    ],
)
def test_bad_disbursements(make_application, make_user, kwargs, message):
    app = make_application(state="granted")
    data = {"paid_on": TODAY, "amount": 1000, **kwargs}
    with pytest.raises(Refused, match=message):
        record_disbursement(app, make_user("admin"), **data)


@pytest.mark.parametrize("state", ["draft", "submitted", "in_review", "rejected", "closed"])
def test_only_granted_applications_are_paid(make_application, make_user, state):
    app = make_application(state=state)
    with pytest.raises(Refused, match="beviljade"):
        record_disbursement(app, make_user("admin"), paid_on=TODAY, amount=1000)


@pytest.mark.parametrize("role", ["employee", "coach", "committee"])
def test_only_admins_record_disbursements(make_application, make_user, role):
    app = make_application(state="granted")
    with pytest.raises(Refused, match="administratörer"):
        record_disbursement(app, make_user(role), paid_on=TODAY, amount=1000)


def test_disbursements_page(client, auth, make_application, make_user, save):
    app = make_application(state="granted", requested_amount=100_000)
    admin = make_user("admin")
    save()
    auth.login(admin)
    url = f"/fund/applications/{app.id}/disbursements"
    response = client.post(url, data={"paid_on": TODAY.isoformat(), "amount": "30 000"})
    assert response.status_code == 302
    response = client.post(url, data={"paid_on": TODAY.isoformat(), "amount": "80 000"})
    assert response.status_code == 200
    assert "högst 70 000 kr återstår" in html(response)
    assert fresh(app).paid_total == 30_000
    # The team sees the payments but cannot record any.
    auth.logout()
    auth.login(app.idea.owner)
    page = html(client.get(url))
    assert "30\u00a0000\u00a0kr" in page and 'name="amount"' not in page
    assert client.post(url, data={"paid_on": TODAY.isoformat(), "amount": "1"}).status_code == 403


# --- Disbursements recorded at once (real connections; parallel on PostgreSQL) ------------


class Committed:
    """Rows committed for real on a fresh engine, removed again after the test."""

    def __init__(self, app, engine):
        self.app = app
        self.engine = engine
        self.ids = {"users": [], "ideas": [], "calls": [], "applications": []}
        with engine.connect() as conn:
            # make_user also leaves spare units behind: everything newer than this goes.
            self.last_unit = conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM units")).scalar()

    def cleanup(self):
        ids = {k: v or [0] for k, v in self.ids.items()}
        statements = [
            "DELETE FROM audit_entries WHERE actor_id IN :users",
            "DELETE FROM notifications WHERE user_id IN :users",
            "DELETE FROM disbursements WHERE application_id IN :applications",
            "DELETE FROM application_budget_lines WHERE application_id IN :applications",
            "DELETE FROM applications WHERE id IN :applications",
            "DELETE FROM fund_criteria WHERE call_id IN :calls",
            "DELETE FROM fund_committee_members WHERE call_id IN :calls",
            "DELETE FROM fund_calls WHERE id IN :calls",
            "DELETE FROM idea_themes WHERE idea_id IN :ideas",
            "DELETE FROM team_members WHERE idea_id IN :ideas",
            "DELETE FROM ideas WHERE id IN :ideas",
            "DELETE FROM user_roles WHERE user_id IN :users",
            "DELETE FROM users WHERE id IN :users",
        ]
        from sqlalchemy import bindparam

        with self.engine.begin() as conn:
            # The audit log is append-only by trigger; only test clean-up may bypass it.
            triggers = []
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL session_replication_role = replica"))
            else:
                triggers = conn.execute(
                    text(
                        "SELECT name, sql FROM sqlite_master "
                        "WHERE type = 'trigger' AND tbl_name = 'audit_entries'"
                    )
                ).all()
                for name, _sql in triggers:
                    conn.execute(text(f'DROP TRIGGER "{name}"'))
            for statement in statements:
                names = [n for n in ids if f":{n}" in statement]
                stmt = text(statement).bindparams(*(bindparam(n, expanding=True) for n in names))
                conn.execute(stmt, {n: ids[n] for n in names})
            conn.execute(text("DELETE FROM units WHERE id > :last"), {"last": self.last_unit})
            for _name, sql in triggers:
                conn.execute(text(sql))


@pytest.fixture
def committed(app):
    """`db.session` on a fresh engine whose commits are real (each app context its own)."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    original = db.session
    db.session = db._make_scoped_session({"bind": engine})
    world = Committed(app, engine)
    try:
        yield world
    finally:
        db.session.remove()
        db.session = original
        world.cleanup()
        engine.dispose()


def _granted_application(world, make_user, make_call, make_application, make_idea, amount):
    with world.app.test_request_context():
        admin = make_user("admin")
        owner = make_user("employee")
        call = make_call()
        application = make_application(
            call=call,
            idea=make_idea(owner=owner, state="pilot"),
            state="granted",
            requested_amount=amount,
        )
        world.ids["users"] += [admin.id, owner.id] + [m.user_id for m in call.committee]
        world.ids["ideas"].append(application.idea_id)
        world.ids["calls"].append(call.id)
        world.ids["applications"].append(application.id)
        commit()
        ids = (application.id, admin.id)
        db.session.remove()
    return ids


def _pay(world, app_id, admin_id, amount):
    from ideasluss.accounts.models import User

    with world.app.test_request_context():
        try:
            record_disbursement(
                db.session.get(Application, app_id),
                db.session.get(User, admin_id),
                paid_on=TODAY,
                amount=amount,
            )
            commit()
            return "paid"
        except Refused:
            db.session.rollback()
            return "refused"
        finally:
            db.session.remove()


MODES = ["serial"] + (["parallel"] if TEST_DATABASE_URL else [])


@pytest.mark.parametrize("mode", MODES)
def test_disbursements_at_once_never_pass_the_grant(
    committed, make_user, make_call, make_application, make_idea, mode
):
    app_id, admin_id = _granted_application(
        committed, make_user, make_call, make_application, make_idea, 100_000
    )
    amounts = [40_000] * 4
    if mode == "parallel":
        barrier = threading.Barrier(len(amounts))
        results = [None] * len(amounts)

        def run(i, amount):
            barrier.wait(timeout=10)
            results[i] = _pay(committed, app_id, admin_id, amount)

        threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(amounts)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    else:
        results = [_pay(committed, app_id, admin_id, a) for a in amounts]
    assert sorted(results) == ["paid", "paid", "refused", "refused"]
    with committed.app.app_context():
        app = db.session.get(Application, app_id)
        paid = db.session.scalars(
            select(Disbursement.amount).where(Disbursement.application_id == app_id)
        ).all()
        assert app.paid_total == sum(paid) == 80_000
        db.session.remove()


# --- The final report ----------------------------------------------------------------------


class Upload:
    """A file as a form upload gives it."""

    def __init__(self, filename, data):
        self.filename = filename
        self.stream = io.BytesIO(data)


def test_report_then_approval_closes(make_application, make_user):
    app = make_application(state="granted", report_due_on=TODAY + timedelta(days=30))
    report = submit_final_report(
        app,
        app.idea.owner,
        results="Piloten genomfördes.",
        effects="Kortare köer.",
        lessons="Börja med användarna.",
        uploads=[Upload("rapport.pdf", PDF)],
    )
    assert app.state == "reporting"
    assert report.submitted_at is not None
    attachment = db.session.scalars(select(ReportAttachment)).one()
    assert (attachment.content_type, attachment.filename) == ("application/pdf", "rapport.pdf")
    approve_final_report(app, make_user("admin"))
    assert app.state == "closed"
    assert report.approved_at is not None


def test_a_report_needs_its_texts_and_allowed_files(make_application):
    app = make_application(state="granted")
    with pytest.raises(Refused, match="resultat, effekter och lärdomar"):
        submit_final_report(app, app.idea.owner, results="", effects="x", lessons="y")
    with pytest.raises(Refused, match="inte av en tillåten typ"):
        submit_final_report(
            app,
            app.idea.owner,
            results="R",
            effects="E",
            lessons="L",
            uploads=[Upload("virus.pdf", b"MZ\x90\x00 not a pdf at all")],
        )
    # Nothing of the refused report stayed.
    assert fresh(app).state == "granted"
    assert db.session.scalars(select(FinalReport)).first() is None


def test_only_the_team_reports_and_only_admins_approve(make_application, make_user):
    app = make_application(state="granted")
    with pytest.raises(Refused, match="ägare och team"):
        submit_final_report(app, make_user("admin"), results="R", effects="E", lessons="L")
    with pytest.raises(Refused, match="ingen slutrapport"):
        approve_final_report(app, make_user("admin"))
    submit_final_report(app, app.idea.owner, results="R", effects="E", lessons="L")
    with pytest.raises(Refused, match="behörighet"):
        approve_final_report(app, make_user("coach"))
    assert app.state == "reporting"


def test_the_report_pages(client, auth, make_application, make_user, save):
    app = make_application(state="granted")
    admin, stranger = make_user("admin"), make_user("employee")
    save()
    auth.login(app.idea.owner)
    url = f"/fund/applications/{app.id}/report"
    assert 'name="results"' in html(client.get(url))
    response = client.post(
        url,
        data={
            "results": "Vi testade.",
            "effects": "Det blev bättre.",
            "lessons": "Fråga tidigt.",
            "expected_state": "granted",
            "attachments": [(io.BytesIO(PDF), "bilaga.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, html(response)
    assert fresh(app).state == "reporting"
    attachment = db.session.scalars(select(ReportAttachment)).one()
    download = f"{url}/attachments/{attachment.id}"
    response = client.get(download)
    assert response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()
    auth.logout()
    auth.login(stranger)
    assert client.get(url).status_code == 403
    assert client.get(download).status_code == 403
    auth.logout()
    auth.login(admin)
    page = html(client.get(url))
    assert "Vi testade." in page and "bilaga.pdf" in page
    response = client.post(f"{url}/approve", data={"expected_state": "reporting"})
    assert response.status_code == 302
    assert fresh(app).state == "closed"


def test_a_stranger_cannot_approve(client, auth, make_application, make_user, save):
    app = make_application(state="reporting")
    db.session.add(
        FinalReport(application_id=app.id, results="R", effects="E", lessons="L", submitted_at=None)
    )
    coach = make_user("coach")
    save()
    auth.login(coach)
    assert client.post(f"/fund/applications/{app.id}/report/approve").status_code == 403


# --- Overdue reports -----------------------------------------------------------------------


def test_overdue_reports(client, auth, make_application, make_user, save):
    late = make_application(state="granted", report_due_on=TODAY - timedelta(days=3))
    not_yet = make_application(state="granted", report_due_on=TODAY + timedelta(days=3))
    reported = make_application(state="reporting", report_due_on=TODAY - timedelta(days=10))
    admin = make_user("admin")
    save()
    auth.login(admin)
    page = html(client.get("/fund/reports/overdue"))
    assert late.idea.title in page
    assert not_yet.idea.title not in page
    assert reported.idea.title not in page


@pytest.mark.parametrize("role", ["employee", "coach", "committee"])
def test_overdue_reports_are_for_admins(client, auth, make_user, save, role):
    user = make_user(role)
    save()
    auth.login(user)
    assert client.get("/fund/reports/overdue").status_code == 403


# --- The idea page's section ---------------------------------------------------------------


def test_the_idea_section_shows_what_the_viewer_may_see(
    app, make_application, make_idea, make_user
):
    from ideasluss.accounts.models import Anonymous

    idea = make_idea(state="pilot", title="Delad idé")
    draft = make_application(idea=idea, state="draft")
    granted = make_application(idea=idea, state="granted", requested_amount=90_000)
    visitor = Anonymous()
    assert [a.id for a in idea_applications(idea, visitor)] == [granted.id]
    assert not idea_applications(idea, visitor)[0].viewable
    team_view = idea_applications(idea, idea.owner)
    assert {a.id for a in team_view} == {draft.id, granted.id}
    internal = make_idea(state="pilot", visibility="internal")
    make_application(idea=internal, state="granted")
    assert idea_applications(internal, visitor) == []
    with app.test_request_context():
        page = render_template(
            "fund/_idea_applications.html", idea=idea, fund_applications=team_view
        )
    assert f"/fund/applications/{draft.id}" in page
    assert "90\u00a0000\u00a0kr" in page
    with app.test_request_context():
        empty = render_template("fund/_idea_applications.html", idea=idea, fund_applications=[])
    assert empty.strip() == ""
