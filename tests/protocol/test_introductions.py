"""The words an MC reads (kiosk.protocol.introductions), from plain data: no database, no server."""

from __future__ import annotations

import datetime as dt

from kiosk.protocol.introductions import (
    Arrival,
    GroupArrivals,
    Person,
    default_mode,
    introduce,
    mode_of,
    occasion,
    person_phrase,
)

AT = dt.datetime(2026, 6, 18, 1, 0, tzinfo=dt.UTC)
TITLE = "Hội nghị đánh giá công tác cải cách hành chính 6 tháng đầu năm 2026"


def came(delegate_id: int, name: str, position: str, stand_in: Person | None = None) -> Arrival:
    return Arrival(delegate_id=delegate_id, number=f"X-{delegate_id:03d}", delegate=Person(name, position, "Xã"),
                   arrived_at=AT, stand_in=stand_in)


def test_a_group_of_leaders_is_read_by_name_in_the_order_given() -> None:
    party = GroupArrivals("DU", "Thường trực Đảng ủy", "by_name", (
        came(1, "Phan Bích Giang", "Bí thư Đảng ủy xã"), came(3, "Tạ Bích Thảo", "Phó Bí thư Đảng ủy xã")),
        introduce_as="Thường trực Đảng ủy xã")
    words = introduce(TITLE, [party])
    assert words.groups[0].text == ("Về phía Thường trực Đảng ủy xã, có đồng chí Phan Bích Giang, Bí thư Đảng ủy xã; "
                                    "đồng chí Tạ Bích Thảo, Phó Bí thư Đảng ủy xã.")
    assert words.text.splitlines() == [
        "Đến dự Hội nghị hôm nay, chúng tôi trân trọng giới thiệu:",
        words.groups[0].text,
        "Xin trân trọng cảm ơn các đồng chí đại biểu đã về dự Hội nghị.",
    ]


def test_a_stand_in_is_read_in_their_own_name_after_the_groups_own_delegates() -> None:
    deputy = Person("Nguyễn Văn Thay", "Phó trưởng phòng")
    committee = GroupArrivals("UBND", "Chủ tịch và các Phó Chủ tịch Ủy ban nhân dân xã", "by_name", (
        came(7, "Đặng Thế Long", "Chủ tịch UBND xã", stand_in=deputy),
        came(8, "Dương Phương Trang", "Phó Chủ tịch UBND xã")), introduce_as="Ủy ban nhân dân xã")
    group = introduce(TITLE, [committee]).groups[0]
    assert group.text == ("Về phía Ủy ban nhân dân xã, có đồng chí Dương Phương Trang, Phó Chủ tịch UBND xã; "
                          "đồng chí Nguyễn Văn Thay, Phó trưởng phòng, dự thay đồng chí Đặng Thế Long.")
    assert [arrival.delegate_id for arrival in group.read] == [8, 7]
    assert [(part.delegate_id, part.text) for part in group.parts][2] == (
        7, "đồng chí Nguyễn Văn Thay, Phó trưởng phòng, dự thay đồng chí Đặng Thế Long.")


def test_groups_nobody_came_from_are_left_out_and_only_the_last_line_ends_in_a_full_stop() -> None:
    groups = [GroupArrivals("DU", "Thường trực Đảng ủy", "by_name", (came(1, "A", "Bí thư"),)),
              GroupArrivals("HDND", "Thường trực HĐND xã", "by_name", ()),
              GroupArrivals("TH", "Lãnh đạo các trường học", "summary", (came(9, "B", "Hiệu trưởng"),),
                            summary="cùng đại diện lãnh đạo các trường học trên địa bàn xã"),
              GroupArrivals("THON", "Các thôn và Tổ công nghệ số cộng đồng", "summary", (came(20, "C", ""),))]
    words = introduce(TITLE, groups)
    assert [group.group.code for group in words.groups] == ["DU", "TH", "THON"]
    assert [group.text for group in words.groups] == [
        "Về phía Thường trực Đảng ủy, có đồng chí A, Bí thư;",
        "Cùng đại diện lãnh đạo các trường học trên địa bàn xã;",
        "Cùng đại diện các thôn và Tổ công nghệ số cộng đồng.",
    ]


def test_nobody_arrived_gives_no_words() -> None:
    assert introduce(TITLE, [GroupArrivals("DU", "Thường trực Đảng ủy", "by_name", ())]).text == ""


def test_seat_groups_and_large_groups_are_summarised_unless_the_event_file_says_otherwise() -> None:
    assert default_mode(seats=False, registered=3) == "by_name"
    assert default_mode(seats=False, registered=8) == "by_name"
    assert default_mode(seats=False, registered=9) == "summary"
    assert default_mode(seats=True, registered=2) == "summary"
    assert mode_of("by_name", seats=False, registered=40) == "by_name"
    assert mode_of("summary", seats=False, registered=2) == "summary"
    assert mode_of(None, seats=False, registered=35) == "summary"


def test_a_person_is_named_with_their_position_else_their_unit_else_alone() -> None:
    assert person_phrase(Person("Lê Văn A", "Trưởng phòng", "Phòng Kinh tế")) == "đồng chí Lê Văn A, Trưởng phòng"
    assert person_phrase(Person("Lê Văn A", "", "Phòng Kinh tế")) == "đồng chí Lê Văn A, Phòng Kinh tế"
    assert person_phrase(Person("Lê Văn A")) == "đồng chí Lê Văn A"


def test_the_opening_names_the_kind_of_event_its_title_starts_with() -> None:
    assert occasion(TITLE) == "Hội nghị"
    assert occasion("Hội thảo chuyển đổi số") == "Hội thảo"
    assert occasion("HOI NGHI tong ket") == "Hội nghị"
    assert occasion("Lễ kỷ niệm 80 năm") == "Lễ"
    assert occasion("Lễ") == "Lễ"
    assert occasion("Lễhội") == "Hội nghị"  # a word that merely starts like one is not it
    assert occasion("Tổng kết năm 2026") == "Hội nghị"
    assert introduce("Hội thảo chuyển đổi số", [GroupArrivals("DU", "Đảng ủy", "by_name", (came(1, "A", ""),))]
                     ).opening == "Đến dự Hội thảo hôm nay, chúng tôi trân trọng giới thiệu:"


def test_a_summary_without_words_of_its_own_says_cung_dai_dien_and_keeps_abbreviations() -> None:
    schools = GroupArrivals("TH", "Lãnh đạo các trường học", "summary", (came(1, "A", ""),))
    assert introduce(TITLE, [schools]).groups[0].text == "Cùng đại diện lãnh đạo các trường học."
    offices = GroupArrivals("PCM", "UBND xã và các phòng", "summary", (came(1, "A", ""),))
    assert introduce(TITLE, [offices]).groups[0].text == "Cùng đại diện UBND xã và các phòng."
    named = GroupArrivals("PCM", "Phòng ban", "summary", (came(1, "A", ""),), introduce_as="Các phòng chuyên môn")
    assert introduce(TITLE, [named]).groups[0].text == "Cùng đại diện các phòng chuyên môn."
