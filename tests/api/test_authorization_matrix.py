"""The authorization matrix: every endpoint of the API, asked by every role, in scope and out of scope.

In scope, each role gets what its place in the regulation gives it: ``A`` — let through (a success, or a refusal
about the state of things rather than about who asks), ``D`` — denied for who they are (403, or a 409 saying the
role may not), ``H`` — the thing is hidden from them (404). Lists are ``S`` (they list the site) or ``E`` (they list
nothing of it). Out of scope, a person gets word for word the answer they get for a thing that does not exist, and
no list mentions the site: out of scope never reveals that a thing exists. A new endpoint without a row here fails
the test.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest

from innocycle.demo_files import pdf_bytes
from innocycle.demo_regions import SHEKSNA_KCSON, VOLOGDA_2022
from tests.support.client import Api, region_today
from tests.support.stack import Stack

ROLES = (
    "admin",
    "department",
    "rcrso_director",
    "curator",
    "site_director",
    "site_responsible",
    "institution_responsible",
    "expert",
)
SITE, OTHER_SITE, YEAR, REGION = "1.1.10", "1.2.3", 2023, "86"
OTHER_REGION = "35"  # a region with nobody's work in it: the out-of-scope place of the region-wide roles
COMPENDIUM_YEAR = 2050
IN_SCOPE = {
    "admin": "admin",
    "department": "department",
    "rcrso_director": "rcrso",
    "curator": f"curator.{SITE}",
    "site_director": f"director.{SITE}",
    "site_responsible": f"responsible.{SITE}",
    "institution_responsible": "institution.surgut-district-homeless-center",
    "expert": "expert.1",
}
OUT_OF_SCOPE = {
    "department": "matrix.department.35",
    "rcrso_director": "matrix.rcrso.35",
    "curator": f"curator.{OTHER_SITE}",
    "site_director": f"director.{OTHER_SITE}",
    "site_responsible": f"responsible.{OTHER_SITE}",
    "institution_responsible": "matrix.institution.35",
    "expert": "matrix.expert.35",
}
REGION_WIDE_OUTSIDERS = {
    "matrix.department.35": "department",
    "matrix.rcrso.35": "rcrso_director",
    "matrix.institution.35": "institution_responsible",
    "matrix.expert.35": "expert",
}
DENIED_CODES = {"forbidden", "not_allowed", "not_a_candidate", "not_yours", "region_forbidden", "acting_not_allowed"}
PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("POST", "/api/auth/token"),
    ("POST", "/api/auth/refresh"),
    ("POST", "/api/auth/logout"),
}
INTERNAL = {
    ("POST", "/internal/streams/{stream_id}/events"),
    ("GET", "/internal/streams/{stream_id}/events"),
    ("GET", "/internal/calendar"),
    ("GET", "/internal/cycles/{cycle_id}/roadmap"),
    ("POST", "/internal/regions/{region_id}/cycles/{year}"),  # the region's workflow (D26-D28)
    ("POST", "/internal/regions/{region_id}/curators/check"),  # the region's workflow (D29)
    ("POST", "/internal/regions/{region_id}/digests"),  # the region's digest workflow (issue 15)
    ("POST", "/internal/sections/{site_id}/terms"),  # a section's terms (D17), as the digest run checks them
}
OBLIGATION = "/api/sites/{site}/cycles/{year}/obligations/{key}/{instance}"


@dataclass
class World:
    """The things the matrix asks about, and what stands for the same thing that does not exist."""

    values: dict[str, str]
    missing: dict[str, str]
    api: Api


Prepare = Callable[[Api, World, str], dict[str, str]]


@dataclass(frozen=True)
class Case:
    method: str
    template: str
    expect: str  # one letter per role of ROLES
    body: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    scope: str = "site"  # site | region | list | own | none
    upload: bool = False
    prepare: Prepare | None = None
    prepare_each: bool = True  # before every role's request, or once for the whole row
    values: dict[str, str] = field(default_factory=dict)

    @property
    def endpoint(self) -> tuple[str, str]:
        path = self.template
        for name, real in (
            ("{site}", "{site_id}"),
            ("{region}", "{region_id}"),
            ("{file}", "{file_id}"),
            ("{product}", "{product_id}"),
            ("{draft}", "{product_id}"),
            ("{assignment}", "{assignment_no}"),
        ):
            path = path.replace(name, real)
        path = path.replace("{notification}", "{notification_id}")
        path = path.replace("{webhook}", "{endpoint_id}").replace("{delivery}", "{delivery_id}")
        path = path.replace("{task}", "{task_id}").replace("{user}", "{user_id}").replace("{grant}", "{grant_id}")
        return self.method, path.replace("{substitution}", "{substitution_id}")


def _claimed_by_curator(api: Api, world: World, _login: str) -> dict[str, str]:
    api.post(IN_SCOPE["curator"], f"/api/tasks/{world.values['task']}/claim")
    return {}


def _released(api: Api, world: World, _login: str) -> dict[str, str]:
    api.post("admin", f"/api/tasks/{world.values['task']}/release")
    return {}


def _throwaway_user(api: Api, _world: World, _login: str) -> dict[str, str]:
    body = {"login": f"matrix.{uuid.uuid4().hex[:10]}", "full_name": "Временная Учётная Запись", "password": "x" * 12}
    user = api.post("admin", "/api/admin/users", json=body).json()
    grant = {"role": "expert", "scope_kind": "region", "scope_id": REGION}
    granted = api.post("admin", f"/api/admin/users/{user['user_id']}/grants", json=grant).json()
    return {"user": user["user_id"], "grant": granted["grants"][0]["grant_id"]}


def _fresh_substitute(api: Api, _world: World, _login: str) -> dict[str, str]:
    """A colleague with no grants of their own to stand in: each role hands its tasks to its own substitute, so
    no substitute ends up on both sides of the site (the curator's and the director's grants, D39)."""
    login = f"matrix.sub.{uuid.uuid4().hex[:10]}"
    body = {"login": login, "full_name": "Замещающий Сотрудник", "password": "x" * 12}
    assert api.post("admin", "/api/admin/users", json=body).status_code == 201
    return {"substitute": login}


def _own_substitution(api: Api, world: World, login: str) -> dict[str, str]:
    substitute = _fresh_substitute(api, world, login)["substitute"]
    starts = date(region_today().year + 1, 7, 1)
    body = {"substitute_login": substitute, "starts_on": str(starts), "ends_on": str(starts), "reason": "отпуск"}
    response = api.post(login, "/api/substitutions", json=body)
    assert response.status_code == 201, response.text
    return {"substitution": response.json()["substitution_id"]}


def _own_address(_api: Api, _world: World, login: str) -> dict[str, str]:
    """The demo address the person has: the preferences are set to what they are, changing nothing."""
    return {"address": f"{login}@innocycle.test"}


# The stack of the world, for a row that needs a thing no endpoint makes (a webhook's delivery without its event).
_STACK: dict[str, Stack] = {}


def _webhook(api: Api, _world: World, _login: str) -> dict[str, str]:
    """An endpoint of the region's webhooks with one failed delivery (written as the sender would leave it)."""
    body = {"region_id": REGION, "url": "http://127.0.0.1:9/matrix", "kinds": ["return"]}
    response = api.post("admin", "/api/webhooks", json=body)
    assert response.status_code == 201, response.text
    endpoint_id = response.json()["endpoint_id"]
    delivery_id = f"msg_matrix{uuid.uuid4().hex[:12]}"
    _STACK["dev"].query(
        "INSERT INTO webhook_deliveries (delivery_id, endpoint_id, event_id, position, kind, payload, state, "
        "created_at, next_attempt_at) VALUES (%s, %s, %s, 0, 'return', "
        '\'{"type": "submission.returned", "data": {}}\', \'failed\', now(), now()) RETURNING 1',
        delivery_id,
        endpoint_id,
        str(uuid.uuid4()),
    )
    return {"webhook": endpoint_id, "delivery": delivery_id}


