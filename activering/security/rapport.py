"""Error reports (the technical 500 page with DEBUG, the mails to ADMINS) without personal
data: ``DEFAULT_EXCEPTION_REPORTER_FILTER`` and ``DEFAULT_EXCEPTION_REPORTER`` in settings.

- request fields (POST and GET) whose name is a personal field (``voornaam``,
  ``rijksregisternummer``, ``telefoon`` …, see ``persoonsgegevens.PERSOONSVELDEN``) are
  hidden, and any value that looks like a rijksregisternummer is masked;
- local variables of the traceback: only numbers, dates, ids and the shape of containers are
  shown; model instances as ``<Client pk=12>``, text by its length (a name cannot be
  recognised by pattern, so no text is shown);
- the finished report (text and HTML) is masked once more for rijksregisternummers, so the
  exception message itself cannot leak one.
"""

from __future__ import annotations

import datetime
import decimal
import types
import uuid
from collections.abc import Mapping

from django.db import models
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from .persoonsgegevens import GEMASKEERD, is_persoonsveld, maskeer


class _Weergave:
    """A value shown in a report by a fixed, safe representation."""

    def __init__(self, tekst: str):
        self.tekst = tekst

    def __repr__(self) -> str:
        return self.tekst

    __str__ = __repr__


#: Values shown as they are: they cannot hold a name.
_ONSCHULDIG = (
    int,
    float,
    decimal.Decimal,
    bool,
    type(None),
    datetime.date,
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
)


def _veilig(waarde, diepte: int = 0):
    """What an error report may show of a local variable. Numbers, dates and ids as they are;
    model instances as ``<Client pk=12>``, querysets as ``<QuerySet Client>`` (their
    ``__str__`` or rows could hold names); containers walked a few levels; functions, classes
    and modules by their repr. Text and any other object only by type and size: a string can
    hold a name, and no pattern recognises one."""
    if isinstance(waarde, _ONSCHULDIG):
        return waarde
    if isinstance(waarde, models.Model):
        return _Weergave(f"<{type(waarde).__name__} pk={waarde.pk}>")
    if isinstance(waarde, models.QuerySet):
        return _Weergave(f"<QuerySet {waarde.model.__name__}>")
    if isinstance(waarde, str | bytes):
        return _Weergave(f"<{type(waarde).__name__}: {len(waarde)} tekens>")
    if diepte < 4 and isinstance(waarde, Mapping):
        return {
            (k if isinstance(k, _ONSCHULDIG) else maskeer(str(k))): (
                GEMASKEERD if is_persoonsveld(k) else _veilig(v, diepte + 1)
            )
            for k, v in list(waarde.items())[:100]
        }
    if diepte < 4 and isinstance(waarde, list | tuple | set | frozenset):
        return _Weergave(repr(type(waarde)(_veilig(v, diepte + 1) for v in list(waarde)[:100])))
    if isinstance(waarde, types.FunctionType | types.MethodType | type | types.ModuleType):
        return _Weergave(maskeer(repr(waarde)))
    return _Weergave(f"<{type(waarde).__module__}.{type(waarde).__qualname__}>")


def _veilige_querydict(data: MultiValueDict) -> MultiValueDict:
    schoon = data.copy()
    for sleutel in list(schoon.keys()):
        if is_persoonsveld(sleutel):
            schoon.setlist(sleutel, [GEMASKEERD])
        else:
            schoon.setlist(sleutel, [maskeer(str(v)) for v in schoon.getlist(sleutel)])
    return schoon


def _veilige_querystring(querystring: str) -> str:
    return _veilige_querydict(QueryDict(querystring)).urlencode(safe="*[]")


class PersoonsgegevensReporterFilter(SafeExceptionReporterFilter):
    """Django's safe filter (passwords, keys, cookies), always active (also with DEBUG), plus
    the personal-data rules of this module."""

    def is_active(self, request) -> bool:
        return True

    def get_post_parameters(self, request: HttpRequest | None):
        if request is None:
            return {}
        return _veilige_querydict(super().get_post_parameters(request))

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for sleutel in ("QUERY_STRING", "HTTP_REFERER", "PATH_INFO", "REQUEST_URI", "RAW_URI"):
            if isinstance(meta.get(sleutel), str):
                waarde = meta[sleutel]
                if sleutel == "QUERY_STRING":
                    meta[sleutel] = _veilige_querystring(waarde)
                else:
                    pad, _, query = waarde.partition("?")
                    meta[sleutel] = maskeer(pad) + (
                        f"?{_veilige_querystring(query)}" if query else ""
                    )
        return meta

    def get_traceback_frame_variables(self, request, tb_frame):
        variabelen = super().get_traceback_frame_variables(request, tb_frame)
        uit = []
        for naam, waarde in variabelen:
            if is_persoonsveld(naam):
                uit.append((naam, GEMASKEERD))
            elif isinstance(waarde, HttpRequest):
                uit.append(
                    (
                        naam,
                        _Weergave(
                            f"<{type(waarde).__name__}: {waarde.method} {maskeer(waarde.path)}>"
                        ),
                    )
                )
            elif isinstance(waarde, MultiValueDict):
                uit.append((naam, _veilige_querydict(waarde)))
            else:
                uit.append((naam, _veilig(waarde)))
        return uit


class PersoonsgegevensExceptionReporter(ExceptionReporter):
    """Hides personal GET parameters and masks rijksregisternummers in the whole report."""

    def _get_raw_insecure_uri(self):
        return "{scheme}://{host}{path}".format(
            scheme=self.request.scheme,
            host=self.request._get_raw_host(),
            path=maskeer(self.request.path)
            + (
                f"?{_veilige_querystring(self.request.META.get('QUERY_STRING', ''))}"
                if self.request.META.get("QUERY_STRING")
                else ""
            ),
        )

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = _veilige_querydict(self.request.GET).items()
        return data

    def get_traceback_html(self):
        return maskeer(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return maskeer(str(super().get_traceback_text()))
