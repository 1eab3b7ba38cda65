"""What the organiser's pages call things: form fields, agenda kinds, audit actions, the navigation.

One place for this wording, shared by every room's management pages and the
audit trail (which shows every room's changes).
"""

from __future__ import annotations

from flask_babel import lazy_gettext, lazy_pgettext

LABELS = {
    "title": lazy_gettext("Tên hội nghị"), "short_title": lazy_gettext("Tên ngắn (trên thẻ, màn hình)"),
    "place": lazy_gettext("Địa điểm"), "date": lazy_gettext("Ngày"), "start_time": lazy_gettext("Giờ bắt đầu"),
    "presentation_minutes": lazy_gettext("Thời lượng mỗi tham luận (phút)"),
    "amber_seconds": lazy_gettext("Ngưỡng vàng (giây còn lại)"),
    "red_seconds": lazy_gettext("Ngưỡng đỏ (giây còn lại)"),
    "name": lazy_gettext("Tên nhóm"), "colour": lazy_gettext("Màu thẻ"), "expected": lazy_gettext("Số dự kiến"),
    "seat_area": lazy_gettext("Khu vực ngồi"), "seats": lazy_gettext("Ghế đại diện (người ngồi biết khi đến)"),
    "introduce": lazy_gettext("Cách giới thiệu đại biểu"), "introduce_as": lazy_gettext("Giới thiệu là “Về phía …”"),
    "summary": lazy_gettext("Lời giới thiệu chung"),
    "group": lazy_gettext("Nhóm"), "full_name": lazy_gettext("Họ và tên"), "seat_label": lazy_gettext("Tên ghế"),
    "position": lazy_gettext("Chức vụ"), "unit": lazy_gettext("Đơn vị"), "rank": lazy_gettext("Thứ tự trong nhóm"),
    "kind": lazy_gettext("Loại"), "item_title": lazy_gettext("Tên mục"), "presenter": lazy_gettext("Người trình bày"),
    "minutes": lazy_gettext("Số phút"), "parent_id": lazy_gettext("Thuộc phần"),
    "planned_seconds": lazy_gettext("Số phút"),
    "fit_floor_minutes": lazy_gettext("Tối thiểu mỗi nội dung khi chia lại giờ (phút)"),
    "quick_message": lazy_gettext("Tin nhắn nhanh"),
    "chair_name": lazy_gettext("Chủ trì: họ và tên"), "chair_title": lazy_gettext("Chủ trì: chức vụ"),
    "secretary_name": lazy_gettext("Thư ký: họ và tên"), "secretary_title": lazy_gettext("Thư ký: chức vụ"),
}
KIND_LABELS = {
    "opening": lazy_gettext("Khai mạc"), "report": lazy_gettext("Báo cáo"),
    "section": lazy_gettext("Phần có mục con"), "presentation": lazy_gettext("Tham luận"),
    "direction": lazy_gettext("Chỉ đạo, kết luận"), "break": lazy_gettext("Giải lao"), "other": lazy_gettext("Khác"),
}
# What the audit trail calls the fields it lists before and after a change.
AUDIT_FIELDS = {
    **LABELS, "title": lazy_gettext("Tên"), "planned_seconds": lazy_gettext("Thời lượng (giây)"),
    "presentation_seconds": lazy_gettext("Thời lượng tham luận (giây)"), "number": lazy_gettext("Số thẻ"),
    "badge_version": lazy_gettext("Lần cấp thẻ"), "revoked": lazy_gettext("Đã thu hồi"),
    "items": lazy_gettext("Các mục"), "presentations_following": lazy_gettext("Tham luận theo thời lượng mới"),
    "delegates": lazy_gettext("Đại biểu"), "checkins": lazy_gettext("Lượt điểm danh"),
    "commands": lazy_gettext("Lệnh đồng hồ"), "groups": lazy_pgettext("plural", "Nhóm"),
    "agenda": lazy_gettext("Mục chương trình"),
    "checked_in_at": lazy_gettext("Giờ đến"), "desk": lazy_gettext("Bàn"),
    "holder_name": lazy_gettext("Người nhận ghế"),
    "text": lazy_gettext("Tin nhắn"), "restored": lazy_gettext("Khôi phục từ bản sao lưu"),
    "roles": lazy_gettext("Vai trò"), "reason": lazy_gettext("Lý do"),
    "wrong_pins": lazy_gettext("Số lần nhập sai"), "locked_seconds": lazy_gettext("Khóa trong (giây)"),
    "role_tried": lazy_gettext("Vai trò đã thử"),
    "absence_reason": lazy_gettext("Lý do vắng"),
    "stand_in_name": lazy_gettext("Người dự thay"), "stand_in_position": lazy_gettext("Chức vụ người dự thay"),
    "fit_floor_seconds": lazy_gettext("Tối thiểu mỗi nội dung khi chia lại giờ (giây)"),
    "quick_messages": lazy_gettext("Tin nhắn nhanh của chủ trì"),
    "undo_desk": lazy_gettext("Bàn hủy"), "end": lazy_gettext("Kết thúc lúc"),
}
AUDIT_DETAILS = ("undo_desk", "desk", "end")
"""The keys of an entry's detail (beside before and after) the audit page shows: who did it where, what was asked."""
ACTION_LABELS = {
    "event.install": lazy_gettext("Khởi tạo sự kiện"), "auth.pins": lazy_gettext("Đặt mã PIN mới"),
    "auth.login": lazy_gettext("Đăng nhập"), "auth.logout": lazy_gettext("Đăng xuất"),
    "auth.locked": lazy_gettext("Khóa địa chỉ nhập sai mã PIN quá nhiều lần"),
    "event.update": lazy_gettext("Sửa thông tin hội nghị"), "event.replace": lazy_gettext("Nạp kế hoạch mới"),
    "group.update": lazy_gettext("Sửa nhóm"), "delegate.add": lazy_gettext("Thêm đại biểu"),
    "delegate.walk_in": lazy_gettext("Đăng ký tại bàn đón tiếp"),
    "delegate.walk_in_withdrawn": lazy_gettext("Xóa đăng ký tại bàn (hủy cùng lượt điểm danh)"),
    "delegate.update": lazy_gettext("Sửa đại biểu"), "delegate.revoke": lazy_gettext("Thu hồi thẻ"),
    "delegate.restore": lazy_gettext("Khôi phục đại biểu"), "delegate.reissue": lazy_gettext("Cấp lại thẻ"),
    "agenda.add": lazy_gettext("Thêm mục chương trình"), "agenda.update": lazy_gettext("Sửa mục chương trình"),
    "agenda.remove": lazy_gettext("Xóa mục chương trình"), "agenda.move": lazy_gettext("Đổi thứ tự chương trình"),
    "roster.import": lazy_gettext("Nạp danh sách đại biểu"), "roster.demo": lazy_gettext("Nạp đại biểu mẫu"),
    "checkin.undo": lazy_gettext("Hủy điểm danh"), "checkin.holder": lazy_gettext("Ghi người nhận ghế"),
    "checkin.stand_in": lazy_gettext("Ghi người dự thay"), "delegate.move": lazy_gettext("Đổi thứ tự đại biểu"),
    "delegate.absence": lazy_gettext("Ghi vắng có lý do"),
    "delegate.absence_clear": lazy_gettext("Bỏ ghi vắng có lý do"),
    "message.send": lazy_gettext("Gửi tin nhắn cho người trình bày"),
    "message.clear": lazy_gettext("Xóa tin nhắn cho người trình bày"),
    "timer.start": lazy_gettext("Đồng hồ: bắt đầu"), "timer.pause": lazy_gettext("Đồng hồ: tạm dừng"),
    "timer.resume": lazy_gettext("Đồng hồ: tiếp tục"), "timer.finish": lazy_gettext("Đồng hồ: kết thúc"),
    "timer.next": lazy_gettext("Đồng hồ: nội dung tiếp theo"),
    "timer.previous": lazy_gettext("Đồng hồ: nội dung trước"),
    "timer.add": lazy_gettext("Đồng hồ: thêm/bớt thời gian"), "timer.skip": lazy_gettext("Đồng hồ: bỏ qua"),
    "timer.reorder": lazy_gettext("Đồng hồ: đổi thứ tự"),
    "timer.fit": lazy_gettext("Đồng hồ: chia lại thời lượng để kết thúc lúc"),
    "chair.messages": lazy_gettext("Sửa tin nhắn nhanh của chủ trì"),
}
NAV = (
    ("admin.overview", lazy_gettext("Tổng quan")), ("events_admin.event_form", lazy_gettext("Hội nghị")),
    ("events_admin.groups", lazy_pgettext("plural", "Nhóm")), ("attendees_admin.delegates", lazy_gettext("Đại biểu")),
    ("programme_admin.agenda", lazy_gettext("Chương trình")), ("admin.imports", lazy_gettext("Nạp tệp")),
    ("auth_admin.audit", lazy_gettext("Nhật ký")),
)