def _calendar_override(api: Api, _world: World, _login: str) -> dict[str, str]:
    body = {"working": False, "reason": "проверка прав", "source": "тестовое постановление"}
    api.request("PUT", "admin", "/api/calendar-overrides/2099-06-01", json=body)
    return {}


def _unique_login(_api: Api, _world: World, _login: str) -> dict[str, str]:
    return {"login": f"matrix.{uuid.uuid4().hex[:10]}"}


# QMS document control (seed 004): a unit of the Berezovsky complex centre and a document of it, made once by the
# administrator. None of the matrix's roles is a signatory or employee of the unit: they see nothing of it.
_QMS: dict[str, str] = {}


def _qms(api: Api, _world: World, _login: str) -> dict[str, str]:
    if not _QMS:
        unit_id = f"matrix-{uuid.uuid4().hex[:8]}"
        body = {"unit_id": unit_id, "institution_id": "berezovsky-kcson", "name": "Отделение проверки прав"}
        assert api.post("admin", "/api/qms/units", json=body).status_code == 201
        document = {"unit_id": unit_id, "document_type": "Положение", "title": "Положение", "cipher_prefix": "СМК-"}
        created = api.post("admin", "/api/qms/documents", json=document)
        assert created.status_code == 201, created.text
        _QMS.update(unit_id=unit_id, document_id=created.json()["document_id"], user_id=str(uuid.uuid4()))
    return {**_QMS, "fresh_unit": f"matrix-{uuid.uuid4().hex[:8]}"}


QMS_DOCUMENT = "/api/qms/documents/{document_id}"
QMS_ONLY_ADMIN_SEES = "AHHHHHHH"
QMS_ADMIN_REFUSED = "DHHHHHHH"  # the administrator sees the document but holds none of its chain's roles

# The registry's records as the demo has them (innocycle/demo_regions.py): a change that changes nothing.
REGION_BODY = {"name": "Вологодская область", "timezone": "Europe/Moscow", "authority_id": "vologda-dszn"}
VOLOGDA = {"region_id": "35"}
SHEKSNA = {"organisation_id": SHEKSNA_KCSON.id}
ORGANISATION = "/api/admin/organisations/{organisation_id}"
ORGANISATION_BODY = {k: v for k, v in SHEKSNA_KCSON.model_dump(mode="json").items() if k not in ("id", "region_id")}
SHEKSNA_KEY = {"id": SHEKSNA_KCSON.id, "region_id": SHEKSNA_KCSON.region_id}
ADMIN_SITE = "/api/admin/sites/{site_id}"
SITE_BODY = {
    "institution_id": VOLOGDA_2022.institution_id,
    "direction_id": VOLOGDA_2022.direction_id,
    "direction_title": "Развитие деятельности участковой социальной службы",
    "status": VOLOGDA_2022.status.value,
    "status_since": "2022-01-01",
    "citation": VOLOGDA_2022.citation,
    "code": VOLOGDA_2022.code,
}
VOLOGDA_SITE_KEY = {"id": VOLOGDA_2022.id, "region_id": VOLOGDA_2022.region_id}

