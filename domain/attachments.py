"""The files a submission attaches (приложенные документы), checked against what the obligation asks for: every
item known, every required one there, each in a format the regulation accepts."""

from __future__ import annotations

from collections.abc import Iterable

from domain.common import DomainError
from domain.documents import FileRef, formats_ru
from domain.regulations.model import Obligation


def check_attachments(obligation: Obligation, items: dict[str, FileRef], required: Iterable[str] = ()) -> None:
    """Refuse (``unknown_item``, ``missing_items``, ``wrong_format``) files the obligation does not take."""
    for key in items:
        if obligation.item(key) is None:
            expected = ", ".join(item.key for item in obligation.items)
            raise DomainError("unknown_item", f"Неизвестный документ «{key}». Ожидаются: {expected}.", f"items.{key}")
    missing = [key for key in required if key not in items]
    if missing:
        listed = "; ".join(_named(obligation, key) for key in missing)
        raise DomainError("missing_items", f"Не хватает документов: {listed}.", "items")
    for key, ref in items.items():
        item = obligation.item(key)
        assert item is not None
        if ref.format not in item.formats:
            raise DomainError(
                "wrong_format",
                f"{item.clause} «{item.title}» принимается в формате {formats_ru(item.formats)}, "
                f"а файл «{ref.filename}» — {ref.format.value.upper()}.",
                f"items.{key}",
            )


def _named(obligation: Obligation, key: str) -> str:
    item = obligation.item(key)
    return f"{item.clause} {item.title}" if item is not None else key
