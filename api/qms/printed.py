"""A version of a controlled document printed as seed 004 prints it (DOCX, decision D14): the title sheet with the
institution, «СИСТЕМА МЕНЕДЖМЕНТА КАЧЕСТВА», the document's type and subject, the director's «УТВЕРЖДАЮ» and the
requisites (approval date and №, enactment date, version, cipher); the register's card of the version (the register
keeps its text as a file, not as sections: the card names the file and its SHA-256, so the paper is matched to the
file, and the file itself is downloaded as it is) with its sign-off block; then «Лист ознакомления» (№ / Ф.И.О. /
Должность / Дата / Подпись, 26 numbered rows, the acknowledgments recorded written in, more rows when more people
signed) and «Лист идентификации изменений» (№ / Идентификация изменения / ФИО / Дата / Подпись, 22 numbered rows,
the version's change log written in). Every sheet carries the seed's running header and its footer: approval date
and №, enactment date, version, the controlled copy's № when printed for a numbered copy, and «Лист N из M» as
Word's PAGE and NUMPAGES fields; the cipher on sheet 1 only, as 004:40 prints it.

Pure rendering of a document's state into bytes: no database, no clock (the caller passes what it read)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from urllib.parse import quote

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import _Footer, _Header
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from domain.qms import document as doc
from domain.qms.model import CHAIN, STAGE_RU
from domain.regulations.qms import DOCUMENT as SEED_DOCUMENT

SYSTEM = "СИСТЕМА МЕНЕДЖМЕНТА КАЧЕСТВА"
ACK_ROWS = SEED_DOCUMENT.acknowledgment_rows  # 26 (004:563–591)
CHANGE_ROWS = SEED_DOCUMENT.change_rows  # 22 (004:606–633)
ACK_COLUMNS = ("№", "Ф.И.О.", "Должность", "Дата", "Подпись")
CHANGE_COLUMNS = ("№", "Идентификация изменения", "ФИО", "Дата", "Подпись")
CHANGE_HEADING = "Изменения в настоящей версии документа\n(при смене версии данная таблица не заполняется)"
FONT = "Times New Roman"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _d(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "—"


def subject_of(state: doc.DocumentState) -> str:
    """«Положение об отделении …» → «об отделении …»: the subject line printed under the document's type (004:22)."""
    kind = state.document_type.strip()
    title = state.title.strip()
    if title.lower().startswith(kind.lower()):
        rest = title[len(kind) :].strip()
        if rest:
            return rest
    return title


def file_name(state: doc.DocumentState, version: doc.VersionState, copy: int | None) -> str:
    """The download's name, in Russian: «Положение об отделении … — версия 3.0, учтенная копия № 2.docx»."""
    title = "".join(c for c in state.title if c not in '\\/:*?"<>|').strip()
    tail = f", учтенная копия № {copy}" if copy else ""
    return f"{title} — версия {version.version}{tail}.docx"


def attachment(name: str) -> str:
    """Content-Disposition of a download named in Russian (RFC 6266: an ASCII fallback, the UTF-8 name beside it)."""
    return f"attachment; filename=\"document.docx\"; filename*=UTF-8''{quote(name)}"


def _approval(version: doc.VersionState) -> str:
    if version.approved_on is None:
        return "не утверждена"
    return f"{_d(version.approved_on)} № {version.approval_number}"


def _enactment(version: doc.VersionState) -> str:
    return _d(version.enacted_on or version.enacts_on)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's application computes, with ``shown`` until it does."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("shown", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "shown":
            run.text = shown
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _borders(table: Table) -> None:
    table.style = "Table Grid"


