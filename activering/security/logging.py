"""``PersoonsgegevensFilter``: installed on every handler in ``settings.LOGGING``.

Code logs ids, never names or numbers (CONTRIBUTING). This filter is the safety net for what
slips through: a rijksregisternummer in a message, in its arguments, in an exception's text
or in a traceback is masked before any handler writes the record."""

from __future__ import annotations

import logging

from .persoonsgegevens import maskeer

_formatter = logging.Formatter()


class PersoonsgegevensFilter(logging.Filter):
    """Masks rijksregisternummers in the record; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            bericht = str(record.msg)
        record.msg = maskeer(bericht)
        record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse ``exc_text`` when it is set: format the traceback once, masked.
            record.exc_text = _formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = maskeer(record.exc_text)
        if record.stack_info:
            record.stack_info = maskeer(record.stack_info)
        return True