READERS = "AAAAAAHH"  # whoever reads the site: not institutions' responsible persons, not experts
PRODUCT_BODY = {
    "site_id": "{site}",
    "title": "Программа проверки прав",
    "kind": "project",
    "authors": [{"full_name": "Автор Проверки Прав"}],
    "abstract": "Проверка прав доступа",
}
REVIEW_BODY = {
    "scores": {"relevance": {"score": 1, "comment": "да"}},
    "confidence": "low",
    "recommendation": "rework",
    "summary": "проверка",
}
CONCLUSION_BODY = {
    "verdict": "rework",
    "meeting_number": "1",
    "held_on": "2023-05-01",
    "present": ["x"],
    "votes_for": 0,
    "votes_against": 0,
}
DECISION_BODY = {"product_id": "{product}", "verdict": "rework", "votes_for": 0, "votes_against": 0}
ADMIN_ONLY = "ADDDDDDD"
EVERYONE = "AAAAAAAA"

CASES = (
    Case("GET", "/api/me", EVERYONE, scope="none"),
    Case("GET", "/api/sites", "SSSSSSEE", scope="list"),
    Case("GET", "/api/sites/{site}", READERS),
    Case("POST", "/api/sites/{site}/revocation", "AADDDDHH", body={"order": " ", "effective_on": "2023-01-01"}),
    Case("POST", "/api/sites/{site}/files", "DDDDAAAH", upload=True),  # institutions upload their forms
    Case("GET", "/api/files/{file}", READERS),
    Case("POST", "/api/cycles", "ADADDDHH", body={"site_id": "{site}", "year": YEAR}),
    Case("GET", "/api/cycles", "SSSSSSEE", params={"year": YEAR}, scope="list"),
    Case("GET", "/api/sites/{site}/cycles", READERS),
    Case("GET", "/api/sites/{site}/cycles/{year}", READERS),
    Case("GET", "/api/sites/{site}/overview", READERS),
    Case("GET", "/api/overview", "EEESSSEE", scope="list"),  # own sites; the region watches through /api/region
    Case("GET", "/api/sites/{site}/cycles/{year}/roadmap", READERS),
    Case("GET", "/api/sites/{site}/cycles/{year}/dated-rows", READERS),
    Case("GET", "/api/sites/{site}/cycles/{year}/timeline", READERS),
    Case("GET", "/api/sites/{site}/cycles/{year}/state", READERS, params={"at": "2099-01-01"}),
    Case("GET", OBLIGATION, READERS, values={"key": "package", "instance": "annual"}),
    Case("GET", OBLIGATION, "AAAAAAAH", values={"key": "institution_quarterly_report", "instance": "Q1"}),
    Case(
        "POST",
        OBLIGATION + "/submissions",
        "DDDDAAHH",
        body={"items": {}},
        values={"key": "package", "instance": "annual"},
    ),
    Case(
        "POST",
        OBLIGATION + "/submissions",
        "DDDDDDAH",
        body={"items": {}},
        values={"key": "institution_quarterly_report", "instance": "Q1"},
    ),
    Case(
        "POST",
        OBLIGATION + "/decisions",
        "DDDADDHH",
        body={"action": "agree"},
        values={"key": "package", "instance": "annual"},
    ),
    Case(
        "POST",
        OBLIGATION + "/extension-requests",
        "DDDDAAHH",
        body={"until": "2030-01-01", "reason": "болезнь"},
        values={"key": "package", "instance": "annual"},
    ),
    Case(
        "POST",
        OBLIGATION + "/extension-decisions",
        "DDDADDHH",
        body={"grant": True},
        values={"key": "package", "instance": "annual"},
    ),
    Case(
        "POST",
        OBLIGATION + "/products",
        "DDDDAAHH",
        body={"title": " "},
        values={"key": "product_quota", "instance": "Y"},
    ),
    Case(
        "POST",
        OBLIGATION + "/monitoring-plan",
        "DDDDADHH",
        body={"targets": []},
        values={"key": "institution_monitoring", "instance": "Y"},
    ),
    Case(
        "POST",
        OBLIGATION + "/monitorings",
        "DDDDAAHH",
        body={"target": "БУ «Нет такого»", "completed_on": "2023-03-01"},
        values={"key": "institution_monitoring", "instance": "Y"},
    ),
    Case(
        "POST",
        OBLIGATION + "/registry-updates",
        "DDDDAAHH",
        body={"entries": 5},
        values={"key": "registry_identified_daily", "instance": "year"},
    ),
    Case(
        # The cycle of 2023 was approved after every date of its roadmap: no row of it is tracked (D42), so the row
        # is not found by anyone — the command's own refusals are in tests/workflows/test_roadmap_rows.py.
        "POST",
        OBLIGATION + "/done",
        "HHHHHHHH",
        body={"fact_date": "2023-02-01", "note": "Сделано"},
        values={"key": "roadmap_row", "instance": "1.1"},
    ),
    Case("GET", "/api/escalations", "SSSSSSEE", params={"site_id": SITE}, scope="list"),
    Case("GET", "/api/region/escalations", "SSSSSSEE", params={"site_id": SITE}, scope="list"),
    Case("GET", "/api/region/{region}/matrix", "AAADDDDD", params={"year": YEAR}, scope="region"),
    Case("GET", "/api/region/{region}/discipline", "AAADDDDD", params={"year": YEAR}, scope="region"),
    Case("GET", "/api/region/{region}/standing", "AAADDDDD", params={"year": YEAR}, scope="region"),  # D37
    Case("GET", "/api/region/{region}/curators", "AAADDDDD", scope="region"),  # D29
    # asked, not watching; the expert, to answer the assignment to the site's product
    Case("GET", "/api/tasks", "EEESSSSS", params={"site_id": SITE}, scope="list"),
    Case("POST", "/api/tasks/{task}/claim", "DDDADDHH", prepare=_released),
    Case("POST", "/api/tasks/{task}/release", "ADAAADHH", prepare=_claimed_by_curator),
    Case("GET", "/api/tasks/{task}/colleagues", "ADAAADHH", prepare=_released),
    Case(
        "POST",
        "/api/tasks/{task}/assign",
        "ADAAADHH",
        body={"assignee_login": f"curator.{SITE}"},
        prepare=_released,
    ),
    Case("GET", "/api/admin/users", ADMIN_ONLY, scope="none"),
    Case(
        "POST",
        "/api/admin/users",
        ADMIN_ONLY,
        body={"login": "{login}", "full_name": "Проверка Прав", "password": "long-enough-password"},
        scope="none",
        prepare=_unique_login,
    ),
    Case("GET", "/api/admin/users/{user}", ADMIN_ONLY, scope="none", prepare=_throwaway_user, prepare_each=False),
    Case(
        "PATCH",
        "/api/admin/users/{user}",
        ADMIN_ONLY,
        body={"position": "специалист"},
        scope="none",
        prepare=_throwaway_user,
        prepare_each=False,
    ),
    Case(
        "POST",
        "/api/admin/users/{user}/grants",
        ADMIN_ONLY,
        body={"role": "expert", "scope_kind": "region", "scope_id": REGION},
        scope="none",
        prepare=_throwaway_user,
        prepare_each=False,
    ),
    Case(
        "DELETE",
        "/api/admin/users/{user}/grants/{grant}",
        ADMIN_ONLY,
        scope="none",
        prepare=_throwaway_user,
        prepare_each=False,
    ),
    Case("GET", "/api/admin/audit", ADMIN_ONLY, scope="none"),
    # The registry (issue 16): the administrator only. A registration names what exists (409 for the administrator)
    # and a change repeats the record as it stands, so the matrix changes nothing others read.
    Case("GET", "/api/admin/regions", ADMIN_ONLY, scope="none"),
    Case("POST", "/api/admin/regions", ADMIN_ONLY, body=REGION_BODY | {"id": "35"}, scope="none"),
    Case("GET", "/api/admin/regions/{region_id}", ADMIN_ONLY, scope="none", values=VOLOGDA),
    Case(
        "PUT", "/api/admin/regions/{region_id}", ADMIN_ONLY, body=REGION_BODY, scope="none", values={"region_id": "35"}
    ),
    Case("GET", "/api/admin/organisations", ADMIN_ONLY, scope="none", params={"region_id": "35"}),
    Case("POST", "/api/admin/organisations", ADMIN_ONLY, body=ORGANISATION_BODY | SHEKSNA_KEY, scope="none"),
    Case("GET", ORGANISATION, ADMIN_ONLY, scope="none", values=SHEKSNA),
    Case(
        "PUT",
        ORGANISATION,
        ADMIN_ONLY,
        body=ORGANISATION_BODY,
        scope="none",
        values={"organisation_id": "sheksna-kcson"},
    ),
    Case("GET", "/api/admin/sites", ADMIN_ONLY, scope="none"),
    Case("POST", "/api/admin/sites", ADMIN_ONLY, body=SITE_BODY | VOLOGDA_SITE_KEY, scope="none"),
    Case("GET", ADMIN_SITE, ADMIN_ONLY, scope="none", values={"site_id": "vologda-omp-2022"}),
    Case("PUT", ADMIN_SITE, ADMIN_ONLY, body=SITE_BODY, scope="none", values={"site_id": "vologda-omp-2022"}),
    Case("GET", "/api/substitutions", EVERYONE, scope="none"),
    Case(
        "POST",
        "/api/substitutions",
        EVERYONE,
        body={
            "substitute_login": "{substitute}",
            "starts_on": "2099-07-01",
            "ends_on": "2099-07-02",
            "reason": "отпуск",
        },
        scope="none",
        prepare=_fresh_substitute,
    ),
    Case("DELETE", "/api/substitutions/{substitution}", EVERYONE, scope="own", prepare=_own_substitution),
    Case("GET", "/api/calendar/{year}", EVERYONE, scope="none"),
    Case("GET", "/api/calendar-overrides", EVERYONE, scope="none"),
    Case(
        "PUT",
        "/api/calendar-overrides/2099-06-01",
        ADMIN_ONLY,
        body={"working": False, "reason": " ", "source": "постановление"},
        scope="none",
    ),
    Case("DELETE", "/api/calendar-overrides/2099-06-01", ADMIN_ONLY, scope="none", prepare=_calendar_override),
    Case("POST", "/api/compendia", "ADADDDDD", body={"region_id": "{region}", "year": COMPENDIUM_YEAR}, scope="region"),
    Case("GET", "/api/compendia/{region}/{compendium_year}", EVERYONE, scope="region"),
    # The administrator opens the RCRSO's сборник for it, but only the RCRSO issues it.
    Case("POST", "/api/compendia/{region}/{compendium_year}/publication", "DDADDDDD", body={}, scope="region"),
    # Methodological products and the expert council (D46–D52): a product sent (the council sees it) and a draft
    # (only the site's people do). None of the matrix's roles is the council's secretary or chair.
    Case("GET", "/api/products", "SSSSSSES", params={"status": "sent"}, scope="list"),
    Case("GET", "/api/products/{product}", "AAAAAAHA"),
    Case("GET", "/api/products/{draft}", READERS),
    Case("POST", "/api/products", "DDDDAAHH", body=PRODUCT_BODY),
    Case("PUT", "/api/products/{draft}", "DDDDAAHH", body={k: v for k, v in PRODUCT_BODY.items() if k != "site_id"}),
    Case("POST", "/api/products/{draft}/versions", "DDDDAAHH", body={"files": {"product": "{file}"}}),
    Case("POST", "/api/products/{draft}/pilot", "DDDDAAHH", body={"where": "КЦСОН", "since": "2023-03-01"}),
    # sent by the director: from then on the council sees it (and the expert is refused, not kept in the dark)
    Case("POST", "/api/products/{draft}/send", "DDDDAAHD", params={"year": YEAR}),
    Case("POST", "/api/products/{product}/assignments", "DDDDDDHD", body={"expert_id": "{expert}"}),
    Case("POST", "/api/products/{product}/assignments/{assignment}/response", "DDDDDDHA", body={"accept": True}),
    Case("POST", "/api/products/{product}/assignments/{assignment}/review", "DDDDDDHA", body=REVIEW_BODY),
    Case("POST", "/api/products/{product}/assignments/{assignment}/recusal", "DDDDDDHA", body={"reason": "автор"}),
    Case("POST", "/api/products/{product}/conclusion", "DDDDDDHD", body=CONCLUSION_BODY),
    Case("POST", "/api/products/{product}/order", "DADDDDHD", body={"order_number": "1", "order_date": "2023-05-01"}),
    Case("POST", "/api/products/{product}/registry", "DDDDDDHD"),
    Case(
        "POST",
        "/api/products/{product}/implementations",
        "DDDDAAHD",
        body={"institution_id": "megion-kcson", "since": "2023-05-01", "evidence": "приказ"},
    ),
    Case("GET", "/api/regions/{region}/council", "AAAHHHHA", scope="region"),
    Case("GET", "/api/regions/{region}/council/meetings", "AAAHHHHA", scope="region"),
    Case(
        "POST",
        "/api/regions/{region}/council/meetings",
        "DDDHHHHD",
        body={"meeting_number": "1", "held_on": "2023-05-01", "present": ["x"], "decisions": [DECISION_BODY]},
        scope="region",
    ),
    Case("GET", "/api/regions/{region}/products/figures", "AAAHHHHA", params={"year": YEAR}, scope="region"),
    Case(
        "POST",
        "/api/regions/{region}/council/members",
        "ADADDDDD",
        body={"user_id": "{user}", "organisation": "Временная организация"},
        scope="none",
        prepare=_throwaway_user,
        prepare_each=False,
    ),
    Case("GET", "/api/me/assignments", EVERYONE, scope="none"),
    Case("GET", "/api/notifications", EVERYONE, scope="none"),
    Case("POST", "/api/notifications/read", EVERYONE, scope="none"),
    # Nobody's notification, and another's alike (tests/api/test_notifications.py): not found.
    Case("POST", "/api/notifications/{notification}/read", "HHHHHHHH", scope="none", values={"notification": "nope"}),
    Case("GET", "/api/me/notification-preferences", EVERYONE, scope="none"),
    # One's own digest of a day; of a day without one, not found for everyone alike (tests/api/test_digest.py).
    Case("GET", "/api/notifications/digests/{day}", "HHHHHHHH", scope="none", values={"day": "2099-01-05"}),
    Case(
        "PUT",
        "/api/me/notification-preferences",
        EVERYONE,
        body={"email": "{address}", "reminders": "immediate", "tasks": "immediate"},
        scope="none",
        prepare=_own_address,
    ),
    Case("GET", "/api/admin/mail", ADMIN_ONLY, scope="none"),
    # Webhooks (issue 15, §5): the administrator and the Department of the region manage them; an endpoint of another
    # region is not found, like one that does not exist.
    Case("GET", "/api/webhooks", "AADDDDDD", scope="none"),
    Case(
        "POST",
        "/api/webhooks",
        "AADDDDDD",
        body={"region_id": "{region}", "url": "http://127.0.0.1:9/matrix", "kinds": ["return"]},
        scope="region",
    ),
    Case("GET", "/api/webhooks/{webhook}", "AADDDDDD", scope="region", prepare=_webhook, prepare_each=False),
    Case("POST", "/api/webhooks/{webhook}/disable", "AADDDDDD", scope="region", prepare=_webhook, prepare_each=False),
    Case("POST", "/api/webhooks/{webhook}/enable", "AADDDDDD", scope="region", prepare=_webhook, prepare_each=False),
    Case("GET", "/api/webhooks/{webhook}/deliveries", "AADDDDDD", scope="region", prepare=_webhook, prepare_each=False),
    Case(
        "GET",
        "/api/webhooks/{webhook}/deliveries/{delivery}",
        "AADDDDDD",
        scope="region",
        prepare=_webhook,
        prepare_each=False,
    ),
    Case(
        "POST",
        "/api/webhooks/{webhook}/deliveries/{delivery}/replay",
        "AADDDDDD",
        scope="region",
        prepare=_webhook,
        prepare_each=False,
    ),
    Case("GET", "/api/qms/units", EVERYONE, scope="none"),
    Case(
        "POST",
        "/api/qms/units",
        "ADDDDDDD",
        body={"unit_id": "{fresh_unit}", "institution_id": "berezovsky-kcson", "name": "Отделение"},
        scope="none",
        prepare=_qms,
    ),
    Case("GET", "/api/qms/units/{unit_id}", QMS_ONLY_ADMIN_SEES, scope="none", prepare=_qms),
    Case(
        "POST",
        "/api/qms/units/{unit_id}/staff",
        QMS_ONLY_ADMIN_SEES,
        body={"login": "qms.employee.4", "position": "Специалист"},
        scope="none",
        prepare=_qms,
    ),
    Case("DELETE", "/api/qms/units/{unit_id}/staff/{user_id}", QMS_ONLY_ADMIN_SEES, scope="none", prepare=_qms),
    Case(
        "POST",
        "/api/qms/documents",
        QMS_ONLY_ADMIN_SEES,
        body={"unit_id": "{unit_id}", "document_type": "Инструкция", "title": "Инструкция", "cipher_prefix": "СМК-"},
        scope="none",
        prepare=_qms,
    ),
    Case("GET", QMS_DOCUMENT, QMS_ONLY_ADMIN_SEES, scope="none", prepare=_qms),
    Case("GET", QMS_DOCUMENT + "/history", QMS_ONLY_ADMIN_SEES, scope="none", prepare=_qms),
    Case(
        "POST",
        QMS_DOCUMENT + "/versions",
        QMS_ADMIN_REFUSED,
        body={"version": "1.0", "sheets": 3},
        scope="none",
        prepare=_qms,
    ),
    Case(
        "POST",
        QMS_DOCUMENT + "/recorded-versions",
        QMS_ONLY_ADMIN_SEES,  # the administrator enters it once (D12); then it is refused for what the document holds
        body={
            "version": "1.0",
            "sheets": 3,
            "approval_number": "1",
            "approved_on": "2023-01-10",
            "enacted_on": "2023-01-11",
        },
        scope="none",
        prepare=_qms,
    ),
    # nothing in sign-off or in force yet: refused for the state of the document, before anyone's role counts
    Case("POST", QMS_DOCUMENT + "/signatures", QMS_ONLY_ADMIN_SEES, scope="none", prepare=_qms),
    Case("POST", QMS_DOCUMENT + "/returns", QMS_ONLY_ADMIN_SEES, body={"comment": "нет"}, scope="none", prepare=_qms),
    Case(
        "POST",
        QMS_DOCUMENT + "/approval",
        QMS_ONLY_ADMIN_SEES,
        body={"approval_number": "1", "approved_on": "2023-01-10", "enacts_on": "2023-01-11"},
        scope="none",
        prepare=_qms,
    ),
    Case("POST", QMS_DOCUMENT + "/copies", QMS_ADMIN_REFUSED, body={"holder": "Отдел"}, scope="none", prepare=_qms),
    Case("POST", QMS_DOCUMENT + "/copies/1/withdrawal", QMS_ADMIN_REFUSED, scope="none", prepare=_qms),
    Case(
        "POST",
        QMS_DOCUMENT + "/changes",
        QMS_ADMIN_REFUSED,
        body={"identification": "п. 1"},
        scope="none",
        prepare=_qms,
    ),
    Case("POST", QMS_DOCUMENT + "/acknowledgments", QMS_ONLY_ADMIN_SEES, scope="none", prepare=_qms),
    Case("GET", "/api/regulations", EVERYONE, scope="none"),
    Case("GET", "/api/regulations/khmao-135r", EVERYONE, scope="region"),  # another region's people: 404
    Case(
        "GET", "/api/regulations/khmao-135r/obligations/package", EVERYONE, scope="region"
    ),  # another region's people: 404
    Case("GET", "/api/regulations/khmao-135r/sites/{site}", EVERYONE, scope="region"),  # another region's people: 404
)


