"""kiosk: event-day check-in and live agenda for conferences of Vietnamese local government.

The application factory is ``kiosk.app.create_app``; the command line is ``kiosk.cli``.
"""

__version__ = "0.1.0"
