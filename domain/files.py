"""Files as the rules see them (приложенные документы): their format (detected from content, never trusted from the
name), a reference to a stored file with its checksum, and the check of a submission's files against the documents
an obligation asks for: every item known, every required one there, each in a format the regulation accepts.

The check reads an obligation through ``AsksForDocuments`` (which ``domain.regulations.model.Obligation`` satisfies)
rather than importing it: the regulations name file formats, so this module sits below them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from domain.common import DomainError


class FileFormat(StrEnum):
    """Формат файла."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    ODS = "ods"
    DOC = "doc"  # legacy OLE2 Word
    XLS = "xls"  # legacy OLE2 Excel
    ZIP = "zip"


FORMAT_EXTENSIONS: dict[FileFormat, tuple[str, ...]] = {
    FileFormat.PDF: (".pdf",),
    FileFormat.DOCX: (".docx",),
    FileFormat.XLSX: (".xlsx",),
    FileFormat.PPTX: (".pptx",),
    FileFormat.ODT: (".odt",),
    FileFormat.ODS: (".ods",),
    FileFormat.DOC: (".doc",),
    FileFormat.XLS: (".xls",),
    FileFormat.ZIP: (".zip",),
}

FORMAT_MEDIA_TYPES: dict[FileFormat, str] = {
    FileFormat.PDF: "application/pdf",
    FileFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileFormat.ODT: "application/vnd.oasis.opendocument.text",
    FileFormat.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileFormat.DOC: "application/msword",
    FileFormat.XLS: "application/vnd.ms-excel",
    FileFormat.ZIP: "application/zip",
}


def format_for_extension(filename: str) -> FileFormat | None:
    lowered = filename.lower()
    for file_format, extensions in FORMAT_EXTENSIONS.items():
        if lowered.endswith(extensions):
            return file_format
    return None


def formats_ru(formats: tuple[FileFormat, ...]) -> str:
    return ", ".join(f.value.upper() for f in formats)


class FileRef(BaseModel):
    """A stored file as referenced from a submission."""

    model_config = ConfigDict(frozen=True)

    file_id: str
    filename: str
    format: FileFormat
    size: int
    sha256: str


# --- the files of a submission against what an obligation asks for ----------------------------------------------


class AskedDocument(Protocol):
    """A document an obligation asks for (``domain.regulations.model.DocumentItem``), e.g. 2.3.1 Положение."""

    @property
    def key(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def clause(self) -> str: ...

    @property
    def formats(self) -> tuple[FileFormat, ...]: ...


class AsksForDocuments(Protocol):
    """What ``check_attachments`` reads of an obligation (``domain.regulations.model.Obligation``)."""

    @property
    def items(self) -> Sequence[AskedDocument]: ...

    def item(self, key: str) -> AskedDocument | None: ...


def check_attachments(obligation: AsksForDocuments, items: dict[str, FileRef], required: Iterable[str] = ()) -> None:
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


def _named(obligation: AsksForDocuments, key: str) -> str:
    item = obligation.item(key)
    return f"{item.clause} {item.title}" if item is not None else key