@pytest.fixture(scope="module")
def world(dev_stack: Stack) -> Iterator[World]:
    api = Api(dev_stack.api_url)
    dev_stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Вологодская область', 'Europe/Moscow') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        OTHER_REGION,
    )
    for login, role in REGION_WIDE_OUTSIDERS.items():
        body = {"login": login, "full_name": "Сотрудник Другого Региона", "password": "demo-demo-demo"}
        created = api.post("admin", "/api/admin/users", json=body)
        assert created.status_code == 201, created.text
        grant = {"role": role, "scope_kind": "region", "scope_id": OTHER_REGION}
        assert api.post("admin", f"/api/admin/users/{created.json()['user_id']}/grants", json=grant).status_code == 201
        api.token(login, "demo-demo-demo")
    assert api.open_cycle(SITE, YEAR).status_code == 201  # late: all of 2023 is open at once
    items = api.upload_package(SITE, YEAR, IN_SCOPE["site_responsible"])
    assert api.submit(SITE, YEAR, IN_SCOPE["site_responsible"], items).status_code == 200
    assert api.post("rcrso", "/api/compendia", json={"region_id": REGION, "year": COMPENDIUM_YEAR}).status_code in (
        200,
        201,
    )
    review = api.get(IN_SCOPE["curator"], "/api/tasks", params={"site_id": SITE, "year": YEAR, "task_kind": "review"})
    product, draft, expert = _products(api)
    values = {
        "site": SITE,
        "year": str(YEAR),
        "region": REGION,
        "compendium_year": str(COMPENDIUM_YEAR),
        "file": items["polozhenie"],
        "task": review.json()["items"][0]["task_id"],
        "product": product,
        "draft": draft,
        "expert": expert,
        "assignment": "1",
    }
    missing = {
        "product": "p0000000000",
        "draft": "p0000000001",
        "site": "7.7.7",
        "region": "99",
        "file": str(uuid.uuid4()),
        "task": f"cycle:7.7.7:{YEAR}:package:annual:review:1",
        "substitution": str(uuid.uuid4()),
        "webhook": f"wh_{'0' * 16}",
        "delivery": f"msg_{'0' * 20}",
    }
    _STACK["dev"] = dev_stack
    yield World(values, missing, api)
    api.close()


