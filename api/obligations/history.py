"""What happened to an obligation, in time order, as its page tells it: opened, each version submitted with its
files, each reviewer's decision with its comment, the requests for more time and their decisions, escalations
raised and resolved, products, monitorings and registry updates recorded, and the obligation met. Read from the
histories of ``api.obligations.detail`` — the same the REST answer carries — nothing else."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from api.notifications.service import told_words
from domain.payloads import FORM_RU

DECISION_RU = {"agree": "Согласовано", "approve": "Принято", "return": "Возвращено на доработку"}
RESOLUTION_RU = {
    "submitted": "документы представлены",
    "extended": "срок продлен",
    "calendar_changed": "срок пересчитан по календарю",
    "cancelled": "обязанность закрыта",
    "met": "норма выполнена",
    "updated": "реестр обновлен",
}
CONCLUSION_RU = {"positive": "положительное заключение", "negative": "отрицательное заключение"}


def _entry(at: datetime, kind: str, title: str, **more: Any) -> dict[str, Any]:
    entry = {
        "at": at,
        "kind": kind,
        "title": title,
        "who": None,
        "text": "",
        "files": [],
        "lines": [],
        "data": None,
        "link": None,  # the page of what the entry is about (a product sent from its own page)
    }
    return {**entry, "version": None, "date_only": False, **more}


def _files(
    items: dict[str, Any],
    titles: dict[str, str],
    unchanged: list[str] | None = None,
    attested: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    kept = set(unchanged or [])
    order = list(titles)  # as the rule lists its documents (a JSON object keeps no order of its own)
    ranked = sorted(items.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order))
    return [
        {
            **ref,
            "item": key,
            "title": titles.get(key, key),
            "unchanged": key in kept,
            "register_version": register_version((attested or {}).get(key)),
        }
        for key, ref in ranked
    ]


def register_version(attested: dict[str, Any] | None) -> str:
    """The register's version an attestation refers to (QMS D13), as people read it: «версия 3.0 реестра СМК,
    утверждена 30.09.2020 № 02, действует с 01.10.2020»; "" when the attestation did not come from the register."""
    if not attested:
        return ""
    approved = date.fromisoformat(str(attested["approved_on"]))
    enacted = date.fromisoformat(str(attested["enacted_on"]))
    return (
        f"версия {attested['version']} реестра СМК, утверждена {approved:%d.%m.%Y} № {attested['approval_number']}, "
        f"действует с {enacted:%d.%m.%Y}"
    )


def _submissions(detail: dict[str, Any], titles: dict[str, str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    if detail["runner"] != "submission":  # elsewhere "submissions" is only a count
        return entries
    for s in detail["submissions"]:
        lines = []
        if s["late"]:
            lines.append(f"Направлено после срока ({s['due_effective']:%d.%m.%Y}).")
        if s["data"]:
            lines.append(f"Приложены сведения: {FORM_RU.get(s['data'].get('form', ''), 'структурированные сведения')}.")
        entries.append(
            _entry(
                s["submitted_at"],
                "submitted",
                f"Версия {s['submission_no']} направлена",
                who=s["submitted_by"],
                text=s["note"],
                files=_files(s["items"], titles, s["unchanged"], s.get("attested")),
                lines=lines,
                data=s["data"],
                version=s["submission_no"],
            )
        )
    return entries


def _decisions(detail: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for d in detail.get("decisions", []):
        lines = []
        if d["resubmit_due"]:
            due = d["resubmit_due"]
            lines.append(f"Срок доработки — до {due['effective']:%d.%m.%Y}.")
        entries.append(
            _entry(
                d["decided_at"],
                d["action"],
                f"{DECISION_RU[d['action']]} (версия {d['submission_no']})",
                who=d["decided_by"],
                text=d["comment"],
                lines=lines,
            )
        )
    return entries


def _extensions(detail: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for e in detail["extensions"]:
        entries.append(
            _entry(
                e["requested_at"],
                "extension_requested",
                f"Запрошено продление срока до {e['requested_until']:%d.%m.%Y}",
                who=e["requested_by"],
                text=e["reason"],
            )
        )
        if e["decision"] == "granted":
            entries.append(
                _entry(
                    e["decided_at"],
                    "extension_granted",
                    f"Срок продлен до {e['granted_until']:%d.%m.%Y}",
                    who=e["decided_by"],
                    text=e["comment"],
                )
            )
        elif e["decision"] == "refused":
            entries.append(
                _entry(
                    e["decided_at"],
                    "extension_refused",
                    "В продлении срока отказано",
                    who=e["decided_by"],
                    text=e["comment"],
                )
            )
    return entries


def _escalations(detail: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for e in detail["escalations"]:
        notified = ", ".join(r["role_ru"] for r in e["notified"])
        lines = [f"Уведомлены: {notified}."] if notified else []
        if e.get("told"):
            lines.append(told_words(e["told"]))
        level = e["level_ru"]
        entries.append(_entry(e["raised_at"], "escalation", level[:1].upper() + level[1:], lines=lines))
        if e["resolved_at"] is not None:
            why = RESOLUTION_RU.get(e["resolution"] or "", e["resolution"] or "")
            entries.append(_entry(e["resolved_at"], "resolved", f"Снято: {level} — {why}"))
    return entries


def _quota(detail: dict[str, Any], titles: dict[str, str], zone: ZoneInfo) -> list[dict[str, Any]]:
    entries = []
    for p in detail.get("products", []):
        lines = [f"Вид: {p['item_kind']}."] if p["item_kind"] else []
        if p["conclusion"]:
            lines.append(f"Экспертный совет: {CONCLUSION_RU.get(p['conclusion'], p['conclusion'])}.")
        entries.append(
            _entry(
                p["recorded_at"],
                "product",
                f"Продукт № {p['item_no']}: {p['title']}",
                who=p["recorded_by"],
                files=_files(p["items"], titles),
                lines=lines,
                link=f"/products/{p['product_id']}" if p.get("product_id") else None,
            )
        )
    for m in detail.get("monitorings", []):
        entries.append(
            _entry(
                _day_start(m["completed_on"], zone),
                "monitoring",
                f"Мониторинг завершен: {m['target']}",
                who=m["recorded_by"],
                text=m["note"],
                lines=[f"Справка — до {m['spravka_due']:%d.%m.%Y}."],
                date_only=True,
            )
        )
    for u in detail.get("updates", []):
        lines = [f"Записей в реестре: {u['entries']}."] if u["entries"] is not None else []
        entries.append(
            _entry(
                u["recorded_at"],
                "update",
                "Реестр актуализирован",
                who=u["updated_by"],
                text=u["note"],
                files=_files(u["items"], titles),
                lines=lines,
            )
        )
    for mark in detail.get("marks", []):
        by = {"report": " — по принятому ежеквартальному отчету", "product": " — продукт направлен в Экспертный совет"}
        # A row fulfilled by a product sent (D53) keeps the product's id where a report's would be.
        product = mark["report_id"] if mark["source"] == "product" and mark["report_id"] else ""
        entries.append(
            _entry(
                mark["recorded_at"],
                "row_done",
                f"Мероприятие выполнено {mark['on']:%d.%m.%Y}{by.get(mark['source'], '')}",
                who=mark["done_by"],
                text=mark["note"],
                files=_files(mark["items"], titles),
                link=f"/products/{quote(product, safe='')}" if product else None,
            )
        )
    return entries


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def history(detail: dict[str, Any], titles: dict[str, str]) -> list[dict[str, Any]]:
    """Everything that happened to the obligation ``detail`` (as ``obligation_detail`` reads it), oldest first;
    ``titles`` names the documents by item."""
    zone = ZoneInfo(detail["timezone"])
    entries: list[dict[str, Any]] = []
    if detail["opened_at"] is not None:
        entries.append(_entry(detail["opened_at"], "opened", "Обязанность открыта"))
    entries += _submissions(detail, titles)
    entries += _decisions(detail)
    entries += _extensions(detail)
    entries += _escalations(detail)
    entries += _quota(detail, titles, zone)
    accepted = any(d["action"] == "approve" for d in detail.get("decisions", []))
    if detail["status"] == "approved" and detail["completed_at"] is not None and not accepted:
        entries.append(_entry(detail["completed_at"], "completed", "Обязанность выполнена"))
    entries.sort(key=lambda e: e["at"])
    return entries