def _widths(table: Table, widths: tuple[int, ...]) -> None:
    """Fixed column widths (mm), in the grid and in every cell: LibreOffice reads the one, Word the other."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)


def _footer(
    footer: _Footer, state: doc.DocumentState, version: doc.VersionState, copy: int | None, first: bool
) -> None:
    """The footer of 004:40–41 / 66: a one-row table of the requisites, «Лист N из M» in its last cell."""
    footer.is_linked_to_previous = False
    table = footer.add_table(rows=1, cols=4, width=Mm(180))
    _borders(table)
    _widths(table, (44, 44, 52, 35))
    cells = table.rows[0].cells
    texts = [
        f"Дата утверждения: {_approval(version)}",
        f"Дата введения в действие: {_enactment(version)}",
        f"Версия {version.version}",
    ]
    if first:
        texts[2] += f"\nШифр: {state.cipher or state.cipher_prefix + ' № по номенклатуре дел'}"
    texts[2] += f"\nУчтенная копия № {copy}" if copy else "\nУчтенная копия №:"
    for cell, text in zip(cells[:3], texts, strict=True):
        cell.paragraphs[0].text = text
    last = cells[3].paragraphs[0]
    last.add_run("Лист ")
    _field(last, "PAGE", "1")
    last.add_run(" из ")
    _field(last, "NUMPAGES", "1")
    for cell in cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(8)
    # the footer's own empty first paragraph would print a blank line under the table
    first_paragraph = footer.paragraphs[0]
    if not first_paragraph.text:
        first_paragraph._p.getparent().remove(first_paragraph._p)


def _header(header: _Header, state: doc.DocumentState, institution: str) -> None:
    """The running header of sheets 2…M (004:45–52): the institution, the system, the type, the subject."""
    header.is_linked_to_previous = False
    lines = (institution, SYSTEM, state.document_type.upper(), subject_of(state))
    first = header.paragraphs[0]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        run.font.size = Pt(8)
        run.bold = i in (1, 2)


def _centered(document: DocxDocument, text: str, size: int = 12, bold: bool = False, space_after: int = 0) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    return paragraph


def _grid(
    document: DocxDocument, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[int, ...]
) -> Table:
    table: Table = document.add_table(rows=1 + len(rows), cols=len(columns))
    _borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, name in enumerate(columns):
        cell = table.rows[0].cells[i]
        cell.paragraphs[0].text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for r, values in enumerate(rows, start=1):
        row = table.rows[r]
        row.height = Mm(7)
        for i, value in enumerate(values):
            row.cells[i].paragraphs[0].text = value
    _widths(table, widths)
    for row in table.rows:
        # a row of the sheet is one line of people's handwriting: never split across sheets
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
    header_row = OxmlElement("w:tblHeader")  # the column names again on the next sheet of a long list
    table.rows[0]._tr.get_or_add_trPr().append(header_row)
    return table


def _sheet_title(document: DocxDocument, name: str) -> None:
    paragraph = _centered(document, name, 13, bold=True, space_after=6)
    paragraph.paragraph_format.page_break_before = True


def _card(document: DocxDocument, state: doc.DocumentState, version: doc.VersionState) -> None:
    """The register's card of the version: what the register holds of it, and where its text is."""
    title = _centered(document, "Карточка версии в реестре управляемых документов", 13, bold=True, space_after=6)
    title.paragraph_format.page_break_before = True
    rows: list[tuple[str, str]] = [
        ("Вид документа", state.document_type),
        ("Наименование", state.title),
        ("Отделение", state.unit_name),
        ("Шифр", state.cipher or f"{state.cipher_prefix} (номер по номенклатуре дел не присвоен)"),
        ("Версия", version.version),
        ("Статус", doc.VERSION_STATUS_RU[version.status]),
        ("Число листов (бумажный подлинник)", str(version.sheets)),
        ("Дата и № утверждения", _approval(version)),
        ("Дата введения в действие", _enactment(version)),
    ]
    if version.superseded_on:
        rows.append(("Заменена", f"версией {version.superseded_by} с {_d(version.superseded_on)}"))
    if version.summary:
        rows.append(("Что нового в версии", version.summary))
    if version.file is not None:
        rows.append(
            (
                "Текст версии",
                f"файл «{version.file.filename}» ({version.file.format.value.upper()}, "
                f"{max(1, -(-version.file.size // 1024))} КБ), SHA-256 {version.file.sha256}",
            )
        )
    else:
        rows.append(("Текст версии", "в реестре не приложен: подлинник — на бумаге"))
    copies = [c for c in version.copies if c.withdrawn_on is None]
    rows.append(
        (
            "Учтенные копии в обращении",
            "; ".join(f"№ {c.number} — {c.holder} (выдана {_d(c.issued_on)})" for c in copies) or "нет",
        )
    )
    table: Table = document.add_table(rows=len(rows), cols=2)
    _borders(table)
    _widths(table, (60, 115))
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].paragraphs[0].text = label
        row.cells[1].paragraphs[0].text = value
    _centered(document, "Лист согласования", 12, bold=True, space_after=4).paragraph_format.space_before = Pt(12)
    signed = {s.step: s for s in version.signatures}
    sign_rows = []
    for step in CHAIN:
        signature = signed.get(step.key)
        name = signature.full_name if signature else ""
        if signature and signature.acting:
            name += " (И.О.)"
        when = _d(signature.signed_on) if signature and signature.signed_on else ""
        sign_rows.append((STAGE_RU[step.stage], step.position, name, when, ""))
    _grid(document, ("", "Должность", "Ф.И.О.", "Дата", "Подпись"), sign_rows, (28, 45, 52, 25, 25))


