"""Fill a .po file from a reviewed translation dictionary and report what is still missing.

Usage: python scripts/fill_po.py PO_FILE DICT_FILE NAME
Exits 1 (listing them) when a msgid has no translation, so gaps cannot slip through.
"""

from __future__ import annotations

import runpy
import sys

import polib


def main(po_path: str, dict_path: str, name: str) -> int:
    translations: dict[str, str] = runpy.run_path(dict_path)[name]
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    po.save(po_path)
    for msgid in missing:
        print(f"missing translation: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
