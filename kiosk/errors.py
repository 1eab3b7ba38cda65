"""Refusals: what the domain says when a rule says no, and how it reaches people.

The domain imports no Flask, yet its refusals must read in the page's language
(as pretix's ``CheckInError(_("…"), "code")``). So a :class:`Refusal` carries

- ``code``: stable, for programs (``"wrong_pin"``, ``"cannot_fit"``);
- ``message``: the Vietnamese source text, marked with :func:`N_` so that
  ``make messages`` extracts it, with ``%(name)s`` placeholders;
- ``params``: the values for those placeholders (a :class:`Phrase` among them
  is translated too, e.g. a field's label);
- ``status`` (HTTP) and ``field`` (which input it concerns), for the web.

One handler (kiosk.web) renders every refusal in the page's language; the CLI
prints the Vietnamese source. Subclasses keep their own structure (file, line,
row, column) and only say how they are worded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Translate = Callable[[str], str]


class Phrase(str):
    """Vietnamese source text to be translated when it is shown (see :func:`N_`)."""

    __slots__ = ()


def N_(message: str) -> Phrase:  # noqa: N802 (the conventional gettext marker)
    """Mark ``message`` for translation without translating it now: the domain has no locale."""
    return Phrase(message)


def _as_is(message: str) -> str:
    return message


class Refusal(Exception):
    """A rule said no; nothing was changed."""

    status: int = 400

    def __init__(self, code: str, message: str, /, *, status: int | None = None, field: str | None = None,
                 **params: Any) -> None:
        super().__init__(code)
        self.code, self.message, self.field, self.params = code, message, field, params
        if status is not None:
            self.status = status

    def render(self, translate: Translate = _as_is) -> str:
        """The message in the language ``translate`` gives (Vietnamese when none)."""
        text = translate(self.message)
        if not self.params:
            return text
        return text % {name: _render_value(value, translate) for name, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()


class Words:
    """Translatable words with values, used inside a refusal's message ("thẻ số %(number)s")."""

    def __init__(self, message: str, /, **params: Any) -> None:
        self.message, self.params = message, params

    def render(self, translate: Translate = _as_is) -> str:
        text = translate(self.message)
        return text % {name: _render_value(value, translate) for name, value in self.params.items()} \
            if self.params else text

    def __str__(self) -> str:
        return self.render()


def _render_value(value: Any, translate: Translate) -> Any:
    if isinstance(value, (Refusal, Words)):
        return value.render(translate)
    if isinstance(value, Phrase):
        return translate(value)
    return value


class ApiError(Refusal):
    """A refusal worded by a view, already in the page's language, with any extra JSON fields."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(code, message, status=status, field=extra.get("field"))
        self.extra = extra

    def render(self, translate: Translate = _as_is) -> str:
        return self.message
