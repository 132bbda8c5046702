"""The English catalogue covers every Swedish string in the code and templates."""

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "ideasluss" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# The same settings as `make extract-messages`: babel.cfg, plus the keywords -k _l -k lazy_gettext.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def extracted_messages():
    """{msgid: where it is used} for every translatable string, as pybabel extract finds them."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault((context, msgid), f"{filename}:{lineno}")
    return found


def test_every_string_has_an_english_translation():
    with open(CATALOGUE, "rb") as po:
        catalogue = read_po(po)

    messages = extracted_messages()
    problems = []
    for (context, msgid), where in sorted(messages.items(), key=lambda i: i[1]):
        entry = catalogue.get(msgid, context=context)
        if entry is None:
            problems.append(f"missing       {where}  {msgid!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy         {where}  {msgid!r}")
        elif not all(entry.string if isinstance(entry.string, tuple) else (entry.string,)):
            problems.append(f"untranslated  {where}  {msgid!r}")

    assert not problems, (
        f"{len(problems)} strings lack a usable English translation. Run `make extract-messages`, "
        f"translate them in {CATALOGUE.relative_to(ROOT)}, then `make translations`:\n"
        + "\n".join(problems)
    )
