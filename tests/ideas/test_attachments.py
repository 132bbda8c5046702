"""Attachments: the type comes from the content, files stay private to those who see the idea."""

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ideasluss.core.models import AuditEntry
from ideasluss.extensions import db
from ideasluss.ideas.attachments import sniff, storage_path
from ideasluss.ideas.models import Attachment, Idea

OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml"),
}
WRONG_TYPE = "är inte av en tillåten typ"


def png():
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200


def pdf():
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def jpeg():
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 100


def gif():
    return b"GIF89a\x01\x00\x01\x00" + b"\x00" * 50


def webp():
    return b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 50


def exe():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def zipped(entries, mimetype_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype_first:
            archive.writestr("mimetype", mimetype_first, compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(kind, macro=False):
    part, main = OOXML[kind]
    main_type = "application/vnd.openxmlformats-officedocument." + main
    if macro:
        main_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/{part}" ContentType="{main_type}"/></Types>'
    )
    return zipped({"[Content_Types].xml": types, part: "<x/>", "_rels/.rels": "<r/>"})


def odf(kind):
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    return zipped({"content.xml": "<x/>", "META-INF/manifest.xml": "<m/>"}, mimetype)


def stored_files(app):
    root = Path(app.config["UPLOAD_FOLDER"])
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def attachments_of(idea_id):
    return db.session.scalars(
        select(Attachment).where(Attachment.idea_id == idea_id).order_by(Attachment.id)
    ).all()


def form(**changes):
    data = {
        "title": "Digitala nycklar",
        "problem": "Nycklar till lokaler kommer bort.",
        "proposal": "Mobila nycklar.",
        "visibility": "public",
        "challenge_id": "0",
        "action": "draft",
    }
    data.update(changes)
    return data


def download(client, url):
    """GET a file and close the response (send_file keeps the file open until then)."""
    response = client.get(url)
    response.body = response.get_data()
    response.close()
    return response


def upload(*files):
    return [(io.BytesIO(content), name) for content, name in files]


# Sniffing


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (pdf(), "application/pdf"),
        (png(), "image/png"),
        (jpeg(), "image/jpeg"),
        (gif(), "image/gif"),
        (webp(), "image/webp"),
        (ooxml("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (ooxml("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            ooxml("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (odf("text"), "application/vnd.oasis.opendocument.text"),
        (odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
        (exe(), None),
        (b"just some text, not a document", None),
        (b"<html><script>alert(1)</script></html>", None),
        (zipped({"readme.txt": "hello"}), None),  # a plain zip
        (zipped({"word/document.xml": "<x/>"}), None),  # no [Content_Types].xml
        (ooxml("docx", macro=True), None),  # docm: macros
        (odf("presentation"), None),  # odp is not on the list
        (b"PK\x03\x04 broken zip", None),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 60, None),
    ],
)
def test_the_type_is_judged_from_the_content(tmp_path, content, expected):
    path = tmp_path / "whatever.pdf"
    path.write_bytes(content)
    assert sniff(path) == expected


# Uploading


def test_files_are_stored_outside_static_with_the_sniffed_type(client, auth, make_user, save, app):
    owner = make_user("employee")
    save()
    auth.login(owner)
    files = upload(
        (png(), "bild.pdf"),
        (pdf(), "Förstudie 2026.pdf"),
        (ooxml("docx"), "../../etc/plan.docx"),
    )
    response = client.post("/ideas/new", data={**form(), "attachments": files})
    assert response.status_code == 302, response.get_data(as_text=True)
    idea = db.session.scalars(select(Idea).order_by(Idea.id.desc())).first()
    stored = attachments_of(idea.id)
    assert [(a.filename, a.content_type) for a in stored] == [
        ("bild.png", "image/png"),
        ("Förstudie 2026.pdf", "application/pdf"),
        ("plan.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    assert stored[0].size == len(png())
    static = Path(app.static_folder).resolve()
    for attachment in stored:
        path = storage_path(attachment.storage_key).resolve()
        assert path.is_file() and static not in path.parents
        assert attachment.filename not in str(path)
        assert len(attachment.storage_key) == 64
    audit = db.session.scalar(
        select(func.count()).where(AuditEntry.action == "idea.attachment_added")
    )
    assert audit == 3


def test_an_empty_file_input_adds_nothing(client, auth, make_user, save):
    auth.login(make_user("employee"))
    save()
    data = {**form(), "attachments": [(io.BytesIO(b""), "")]}
    assert client.post("/ideas/new", data=data).status_code == 302
    idea = db.session.scalars(select(Idea).order_by(Idea.id.desc())).first()
    assert attachments_of(idea.id) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (exe(), "faktura.pdf", WRONG_TYPE),
        (b"hello", "anteckning.txt", WRONG_TYPE),
        (zipped({"a.txt": "x"}), "rapport.docx", WRONG_TYPE),
        (b"", "tom.pdf", "är tom"),
    ],
)
def test_a_refused_file_refuses_the_whole_save(
    client, auth, make_user, save, app, content, name, message
):
    owner = make_user("employee")
    save()
    auth.login(owner)
    ideas_before = db.session.scalar(select(func.count()).select_from(Idea))
    files_before = stored_files(app)
    files = upload((png(), "ok.png"), (content, name))
    response = client.post("/ideas/new", data={**form(title="Min rubrik"), "attachments": files})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"Filen ”{name}” {message}" in text
    assert "Välj dina bilagor igen" in text
    assert 'value="Min rubrik"' in text
    assert db.session.scalar(select(func.count()).select_from(Idea)) == ideas_before
    assert stored_files(app) == files_before  # the good file written first is gone too


def test_a_too_big_file_is_refused(client, auth, make_user, make_idea, save, app, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_BYTES", 1024)
    owner = make_user("employee")
    idea = make_idea(owner=owner, state="draft")
    save()
    auth.login(owner)
    files_before = stored_files(app)
    data = {
        "title": idea.title,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "visibility": "public",
        "challenge_id": "0",
        "unit_id": str(idea.unit_id),
        "version": str(idea.version),
        "action": "draft",
        "attachments": upload((png() + b"\x00" * 2000, "stor.png")),
    }
    response = client.post(f"/ideas/{idea.id}/edit", data=data)
    assert response.status_code == 200
    assert "Filen ”stor.png” är för stor. Den får vara högst 1\u00a0kB." in response.get_data(
        as_text=True
    )
    assert attachments_of(idea.id) == []
    assert stored_files(app) == files_before


def test_a_request_over_the_size_limit_gets_a_swedish_page(
    client, auth, make_user, save, app, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    auth.login(make_user("employee"))
    save()
    data = {**form(), "attachments": upload((png() + b"\x00" * 8000, "stor.png"))}
    response = client.post("/ideas/new", data=data)
    assert response.status_code == 413
    assert "Filen är för stor" in response.get_data(as_text=True)


# Downloading


@pytest.fixture
def idea_with_file(make_user, make_idea, save):
    from ideasluss.ideas.attachments import add_attachment

    def make(visibility="public", state="submitted", owner=None, team=()):
        owner = owner or make_user("employee")
        idea = make_idea(owner=owner, visibility=visibility, state="draft", team=team)
        file = type("Upload", (), {"filename": "ritning.pdf", "stream": io.BytesIO(png())})()
        attachment = add_attachment(idea, owner, file)
        idea.state = state
        save()
        return idea, attachment

    return make


@pytest.mark.parametrize("visibility", ["public", "internal"])
@pytest.mark.parametrize("viewer", ["visitor", "resident", "employee", "coach", "admin", "owner"])
def test_downloads_only_for_those_who_may_see_the_idea(
    client, auth, make_user, idea_with_file, visibility, viewer
):
    owner = make_user("employee")
    idea, attachment = idea_with_file(visibility=visibility, owner=owner)
    if viewer == "owner":
        auth.login(owner)
    elif viewer != "visitor":
        auth.login(make_user(viewer))
    response = download(client, f"/ideas/{idea.id}/attachments/{attachment.id}")
    allowed = visibility == "public" or viewer not in {"visitor", "resident"}
    if not allowed:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.body == png()
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "ritning.png" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_a_drafts_files_are_for_its_team(client, auth, make_user, idea_with_file):
    owner = make_user("employee")
    idea, attachment = idea_with_file(owner=owner, state="draft")
    url = f"/ideas/{idea.id}/attachments/{attachment.id}"
    auth.login(make_user("employee"))
    assert download(client, url).status_code == 404
    auth.logout()
    auth.login(owner)
    assert download(client, url).status_code == 200


def test_an_attachment_is_only_found_under_its_own_idea(client, make_idea, idea_with_file, save):
    idea, attachment = idea_with_file()
    other = make_idea()
    save()
    assert client.get(f"/ideas/{other.id}/attachments/{attachment.id}").status_code == 404
    assert client.get(f"/ideas/{idea.id}/attachments/999999").status_code == 404
    assert client.get(f"/ideas/999999/attachments/{attachment.id}").status_code == 404


def test_the_edit_page_lists_the_files_with_delete_buttons(client, auth, make_user, idea_with_file):
    owner = make_user("employee")
    idea, attachment = idea_with_file(owner=owner)
    auth.login(owner)
    page = client.get(f"/ideas/{idea.id}/edit").get_data(as_text=True)
    assert f'href="/ideas/{idea.id}/attachments/{attachment.id}"' in page
    assert f'form="delete-attachment-{attachment.id}"' in page
    assert f'action="/ideas/{idea.id}/attachments/{attachment.id}/delete"' in page


# Deleting


def test_the_team_deletes_an_attachment(client, auth, make_user, idea_with_file):
    member = make_user("employee")
    idea, attachment = idea_with_file(team=[member])
    path = storage_path(attachment.storage_key)
    assert path.is_file()
    auth.login(member)
    response = client.post(f"/ideas/{idea.id}/attachments/{attachment.id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}/edit")
    assert attachments_of(idea.id) == []
    assert not path.exists()
    assert db.session.scalar(
        select(func.count()).where(AuditEntry.action == "idea.attachment_deleted")
    )


@pytest.mark.parametrize(("role", "status"), [("employee", 403), ("admin", 403), ("resident", 404)])
def test_others_cannot_delete(client, auth, make_user, idea_with_file, role, status):
    idea, attachment = idea_with_file(visibility="internal")
    auth.login(make_user(role))
    response = client.post(f"/ideas/{idea.id}/attachments/{attachment.id}/delete")
    assert response.status_code == status
    assert len(attachments_of(idea.id)) == 1
    assert storage_path(attachment.storage_key).is_file()


def test_visitors_cannot_delete(client, idea_with_file):
    idea, attachment = idea_with_file()
    response = client.post(f"/ideas/{idea.id}/attachments/{attachment.id}/delete")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert len(attachments_of(idea.id)) == 1
