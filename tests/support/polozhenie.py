"""A KhMAO site's положение entered in the QMS register (QMS D13) through the REST API, as the tests need it: a unit
of the site's institution, the document naming the site, and — when asked — a version in force from the paper with
the file of its text uploaded for the site."""

from __future__ import annotations

from typing import Any

from domain.regulations.khmao.sites import SITES
from innocycle.demo_files import pdf_bytes
from tests.support.client import Api


def institution_of(site_id: str) -> str:
    return next(site.institution_id for site in SITES if site.id == site_id)


def register_polozhenie(api: Api, site_id: str, slug: str) -> str:
    """Register a unit ``{slug}-unit`` of the site's institution and its document ``{slug}`` as the site's
    положение, with no version yet; returns the document's id."""
    unit = {"unit_id": f"{slug}-unit", "institution_id": institution_of(site_id), "name": "Отделение (тест)"}
    created = api.post("admin", "/api/qms/units", json=unit)
    assert created.status_code in (200, 201), created.text
    document = {
        "unit_id": unit["unit_id"],
        "document_id": slug,
        "document_type": "Положение",
        "title": f"Положение о деятельности площадки {site_id}",
        "cipher_prefix": "СМК-П-",
        "site_id": site_id,
    }
    registered = api.post("admin", "/api/qms/documents", json=document)
    assert registered.status_code in (200, 201), registered.text
    return slug


def record_version(api: Api, site_id: str, document_id: str, version: str = "2.0") -> dict[str, Any]:
    """Enter the version in force from the paper (D12) with its text, a PDF uploaded for the site; the document."""
    uploaded = api.upload(
        f"director.{site_id}", site_id, f"polozhenie-{version}.pdf", pdf_bytes(f"Polozhenie {version}")
    )
    assert uploaded.status_code == 201, uploaded.text
    body = {
        "version": version,
        "sheets": 12,
        "approval_number": "15-од",
        "approved_on": "2024-01-15",
        "enacted_on": "2024-01-16",
        "signatures": [{"step": "director", "full_name": "И. И. Иванова"}],
        "file_id": uploaded.json()["file_id"],
    }
    recorded = api.post("admin", f"/api/qms/documents/{document_id}/recorded-versions", json=body)
    assert recorded.status_code == 200, recorded.text
    return dict(recorded.json())