def render(state: doc.DocumentState, version: doc.VersionState, institution: str, copy: int | None = None) -> bytes:
    """The DOCX of ``version`` of the document ``state`` of ``institution`` (its name heads sheet 1 and every running
    header, and the director signs as its «Директор», 004:9–11); ``copy``: the controlled copy's № on every sheet."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(25), Mm(10)
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)
    section.header_distance, section.footer_distance = Mm(8), Mm(8)
    section.different_first_page_header_footer = True
    _header(section.header, state, institution)
    _footer(section.first_page_footer, state, version, copy, first=True)
    _footer(section.footer, state, version, copy, first=False)

    # sheet 1: the title (004:1–41)
    _centered(document, institution.upper(), 12, bold=True, space_after=18)
    stamp = document.add_table(rows=1, cols=2)
    _widths(stamp, (90, 85))
    left, right = stamp.rows[0].cells
    director = next((s for s in version.signatures if s.step == "director"), None)
    lines = ["УТВЕРЖДАЮ", f"Директор {institution}"]
    if director is not None:
        lines.append(f"______________ {director.full_name or '____________'}")
        day = director.signed_on
        lines.append(f"«{day:%d}» {day:%m} {day:%Y} г." if day else "«___» ________ 20__ г.")
    else:
        lines += ["______________ ____________", "«___» ________ 20__ г."]
    right.paragraphs[0].text = lines[0]
    right.paragraphs[0].runs[0].bold = True
    for line in lines[1:]:
        right.add_paragraph(line)
    left.paragraphs[0].text = ""
    for _ in range(4):
        document.add_paragraph()
    _centered(document, SYSTEM, 14, bold=True, space_after=12)
    _centered(document, state.document_type.upper(), 16, bold=True, space_after=6)
    _centered(document, subject_of(state).upper(), 14, bold=True, space_after=24)
    if version.status in (doc.VersionStatus.DRAFT, doc.VersionStatus.IN_AGREEMENT):
        _centered(document, "ПРОЕКТ — версия не утверждена", 12, bold=True, space_after=12)
    requisites = document.add_table(rows=5, cols=2)
    _borders(requisites)
    _widths(requisites, (70, 105))
    for row, (label, value) in zip(
        requisites.rows,
        (
            ("Утверждено", f"{_approval(version)}" + (f", {director.position.lower()}" if director else "")),
            ("Дата введения в действие", _enactment(version)),
            ("Версия", version.version),
            ("Шифр", state.cipher or f"{state.cipher_prefix} № по номенклатуре дел"),
            ("Учтенная копия №", str(copy) if copy else "—"),
        ),
        strict=True,
    ):
        row.cells[0].paragraphs[0].text = label
        row.cells[1].paragraphs[0].text = value

    _card(document, state, version)

    sheet = sorted(version.sheet, key=lambda row: row.number)
    ack_rows = [
        (str(i), row.full_name, row.position, _d(row.acknowledged_on), "") for i, row in enumerate(sheet, start=1)
    ]
    ack_rows += [(str(i), "", "", "", "") for i in range(len(ack_rows) + 1, ACK_ROWS + 1)]
    _sheet_title(document, "Лист ознакомления")
    _grid(document, ACK_COLUMNS, ack_rows, (12, 60, 53, 25, 25))

    changes = sorted(version.changes, key=lambda change: change.number)
    change_rows = [
        (f"{i}.", change.identification, change.full_name, _d(change.changed_on), "")
        for i, change in enumerate(changes, start=1)
    ]
    change_rows += [(f"{i}.", "", "", "", "") for i in range(len(change_rows) + 1, CHANGE_ROWS + 1)]
    _sheet_title(document, "Лист идентификации изменений")
    for line in CHANGE_HEADING.split("\n"):
        _centered(document, line, 11, space_after=0)
    document.add_paragraph()
    _grid(document, CHANGE_COLUMNS, change_rows, (12, 73, 45, 25, 20))

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
