"""Files as the rules see them: their format (detected from content, never trusted from the name) and a
reference to a stored file with its checksum."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class FileFormat(StrEnum):
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
