"""The Sverdlovsk sections in the demo (seed 000, issue 16), played through the API as their people would: the
ОМЦ's head opens the year's cycles of the district's two sections, its base organisation and the ОМЦ (each tier a
site of its own, D10); the leader of the first section proposes a representative of the base organisation and one
of the district's КЦСОН, their heads consent (D14), the base organisation's head holds the leader's election with
its open vote (D6) and the leader plans the year's meetings, one each half-year (Appendix 1). The second section has
a representative proposed and waiting for the consent of the КЦСОН's head (a task in her inbox). Names of the
organisations are synthetic and say so, the people are fictional. Played once: a section with a composition is
left as it is."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from innocycle.demo_regions import OMC_SITE, SOUTH_BASE, SOUTH_BASE_SITE, SOUTH_MEMBER_1

PASSWORD = "demo"
FIRST, SECOND = "sverdlovsk-south-1", "sverdlovsk-south-2"
# (full name, position, organisation, the head who consents); fictional people
FIRST_MEMBERS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Черемухина Алла Витальевна",
        "заведующий отделением срочного социального обслуживания",
        SOUTH_MEMBER_1.id,
        "sverdlovsk.member",
    ),
    ("Рябинин Егор Савельевич", "специалист по социальной работе", SOUTH_BASE.id, "sverdlovsk.base"),
)
SECOND_MEMBER = ("Ландышева Вера Олеговна", "социальный работник", SOUTH_MEMBER_1.id)


class _Client:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.tokens: dict[str, str] = {}

    def call(self, method: str, login: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        if login not in self.tokens:
            answer = self.http.post("/api/auth/token", data={"username": login, "password": PASSWORD})
            answer.raise_for_status()
            self.tokens[login] = answer.json()["access_token"]
        headers = {"Authorization": f"Bearer {self.tokens[login]}"}
        return self.http.request(method, path, headers=headers, json=body)

    def ok(self, method: str, login: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        answer = self.call(method, login, path, body)
        if answer.status_code >= 400:
            raise RuntimeError(f"{method} {path} as {login}: {answer.status_code} {answer.text}")
        result: dict[str, Any] = answer.json()
        return result


def play_sections(base_url: str, year: int) -> None:
    """Open the Sverdlovsk cycles of ``year`` and play the first section's composition, election and plan, dated
    today (a consent or an election is never dated after the day it is recorded) in this year's plan."""
    today = date.today()
    client = _Client(base_url)
    for site in (OMC_SITE.id, SOUTH_BASE_SITE.id, FIRST, SECOND):
        opened = client.call("POST", "sverdlovsk.omc", "/api/cycles", {"site_id": site, "year": year})
        if opened.status_code not in (201, 202, 409):
            raise RuntimeError(f"cycle {site} {year}: {opened.status_code} {opened.text}")
    first = f"/api/sections/{FIRST}"
    if client.ok("GET", "sverdlovsk.leader.1", first)["members"]:
        return  # played before
    people = []
    for full_name, position, organisation, head in FIRST_MEMBERS:
        body = {"full_name": full_name, "position": position, "organisation_id": organisation}
        person = client.ok("POST", "sverdlovsk.leader.1", f"{first}/members", body)["person_id"]
        consent = {"consent": True, "on": today.isoformat()}
        client.ok("POST", head, f"{first}/members/{person}/consent", consent)
        people.append(person)
    election = client.ok("POST", "sverdlovsk.base", f"{first}/elections", {"held_on": today.isoformat()})
    path = f"{first}/elections/{election['election_no']}"
    tenure = {"person_id": people[0], "position_since": (today - timedelta(days=3 * 366)).isoformat()}
    client.ok("POST", "sverdlovsk.base", f"{path}/candidates", tenure)
    for voter in people:
        client.ok("POST", "sverdlovsk.base", f"{path}/votes", {"voter_id": voter, "candidate_id": people[0]})
    client.ok("POST", "sverdlovsk.base", f"{path}/count")
    plan = f"{first}/plans/{today.year}/meetings"
    for on, form, topic in (
        (date(today.year, 3, 17), "in_person", "Стандарты предоставления срочных социальных услуг"),
        (date(today.year, 10, 13), "online", "Наставничество для молодых специалистов отделений"),
    ):
        client.ok("POST", "sverdlovsk.leader.1", plan, {"on": on.isoformat(), "format": form, "topic": topic})
    name, position, organisation = SECOND_MEMBER
    body = {"full_name": name, "position": position, "organisation_id": organisation}
    client.ok("POST", "sverdlovsk.leader.2", f"/api/sections/{SECOND}/members", body)  # awaits the consent
