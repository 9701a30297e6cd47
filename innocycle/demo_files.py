"""Small but valid documents for the demo data and the tests: a one-page PDF, a DOCX and an XLSX.

The PDF's text is transliterated because the built-in PDF fonts have no Cyrillic; the office documents carry
Russian text as they are UTF-8 XML."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape


def pdf_bytes(text: str) -> bytes:
    """A minimal one-page PDF 1.4 showing ``text`` (ASCII) in Helvetica, with a correct cross-reference table."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 56 780 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="{target}"/></Relationships>'
)


def docx_bytes(text: str) -> bytes:
    """A minimal Word document with one paragraph."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.document.main+xml"/></Types>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:body></w:document>"
    )
    return _zip(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": _RELS.format(target="word/document.xml"),
            "word/document.xml": document,
        }
    )


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    """A minimal Excel workbook with one sheet of inline strings."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Форма" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    cells = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{escape(value)}</t></is></c>' for c, value in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    return _zip(
        {
            "[Content_Types].xml": content_types,
            "_rels/.rels": _RELS.format(target="xl/workbook.xml"),
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def package_files(site_id: str, year: int) -> dict[str, tuple[str, bytes]]:
    """The five documents of an annual package (order 135-р 2.3.1–2.3.5): item -> (file name, content)."""
    return {
        "polozhenie": (f"polozhenie-{site_id}.pdf", pdf_bytes(f"Polozhenie o resursnom centre {site_id}, {year}")),
        "report_forms": (
            f"otchetnye-formy-{site_id}.xlsx",
            xlsx_bytes([["Показатель", "За период", "С начала года"], ["Количество мероприятий", "", ""]]),
        ),
        "cases": (f"metodicheskie-materialy-{site_id}.docx", docx_bytes(f"Методические материалы (кейсы), {year}")),
        "interaction_scheme": (f"shema-vzaimodeystviya-{site_id}.pdf", pdf_bytes(f"Shema vzaimodeystviya {site_id}")),
        "roadmap": (f"dorozhnaya-karta-{year}-{site_id}.pdf", pdf_bytes(f"Dorozhnaya karta na {year} god, {site_id}")),
    }


def roadmap_rows(year: int) -> list[dict[str, object]]:
    """A small roadmap (план мероприятий) in the three canonical sections, as the structured part of a package."""
    return [
        {
            "no": "1.1",
            "section": "Организационно-методическая деятельность",
            "item": "Актуализация положения, алгоритма взаимодействия и отчетных форм",
            "deadline": "февраль",
            "responsible": "Заместитель директора",
            "expected_result": "Документы утверждены и размещены на сайте",
        },
        {
            "no": "1.2",
            "section": "Организационно-методическая деятельность",
            "item": "Направление модельных программ в Экспертный совет РЦРСО",
            "deadline": "июнь, ноябрь",
            "responsible": "Руководитель ресурсного центра",
            "expected_result": "Не менее двух продуктов направлено на экспертизу",
        },
        {
            "no": "2.1",
            "section": "Информационно-прикладная деятельность",
            "item": "Публикации о деятельности площадки",
            "deadline": "Постоянно",
            "responsible": "Специалист по связям с общественностью",
            "expected_result": "Не менее одной публикации в месяц",
        },
        {
            "no": "3.1",
            "section": "Аналитико-исследовательская деятельность",
            "item": "Сбор отчетных форм учреждений",
            "deadline": "ежеквартально",
            "responsible": "Учреждения социального обслуживания",
            "responsible_is_external": True,
            "expected_result": "Сводный отчет",
        },
        {
            "no": "3.2",
            "section": "Аналитико-исследовательская деятельность",
            "item": "Социологическое исследование удовлетворенности получателей услуг",
            "deadline": f"октябрь {year}",
            "responsible": "Психолог",
            "expected_result": "Аналитическая справка",
        },
    ]


def package_data(year: int) -> dict[str, object]:
    return {"form": "package", "roadmap": roadmap_rows(year)}
