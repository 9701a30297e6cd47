"""A Sverdlovsk methodological section of its own for a test (seed 000): the region, its base organisation and two
member organisations, the section at the base organisation, and its people — the leader, the base organisation's
head, the heads of the member organisations and a specialist of the ОМЦ — with their grants. The tree's reference
data may hold Sverdlovsk already; what exists is kept."""

from __future__ import annotations

from dataclasses import dataclass

from domain.regulations.sverdlovsk import REGION_ID, REGULATION
from tests.support.client import Api
from tests.support.stack import Stack

PASSWORD = "demo-password"


@dataclass(frozen=True)
class Section:
    site: str
    base_org: str
    orgs: tuple[str, str]
    leader: str
    base_head: str
    heads: tuple[str, str]
    omc: str


def register_section(stack: Stack, api: Api, prefix: str) -> Section:
    section = Section(
        site=f"{prefix}-section",
        base_org=f"{prefix}-base-org",
        orgs=(f"{prefix}-org-1", f"{prefix}-org-2"),
        leader=f"{prefix}.leader",
        base_head=f"{prefix}.base",
        heads=(f"{prefix}.head1", f"{prefix}.head2"),
        omc=f"{prefix}.omc",
    )
    stack.query(
        "INSERT INTO regions (id, name, timezone) VALUES (%s, 'Свердловская область', 'Asia/Yekaterinburg') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        REGION_ID,
    )
    for org, name in (
        (section.base_org, "ГАУ «КЦСОН Южного округа»"),
        (section.orgs[0], "ГАУ «КЦСОН Октябрьского района»"),
        (section.orgs[1], "ГАУ «Дом-интернат № 2»"),
    ):
        stack.query(
            "INSERT INTO institutions (id, region_id, name, short_name, city) VALUES (%s, %s, %s, %s, 'Екатеринбург') "
            "ON CONFLICT DO NOTHING RETURNING 1",
            org, REGION_ID, name, name,
        )  # fmt: skip
    stack.query(
        "INSERT INTO directions (id, region_id, title) VALUES (%s, %s, "
        "'Методическая секция специалистов отделений срочного социального обслуживания') "
        "ON CONFLICT DO NOTHING RETURNING 1",
        section.site, REGION_ID,
    )  # fmt: skip
    stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id) VALUES (%s, %s, %s, %s, 'methodological_section', 'СЕКЦИЯ', '', '000:34', %s) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        section.site, REGION_ID, section.base_org, section.site, REGULATION.id,
    )  # fmt: skip
    for login, name, role, kind, scope in (
        (section.leader, "Иванова Ольга Петровна", "site_responsible", "site", section.site),
        (section.base_head, "Смирнов Петр Ильич", "site_director", "site", section.site),
        (section.heads[0], "Кузнецова Анна Львовна", "institution_director", "institution", section.orgs[0]),
        (section.heads[1], "Орлов Игорь Викторович", "institution_director", "institution", section.orgs[1]),
        (section.omc, "Орлова Дарья Игоревна", "curator", "region", REGION_ID),
    ):
        created = api.post("admin", "/api/admin/users", json={"login": login, "full_name": name, "password": PASSWORD})
        assert created.status_code == 201, created.text
        api.token(login, PASSWORD)
        api.grant(login, role, kind, scope)
    return section
