"""Compile the project's .po catalogues to .mo with polib (no gettext tools needed)."""

import os
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    count = 0
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        # Written beside and renamed, so a test run reading it never sees half a file.
        handle, tmp = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        os.close(handle)
        polib.pofile(str(po_path)).save_as_mofile(tmp)
        os.replace(tmp, mo_path)
        count += 1
    print(f"{count} catalogue(s) compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
