"""The demo activity of `make run`, played through the real API."""

from __future__ import annotations

from datetime import date

import httpx

from innocycle.demo import demo_year, play
from innocycle.demo_platform import play_platforms
from tests.support.client import Api
from tests.support.stack import Stack


def test_demo_year_is_the_next_package_deadline() -> None:
    assert demo_year(date(2026, 11, 25)) == 2027
    assert demo_year(date(2026, 12, 20)) == 2027
    assert demo_year(date(2026, 12, 21)) == 2028


def test_the_demo_plays_through_the_api_and_only_once(api: Api, dev_stack: Stack) -> None:
    year, opened = play(dev_stack.api_url, date(2044, 6, 1))
    assert (year, opened) == (2045, 18)
    status = {
        site: api.obligation(site, year, "rcrso")["status"]
        for site in ("1.1.11", "1.1.7", "1.2.3", "1.2.2", "1.1.5", "1.1.9", "1.1.12")
    }
    assert status == {
        "1.1.11": "approved",
        "1.1.7": "approved",
        "1.2.3": "approved",
        "1.2.2": "returned",
        "1.1.5": "under_review",
        "1.1.9": "under_review",
        "1.1.12": "awaiting_submission",
    }
    assert [a["role"] for a in api.obligation("1.1.9", year, "rcrso")["next_actor"]] == ["curator"]
    compendium = api.get("rcrso", f"/api/compendia/86/{year}").json()
    assert [e["site_id"] for e in compendium["composition"]["included"]] == ["1.1.11", "1.1.7", "1.2.3"]
    assert len(compendium["composition"]["gaps"]) == 15
    # Two sites have prepared a product for the expert council: drafted with its file and pilot, not sent yet.
    mine = api.get("director.1.1.3", "/api/products", params={"status": "piloted", "site_id": "1.1.3"}).json()
    prepared = [p for p in mine["items"] if p["title"].startswith("Модельная программа социального сопровождения")]
    assert prepared and prepared[0]["version_no"] == 1
    # Document control (seed 004): the положение in force as version 3.0 from the paper, a newcomer to acknowledge it,
    # version 4.0 waiting for the deputy director.
    document = api.get("qms.deputy", "/api/qms/documents/polozhenie-osg").json()
    assert document["in_force"]["version"] == "3.0" and document["in_force"]["approved_on"] == "2020-09-30"
    assert [p["full_name"] for p in document["versions"][1]["pending"]] == ["Никонов Артем Сергеевич"]
    assert document["pending"]["awaiting"] == "Заместитель директора"
    # 1.1.12's положение is in the register (QMS D13): its package shows version 1.0 in force, approved № 36-р.
    register = api.obligation("1.1.12", year, "director.1.1.12")["register"]
    assert (register["in_force"]["version"], register["in_force"]["approval_number"]) == ("1.0", "36-р")
    # Sverdlovsk (issue 16): the tiers above the sections are sites with cycles of their own (D10); a section has
    # its composition consented, its leader elected by an open vote and its year planned.
    for site in ("sverdlovsk-omc", "sverdlovsk-south-base", "sverdlovsk-south-1"):
        assert api.get("sverdlovsk.omc", f"/api/sites/{site}/cycles/{year}").status_code == 200, site
    planned = date.today().year  # the section's people act today, whatever the demo's year
    section = api.get("sverdlovsk.leader.1", "/api/sections/sverdlovsk-south-1", params={"year": planned}).json()
    assert [m["status_ru"] for m in section["members"]] == ["согласован", "согласован"]
    (election,) = section["elections"]
    assert election["status"] == "elected" and election["leader"] == "Черемухина Алла Витальевна"
    assert len(election["votes"]) == 2
    assert section["plan"]["halves_without_meeting"] == [] and f"17.03.{planned}" in section["plan"]["row"][4]
    consents = [t["kind"] for t in api.get("sverdlovsk.member", "/api/tasks").json()["items"] if t["state"] == "open"]
    assert [k for k in consents if k.startswith("consent:")], consents
    base = [(t["site_id"], t["kind"]) for t in api.get("sverdlovsk.base", "/api/tasks").json()["items"]]
    assert ("sverdlovsk-south-2", "election") in base and ("sverdlovsk-south-1", "election") not in base, base
    signin = httpx.get(f"{dev_stack.api_url}/login").text  # the new logins, with the regulation's role names
    assert "sverdlovsk.leader.1" in signin and "руководитель базовой методической организации" in signin
    sections = "SELECT count(*) FROM events WHERE stream_id LIKE %s"
    written = dev_stack.query(sections, "section:%")
    assert play(dev_stack.api_url, date(2044, 6, 1)) == (2045, 0)  # a second run keeps what is there
    assert dev_stack.query(sections, "section:%") == written
    again = api.get("director.1.1.3", "/api/products", params={"status": "piloted", "site_id": "1.1.3"}).json()
    assert again["total"] == mine["total"]


# After the demo above, in the same process (one file goes to one process): the platforms are there already, and
# this test reads them rather than playing them a second time; alone, it plays them itself.
def test_the_two_real_platforms_are_played_once(api: Api, dev_stack: Stack) -> None:
    played = play_platforms(dev_stack.api_url)
    if played == 0:  # the demo above played them
        played = 2
    assert played == 2
    r2022 = api.get("vologda.department", "/api/sites/vologda-omp-2022/cycles/2022/criteria-report").json()
    assert r2022["report_status"] == "submitted" and r2022["catalogue"]["id"] == "vologda-omp-2022"
    assert any(w["indicator"] == "C1.N2" and w["kind"] == "unit" for w in r2022["warnings"])  # «98 771 тыс.»
    r2023 = api.get("vologda.department", "/api/sites/vologda-omp-2023/cycles/2023/criteria-report").json()
    assert r2023["status"] == "approved"
    assert [(s["step_ru"], s["printed_name"], s["acting"]) for s in r2023["signatures"]] == [
        ("СОГЛАСОВАНО", "Н.Л. Веревокина", True),
        ("УТВЕРЖДАЮ", "Н.Л. Рындин", False),
    ]
    assert r2023["signatures"][0]["position"].startswith("И.О. директора АУ СО ВО «Октябрьский")
    assert any(w["indicator"] == "C1.N1" and w["message"].startswith("Заявлено 5") for w in r2023["sent_warnings"])
    assert [f["item_id"] for f in r2023["follow_ups"]] == ["e8", "e9"]
    # The 2023 platform's two complex centres (D11): the Sokol centre's first quarter accepted and summed, the
    # Babushkino centre's four requests overdue; their logins on the sign-in page.
    for login in ("vologda.centre.1", "vologda.centre.2", "omp.2023"):
        api.token(login, "demo-omp")
    late = api.get("vologda.centre.2", "/api/tasks", params={"site_id": "vologda-omp-2023"}).json()["items"]
    assert sorted(t["obligation"]["instance"] for t in late) == [f"Q{q}-babushkino-kcson" for q in range(1, 5)]
    assert all(t["overdue"] for t in late)
    q1 = api.get("omp.2023", "/api/sites/vologda-omp-2023/cycles/2023/monitoring/Q1").json()
    assert {m["key"]: m["centres_sum"] for m in q1["measures"]}["people"] == "81"
    assert (q1["accepted"], q1["total"]) == (1, 2)
    signin = httpx.get(f"{dev_stack.api_url}/login").text
    assert "vologda.centre.1" in signin and "ответственный комплексного центра" in signin and "demo-omp" in signin
    assert play_platforms(dev_stack.api_url) == 0
