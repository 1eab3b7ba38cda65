"""Time badge rendering for a conference-sized batch, beside the cost of QR encoding alone.

    .venv/bin/python bench/badges.py [--count 1000] [--png-count 1000]

QR encoding (the ``qrcode`` library choosing the best of 8 masks) is the floor:
every badge needs its own code. Each measurement starts with an empty QR cache,
except the one that says otherwise.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import time
from collections.abc import Callable

from kiosk.badges import Badge, FontSet, load_layout, qr, render_pdf, render_png, token

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Thị", "Văn", "Hữu", "Đức", "Ngọc", "Minh", "Thanh", "Quốc"]
GIVEN = ["Nhung", "Huy", "Phương", "Thảo", "Dũng", "Hằng", "Quyết", "Trường", "Ngọc Ánh", "Bảo Ngọc"]
GROUPS = [
    ("Thường trực Đảng ủy", "#B71C1C"),
    ("Thường trực HĐND xã", "#6A1B9A"),
    ("Lãnh đạo, chuyên viên các phòng chuyên môn", "#FFEB3B"),
    ("Trạm Y tế", "#2E7D32"),
    ("Các thôn và Tổ công nghệ số cộng đồng", "#1565C0"),
]


def sample_badges(count: int) -> list[Badge]:
    secret = token.new_secret()
    names = itertools.cycle(" ".join(parts) for parts in itertools.product(SURNAMES, MIDDLE, GIVEN))
    badges = []
    for attendee_id in range(1, count + 1):
        group, colour = GROUPS[attendee_id % len(GROUPS)]
        badges.append(
            Badge(
                event_short="Hội nghị CCHC 6 tháng đầu năm 2026",
                organiser="UBND xã Cẩm Giang",
                name=None if attendee_id % 25 == 0 else next(names),
                position="Chuyên viên",
                unit="Phòng Văn hóa - Xã hội",
                group_name=group,
                group_colour=colour,
                seat_area=f"Khu {'ABCD'[attendee_id % 4]}",
                number=f"PCM-{attendee_id:04d}",
                token=token.sign(secret, event_id=1, attendee_id=attendee_id, version=1),
                seat_label="Đại biểu thôn 3" if attendee_id % 25 == 0 else None,
            )
        )
    return badges


def timed(work: Callable[[], object], *, warm: bool = False) -> float:
    if not warm:
        qr.clear_cache()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="badges in each PDF and for the QR floor")
    parser.add_argument("--png-count", type=int, default=1000, help="e-badges to render as PNG")
    args = parser.parse_args()

    badges = sample_badges(args.count)
    fonts = FontSet.default()
    for bold in (False, True):  # register once, as a running server would have
        fonts.pdf_name(bold)

    def report(label: str, seconds: float, count: int, extra: str = "") -> None:
        print(f"{label:<34} {seconds * 1000 / count:7.2f} ms/badge {seconds:7.2f} s {extra}")

    print(f"{args.count} badges; QR floor = the qrcode library encoding each token once")
    report("QR encoding alone (floor)", timed(lambda: list(map(qr.encode, (b.token for b in badges)))), args.count)
    for name in ("a4-90x55", "a4-a6", "card-90x55"):
        layout = load_layout(name)
        out = io.BytesIO()
        seconds = timed(lambda layout=layout, out=out: render_pdf(badges, layout, out, fonts=fonts))
        pages = -(-args.count // layout.page.badges_per_page)
        report(f"PDF {name}", seconds, args.count, f"({pages} pages, {len(out.getvalue()) / 1e6:.2f} MB)")
    layout = load_layout("a4-90x55")
    workers = os.cpu_count() or 1
    seconds = timed(lambda: render_pdf(badges, layout, io.BytesIO(), fonts=fonts, qr_workers=workers))
    report(f"PDF a4-90x55, QR on {workers} processes", seconds, args.count, "(as `kiosk badges` does)")
    for badge in badges:
        qr.encode(badge.token)
    seconds = timed(lambda: render_pdf(badges, layout, io.BytesIO(), fonts=fonts), warm=True)
    report("PDF a4-90x55, QR codes cached", seconds, args.count, "(a re-print in a running server)")
    layout = load_layout("card-a6")
    png_badges = badges[: args.png_count]
    sizes: list[int] = []
    seconds = timed(lambda: sizes.extend(len(render_png(b, layout, fonts=fonts)) for b in png_badges))
    report("PNG e-badge card-a6, 300 dpi", seconds, len(png_badges), f"(mean {sum(sizes) / len(sizes) / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
