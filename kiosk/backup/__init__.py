"""A whole event in one file and back: ``kiosk export``, ``/admin/export``, ``kiosk init --event BACKUP --force``.

format.py reads the file, export.py writes it, restore.py puts its rows back, views.py serves the download.
The badge secret (instance/badge.key) is not in the backup: it must be copied beside the database by hand.
"""
