"""Reading and validating what browsers send: forms, JSON bodies, times typed by teachers.

Bodies are bounded by :mod:`hvlab.server.security` before they get here; these functions bound
the rest (field count, field length, JSON depth) and turn every problem into a French
:class:`~hvlab.server.errors.Problem`.
"""

from __future__ import annotations

__all__ = [
    "Form",
    "format_local",
    "parse_local",
    "read_form",
    "read_json",
]

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from starlette.requests import Request

from hvlab.server.errors import Problem

_MAX_FIELDS = 200
_MAX_FIELD_LENGTH = 4000
_MAX_JSON_DEPTH = 20


@dataclass(frozen=True)
class Form:
    """The fields of a submitted form (first value of each name)."""

    fields: dict[str, str]

    def text(self, name: str, label: str, *, max_length: int = 200, required: bool = True) -> str:
        """A text field, trimmed, with control characters refused (French errors)."""
        value = self.fields.get(name, "")
        value = unicodedata.normalize("NFC", value).strip()
        if required and not value:
            raise Problem(400, f"Le champ « {label} » est obligatoire.")
        if len(value) > max_length:
            raise Problem(
                400, f"Le champ « {label} » est trop long ({max_length} caractères au plus)."
            )
        if any(unicodedata.category(ch) == "Cc" for ch in value):
            raise Problem(400, f"Le champ « {label} » contient des caractères de contrôle.")
        return value

    def integer(
        self, name: str, label: str, *, low: int, high: int, default: int | None = None
    ) -> int:
        """An integer field between ``low`` and ``high`` inclusive."""
        raw = self.fields.get(name, "").strip()
        if not raw and default is not None:
            return default
        if not re.fullmatch(r"-?\d{1,9}", raw):
            raise Problem(
                400, f"Le champ « {label} » doit être un nombre entier (reçu « {raw[:40]} »)."
            )
        value = int(raw)
        if not low <= value <= high:
            raise Problem(
                400, f"Le champ « {label} » doit être compris entre {low} et {high} (reçu {value})."
            )
        return value

    def choice(self, name: str, label: str, allowed: tuple[str, ...]) -> str:
        """A field whose value must be one of ``allowed``."""
        value = self.fields.get(name, "")
        if value not in allowed:
            raise Problem(400, f"Valeur invalide pour « {label} ».")
        return value


async def read_form(request: Request, *, max_field_length: int = _MAX_FIELD_LENGTH) -> Form:
    """The URL-encoded form of a POST (multipart is not accepted: no page uploads files).

    Args:
        max_field_length: longest value accepted (an LTI id_token is longer than a name).
    """
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise Problem(
            415, "Le formulaire doit être envoyé encodé (application/x-www-form-urlencoded)."
        )
    body = await request.body()
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=_MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "Formulaire illisible (encodage ou nombre de champs).") from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        if len(name) > 100 or len(value) > max_field_length:
            raise Problem(400, "Un champ du formulaire est trop long.")
        fields.setdefault(name, value)
    return Form(fields)


def _depth(value: Any, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


async def read_json(request: Request) -> Any:
    """The JSON body of an API request (an object), bounded in depth."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise Problem(415, "Le corps de la requête doit être du JSON (application/json).")
    body = await request.body()
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Problem(400, "Le corps de la requête n'est pas du JSON valide.") from None
    if not isinstance(data, dict):
        raise Problem(400, "Le corps de la requête doit être un objet JSON.")
    if _depth(data, _MAX_JSON_DEPTH) > _MAX_JSON_DEPTH:
        raise Problem(400, "Le corps de la requête est trop imbriqué.")
    return data


def parse_local(text: str, label: str, zone: ZoneInfo) -> float:
    """A date and time typed in the school's time zone (``2026-12-14T08:30``) → epoch seconds."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise Problem(
            400, f"Le champ « {label} » doit être une date et une heure (reçu « {raw[:40]} »)."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    if not 2000 <= moment.year <= 2200:
        raise Problem(400, f"Le champ « {label} » doit être une date entre 2000 et 2200.")
    return moment.timestamp()


def format_local(epoch: float, zone: ZoneInfo, *, for_input: bool = False) -> str:
    """Epoch seconds → ``14/12/2026 08:30`` (or ``2026-12-14T08:30`` for a form field)."""
    moment = datetime.fromtimestamp(epoch, zone)
    if for_input:
        return moment.strftime("%Y-%m-%dT%H:%M")
    return moment.strftime("%d/%m/%Y %H:%M")
