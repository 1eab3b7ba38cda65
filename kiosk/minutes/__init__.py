"""The minutes of the conference (biên bản hội nghị), written from what kiosk recorded.

A room of its own because the minutes read three others and none reads them:
the event's facts and who chairs and keeps the minutes (kiosk.events), who
came (kiosk.checkin.summary), what ran and for how long (kiosk.timer.service).
record.py builds the document (plain Python, no Flask); views.py serves it to
the organiser; the layout is kiosk.documents'.
"""