def _products(api: Api) -> tuple[str, str, str]:
    """A product of the site sent to the council, with expert.1 assigned to it, and a draft; and expert.2's id."""
    director = IN_SCOPE["site_director"]
    uploaded = api.upload(director, SITE, "продукт.pdf", pdf_bytes("продукт"))
    assert uploaded.status_code == 201, uploaded.text
    file_id = uploaded.json()["file_id"]
    ids = []
    for _ in range(2):
        body = {**PRODUCT_BODY, "site_id": SITE}
        created = api.post(director, "/api/products", json=body)
        assert created.status_code == 201, created.text
        ids.append(created.json()["product_id"])
        added = api.post(director, f"/api/products/{ids[-1]}/versions", json={"files": {"product": file_id}})
        assert added.status_code == 200, added.text
    sent = api.post(director, f"/api/products/{ids[0]}/send", params={"year": YEAR})
    assert sent.status_code == 200, sent.text
    assigned = api.post(
        "council.secretary", f"/api/products/{ids[0]}/assignments", json={"expert_id": api.user_id("expert.1")}
    )
    assert assigned.status_code == 200, assigned.text
    return ids[0], ids[1], api.user_id("expert.2")


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def _send(api: Api, login: str, case: Case, values: dict[str, str]) -> httpx.Response:
    path = _fill(case.template, values)
    kwargs: dict[str, Any] = {"params": case.params}
    if case.body is not None:
        kwargs["json"] = {k: _fill(v, values) if isinstance(v, str) else v for k, v in case.body.items()}
    if case.upload:
        kwargs["files"] = {"file": ("справка.pdf", pdf_bytes("matrix"))}
    return api.request(case.method, login, path, **kwargs)


