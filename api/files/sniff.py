"""What a file really is, from its bytes: PDF, the OOXML and ODF office formats (ZIP containers recognised by
their parts), legacy OLE2 Word/Excel, or a plain ZIP archive. The name's extension is checked against this,
never trusted.

Hand-written rather than libmagic: the accepted formats are a short whitelist, OOXML types need a look inside the
ZIP that magic numbers alone do not give, and libmagic is a system library a fresh machine may lack."""

from __future__ import annotations

import io
import zipfile

from domain.files import FileFormat

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": FileFormat.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileFormat.ODS,
}
OOXML_MAIN_PARTS = (
    ("word/document.xml", FileFormat.DOCX),
    ("xl/workbook.xml", FileFormat.XLSX),
    ("ppt/presentation.xml", FileFormat.PPTX),
)


def detect_format(content: bytes) -> FileFormat | None:
    """The format the content is, or None when it is none of the accepted ones."""
    if content.startswith(PDF_MAGIC) or PDF_MAGIC in content[:1024]:
        return FileFormat.PDF
    if content.startswith(ZIP_MAGIC):
        return _zip_format(content)
    if content.startswith(OLE2_MAGIC):
        return _ole2_format(content)
    return None


def _zip_format(content: bytes) -> FileFormat | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                found = ODF_MIMETYPES.get(archive.read("mimetype").strip())
                if found:
                    return found
            if "[Content_Types].xml" in names:
                for part, file_format in OOXML_MAIN_PARTS:
                    if part in names:
                        return file_format
            return FileFormat.ZIP
    except (zipfile.BadZipFile, OSError, KeyError):
        return None


def _ole2_format(content: bytes) -> FileFormat | None:
    # OLE2 directory entries name their streams in UTF-16LE: Word files hold "WordDocument", Excel "Workbook".
    if "WordDocument".encode("utf-16-le") in content:
        return FileFormat.DOC
    if "Workbook".encode("utf-16-le") in content or "Book".encode("utf-16-le") in content:
        return FileFormat.XLS
    return None
