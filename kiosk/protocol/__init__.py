"""The protocol desk: who came, in protocol order, as the MC introduces them (giới thiệu đại biểu).

- introductions.py: the words an MC reads, as plain functions from data to text;
- service.py: the arrived delegates of an event, in protocol order, with stand-ins, as that data;
- absence.py: excused absences (vắng có lý do), recorded by the organiser or a desk;
- documents.py: the introductions as a PDF and a .docx for the running script (kịch bản điều hành);
- views.py: /introductions (the MC's tablet), its API and downloads, and the absence API.

Protocol order itself is the delegates' rule (kiosk.attendees.service.PROTOCOL_ORDER); stand-ins are
recorded with the scan (kiosk.checkin.service), on the arrival that counts.
"""