def _verdict(response: httpx.Response, case: Case) -> str:
    body = response.json() if response.headers.get("content-type", "").endswith("json") else None
    code = body.get("code") if isinstance(body, dict) else None
    if case.scope == "list":
        assert response.status_code == 200, response.text
        return "S" if f'"{SITE}"' in response.text else "E"
    if response.status_code == 403 or (response.status_code == 409 and code in DENIED_CODES):
        return "D"
    if response.status_code == 404:
        return "H"
    assert response.status_code < 500, response.text
    assert response.status_code not in (401,), response.text
    return "A"


def _id(case: Case) -> str:
    return f"{case.method} {_fill(case.template, case.values)}"


def test_every_endpoint_is_in_the_matrix(dev_stack: Stack) -> None:
    schema = httpx.get(f"{dev_stack.api_url}/openapi.json").json()
    endpoints = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    covered = {case.endpoint for case in CASES}
    # A Vologda platform's criteria report: no KhMAO role of this matrix holds a role on a platform; who may do what
    # (the platform's head, the host's head, the Department, another region) is checked by
    # tests/workflows/test_platform_year.py, each command by the role allowed and refused.
    report = "/api/sites/{site_id}/cycles/{year}/criteria-report"
    covered |= {("GET", report), ("POST", f"{report}/evidence"), ("POST", f"{report}/submit")}
    covered |= {("PUT", f"{report}/values/{{key}}"), ("DELETE", f"{report}/values/{{key}}")}
    covered |= {("DELETE", f"{report}/evidence/{{item_id}}"), ("PUT", f"{report}/conclusion")}
    covered |= {("POST", f"{report}/{what}/{{step}}") for what in ("signatures", "returns")}
    covered |= {("POST", f"{report}/follow-ups/{{item_id}}"), ("POST", f"{report}/continuation")}
    # Its profile (паспорт ОМП) and its plan's distribution to the centres: who may and who may not, another region
    # 404 — tests/api/test_platform_profile.py.
    covered |= {("GET", "/api/sites/{site_id}/platform-profile"), ("PUT", "/api/sites/{site_id}/platform-profile")}
    covered |= {(m, "/api/sites/{site_id}/cycles/{year}/plan-distribution") for m in ("GET", "POST")}  # same test
    covered |= {("PUT", "/api/calendar-overrides/{day}"), ("DELETE", "/api/calendar-overrides/{day}")}
    covered.add(("POST", "/api/qms/documents/{document_id}/copies/{number}/withdrawal"))
    # A version's printed form and its stored text (QMS D14): a reader of the register 200, the director of the site
    # whose положение it is 403, another site's director 404 — tests/api/test_site_polozhenie_register.py.
    covered |= {("GET", f"/api/qms/documents/{{document_id}}/versions/{{version}}/{what}") for what in ("docx", "file")}
    covered |= {("GET", "/api/compendia/{region_id}/{year}"), ("POST", "/api/compendia/{region_id}/{year}/publication")}
    covered |= {
        ("GET", "/api/regulations/{regulation_id}"),
        ("GET", "/api/regulations/{regulation_id}/obligations/{key}"),
        ("GET", "/api/regulations/{regulation_id}/sites/{site_id}"),
        ("GET", "/api/calendar/{year}"),
    }
    # A Sverdlovsk section's own streams: no KhMAO role of this matrix holds a role on a section; who may do what
    # there (the leader, the base organisation's head, a member organisation's head, anyone else) is checked by
    # tests/api/test_section_api.py, each command by the role allowed and refused.
    section = "/api/sections/{site_id}"
    covered |= {("GET", section), ("GET", f"{section}/history"), ("POST", f"{section}/members")}
    covered |= {("POST", f"{section}/members/{{person_id}}/{what}") for what in ("consent", "withdrawal")}
    covered |= {("POST", f"{section}/elections")}
    covered |= {("POST", f"{section}/elections/{{election_no}}/{what}") for what in ("candidates", "votes", "count")}
    covered |= {("POST", f"{section}/materials/{{year}}"), ("POST", f"{section}/materials/{{year}}/forwarding")}
    covered |= {("POST", f"{section}/materials/{{year}}/{{material_no}}/{what}") for what in ("check", "revision")}
    covered.add(("GET", "/api/regions/{region_id}/sections/control"))  # tests/workflows/test_section_year.py
    covered |= {("POST", f"{section}/plans/{{year}}/meetings"), ("DELETE", f"{section}/plans/{{year}}/meetings/{{on}}")}
    covered.add(("POST", f"{section}/plans/{{year}}/approval"))  # the base organisation's head 200, the leader 403
    # A platform's quarter with its centres' figures (D11): its people 200, a centre's person 404 —
    # tests/workflows/test_platform_centres.py.
    covered.add(("GET", "/api/sites/{site_id}/cycles/{year}/monitoring/{quarter}"))
    assert endpoints - PUBLIC - INTERNAL <= covered, sorted(endpoints - PUBLIC - INTERNAL - covered)


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_in_scope_each_role_gets_what_the_regulation_gives_it(world: World, case: Case) -> None:
    api = world.api
    got = ""
    once = case.prepare(api, world, "admin") if case.prepare and not case.prepare_each else {}
    for role in ROLES:
        login = IN_SCOPE[role]
        values = {**world.values, **case.values, **once}
        if case.prepare is not None and case.prepare_each:
            values.update(case.prepare(api, World(values, world.missing, api), login))
        got += _verdict(_send(api, login, case, values), case)
    assert got == case.expect, f"{_id(case)}: {dict(zip(ROLES, got, strict=True))}"


