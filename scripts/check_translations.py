"""Fail when the Spanish catalog is out of date with the code, or has untranslated or fuzzy entries.

Runs `makemessages` (which updates locale/es in place, so a developer can then fill in what is
missing) and compares the catalog's entries before and after.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"

Entry = tuple[str, str, str]  # (context, msgid, msgid_plural)


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    return bytes(body, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def parse(text: str) -> dict[Entry, tuple[list[str], bool]]:
    """Entries of a .po file: key -> (translations, fuzzy). The header entry is skipped."""
    entries: dict[Entry, tuple[list[str], bool]] = {}
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        current = ""
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#~") or line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += _unquote(line)
            elif " " in line:
                current, _, rest = line.partition(" ")
                fields[current] = _unquote(rest)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        key = (fields.get("msgctxt", ""), fields["msgid"], fields.get("msgid_plural", ""))
        translations = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
        entries[key] = (translations, fuzzy)
    return entries


def main() -> int:
    before = parse(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {}
    env = {**os.environ, "DEBUG": "true"}
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=node_modules",
            "-v0",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    after = parse(CATALOG.read_text(encoding="utf-8"))
    problems = []
    if set(after) != set(before):
        added = len(set(after) - set(before))
        gone = len(set(before) - set(after))
        problems.append(
            f"the catalog was out of date with the code ({added} new, {gone} gone); "
            "it is now updated: translate and commit locale/es"
        )
    for (_ctx, msgid, _plural), (translations, fuzzy) in after.items():
        if fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not translations or not all(translations):
            problems.append(f"untranslated: {msgid!r}")
    for problem in problems[:40]:
        print(f"translations: {problem}", file=sys.stderr)
    if len(problems) > 40:
        print(f"translations: … and {len(problems) - 40} more", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
