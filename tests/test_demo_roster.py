"""The 120 sample delegates of ``kiosk init --demo`` look like a Vietnamese commune's:
family names spread as they are in the country, every one marked “(mẫu)”, and the
README's example search finds someone."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from kiosk.models import Attendee
from kiosk.text import fold
from tests.conftest import db

COMMON_FAMILIES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                   "Ngô", "Dương", "Lý"}


def test_sample_names_have_a_realistic_spread_of_family_names(app: object) -> None:
    named = [a.full_name for a in db.session().scalars(select(Attendee)) if a.full_name]
    assert len(named) == 80 and all(name.endswith(" (mẫu)") for name in named)
    families = Counter(name.split()[0] for name in named)
    assert 0.33 <= families["Nguyễn"] / len(named) <= 0.43
    assert families.most_common(3)[1:] == [("Trần", families["Trần"]), ("Lê", families["Lê"])]
    assert set(families) <= COMMON_FAMILIES and len(families) >= 12
    assert len(set(named)) == len(named)


def test_the_readmes_search_nguyen_van_an_finds_a_sample_delegate(app: object) -> None:
    names = [a.full_name for a in db.session().scalars(select(Attendee)) if a.full_name]
    assert [name for name in names if fold(name).startswith("nguyen van an ")] == ["Nguyễn Văn An (mẫu)"]