@pytest.mark.parametrize("case", [c for c in CASES if c.scope in ("site", "region", "list", "own")], ids=_id)
def test_out_of_scope_never_reveals_that_a_thing_exists(world: World, case: Case) -> None:
    api = world.api
    for role, login in OUT_OF_SCOPE.items():
        if case.scope == "region" and login not in REGION_WIDE_OUTSIDERS:
            continue  # the region is theirs too: in scope
        values = {**world.values, **case.values}
        if case.prepare is not None:
            values.update(case.prepare(api, World(values, world.missing, api), IN_SCOPE[role]))
        real = _send(api, login, case, values)
        if case.scope == "list":
            assert real.status_code == 200, real.text
            assert f'"{SITE}"' not in real.text, f"{login} learns of {SITE} from {_id(case)}"
            continue
        missing = {**values, **{k: v for k, v in world.missing.items() if k in values}}
        made_up = _send(api, login, case, missing)
        assert (real.status_code, real.text) == (
            made_up.status_code,
            made_up.text.replace(missing.get("site", "\0"), SITE),
        ), f"{login} on {_id(case)}"
        assert real.status_code in (403, 404), f"{login} on {_id(case)}: {real.status_code} {real.text}"


def test_without_a_token_only_the_public_endpoints_answer(world: World) -> None:
    api = world.api
    for case in CASES:
        values = {**world.values, **case.values, "user": str(uuid.uuid4()), "grant": str(uuid.uuid4())}
        values.setdefault("substitution", str(uuid.uuid4()))
        path = _fill(case.template, values)
        response = api.http.request(case.method, path, params=case.params, json=None)
        assert response.status_code == 401, f"{_id(case)}: {response.status_code}"
        assert response.headers["www-authenticate"] == "Bearer"
    for login in ("admin", IN_SCOPE["site_director"]):
        internal = api.post(login, "/internal/streams/cycle:x/events", json={"expected_version": 0, "events": []})
        assert internal.status_code in (401, 403)
        assert api.get(login, "/internal/streams/cycle:x/events").status_code in (401, 403)
        assert api.get(login, "/internal/cycles/x/roadmap").status_code in (401, 403)
        assert api.post(login, "/internal/regions/86/cycles/2050").status_code in (401, 403)
        digests = api.post(login, "/internal/regions/86/digests", json={"at": "2050-01-10T04:00:00Z"})
        assert digests.status_code in (401, 403)
        assert api.post(
            login, "/internal/regions/86/curators/check", json={"at": "2050-01-01T00:00:00Z"}
        ).status_code in (
            401,
            403,
        )
        terms = api.post(login, "/internal/sections/sverdlovsk-south-1/terms", json={"at": "2050-01-10T04:00:00Z"})
        assert terms.status_code in (401, 403)
