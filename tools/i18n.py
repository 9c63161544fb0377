"""Translation catalogues: one per area, so areas can be translated independently.

python tools/i18n.py update    extract the strings and merge them into each sv catalogue
python tools/i18n.py compile   compile every catalogue (run by `make`)
python tools/i18n.py check     fail if a string has no Swedish translation
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract, extract_from_dir
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.config import AREAS  # noqa: E402

LOCALE = "sv"


def catalogues() -> dict[Path, list[Path]]:
    """Each catalogue's folder and the sources whose strings it holds."""
    core = [p for p in (ROOT / "app").glob("*.py")] + [ROOT / "app" / "demo"]
    core += [p for p in (ROOT / "templates").glob("*.html")] + [ROOT / "templates" / "errors"]
    result = {ROOT / "app" / "translations": core}
    for area in AREAS:
        sources = [ROOT / "app" / area, ROOT / "templates" / area]
        result[ROOT / "app" / area / "translations"] = [p for p in sources if p.exists()]
    return result


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def po_path(folder: Path) -> Path:
    return folder / LOCALE / "LC_MESSAGES" / "messages.po"


def area_of(folder: Path) -> str:
    return "core" if folder.parent.name == "app" else folder.parent.name


def update(areas: list[str]) -> None:
    for folder, sources in catalogues().items():
        if areas and area_of(folder) not in areas:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        pot = folder / "messages.pot"
        pybabel(
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(pot),
            *map(str, sources),
        )
        if po_path(folder).exists():
            pybabel(
                "update",
                "-i",
                str(pot),
                "-d",
                str(folder),
                "-l",
                LOCALE,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
                "--omit-header",
            )
        else:
            pybabel("init", "-i", str(pot), "-d", str(folder), "-l", LOCALE)
        pot.unlink()


def compile_all() -> None:
    for folder in catalogues():
        if po_path(folder).exists():
            pybabel("compile", "-d", str(folder), "-l", LOCALE, "--use-fuzzy")


METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]  # .txt: mail
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}


def source_messages(sources: list[Path]) -> set[str]:
    """Every message id used in these files and folders (singular form for plurals)."""
    found = set()
    for source in sources:
        if source.is_dir():
            extracted = (m[2] for m in extract_from_dir(source, METHODS, keywords=KEYWORDS))
        else:
            method = "jinja2" if source.suffix in (".html", ".txt") else "python"
            with source.open("rb") as fh:
                extracted = [m[1] for m in extract(method, fh, keywords=KEYWORDS)]
        found.update(m if isinstance(m, str) else m[0] for m in extracted)
    return found


def missing() -> list[str]:
    """Strings in the sources without a Swedish translation, as 'catalogue: msgid'."""
    problems = []
    for folder, sources in catalogues().items():
        path = po_path(folder)
        translated = set()
        if path.exists():
            with path.open("rb") as fh:
                for message in read_po(fh):
                    strings = (
                        message.string if isinstance(message.string, tuple) else (message.string,)
                    )
                    if message.id and not message.fuzzy and all(strings):
                        translated.add(message.id if isinstance(message.id, str) else message.id[0])
        for msgid in sorted(source_messages(sources) - translated):
            problems.append(f"{path.relative_to(ROOT)}: {msgid!r}")
    return problems


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "update":
        update(sys.argv[2:])
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = missing()
        print("\n".join(problems) or "every string has a Swedish translation")
        sys.exit(1 if problems else 0)
    else:
        sys.exit(__doc__)
