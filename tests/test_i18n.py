"""Every text a screen can show in Vietnamese has its English translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "kiosk/translations/en/LC_MESSAGES/messages.po"


def test_the_english_catalogue_covers_every_text(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_",
                    "-k", "gettext", "-k", "lazy_gettext", "--no-location", "-o", str(template), "."],
                   cwd=ROOT, check=True, capture_output=True)
    wanted = {m.id for m in read_po(template.open("rb")) if m.id}
    with CATALOGUE.open("rb") as handle:
        catalogue = {m.id: m for m in read_po(handle) if m.id}
    missing = sorted(wanted - set(catalogue))
    untranslated = sorted(i for i in wanted & set(catalogue) if not catalogue[i].string or catalogue[i].fuzzy)
    assert not missing, f"run `make messages`, then translate: {missing}"
    assert not untranslated, f"translate in {CATALOGUE.name}: {untranslated}"
