"""The production calendar: an administrator's correction from a new decree changes the deadlines of cycles
opened after it, through the API and through `innocycle calendar load`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.client import Api
from tests.support.stack import Stack


def test_a_decree_correction_moves_a_deadline(api: Api) -> None:
    before = api.get("department", "/api/calendar/2027").json()
    assert before["working_days"] > 240
    assert "2027-12-20" not in {d["day"] for d in before["non_working_days"]}

    body = {"working": False, "reason": "перенос выходного дня", "source": "Постановление (учебный пример) № 1"}
    assert api.http.put("/api/calendar-overrides/2027-12-20", json=body).status_code == 401
    forbidden = api.http.put("/api/calendar-overrides/2027-12-20", json=body, headers=api.headers("rcrso"))
    assert forbidden.status_code == 403
    no_reason = api.http.put(
        "/api/calendar-overrides/2027-12-20", json={**body, "reason": " "}, headers=api.headers("admin")
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == [{"field": "reason", "message": no_reason.json()["detail"]}]
    response = api.http.put("/api/calendar-overrides/2027-12-20", json=body, headers=api.headers("admin"))
    assert response.status_code == 200, response.text
    try:
        after = api.get("department", "/api/calendar/2027").json()
        assert after["working_days"] == before["working_days"] - 1
        assert {"day": "2027-12-20", "name": "выходной день по решению администратора"} in after["non_working_days"]
        assert after["overrides"] == [
            {"day": "2027-12-20", "working": False, **{k: body[k] for k in ("reason", "source")}}
        ]

        # 20 December 2027 is a Monday; with the correction the 2028 package is due on Tuesday 21 December.
        opened = api.open_cycle("1.1.6", 2028)
        assert opened.status_code == 201, opened.text
        package = next(o for o in opened.json()["obligations"] if o["key"] == "package")
        assert (package["due"]["nominal"], package["due"]["effective"]) == ("2027-12-20", "2027-12-21")
    finally:
        removed = api.http.delete("/api/calendar-overrides/2027-12-20", headers=api.headers("admin"))
        assert removed.status_code == 204
    assert api.get("department", "/api/calendar/2027").json()["working_days"] == before["working_days"]
    again = api.http.delete("/api/calendar-overrides/2027-12-20", headers=api.headers("admin"))
    assert again.status_code == 404


def test_calendar_load_from_a_decree_file(api: Api, dev_stack: Stack, tmp_path: Path) -> None:
    decree = tmp_path / "decree.csv"
    decree.write_text(
        "day;working;reason;source\n"
        "31.12.2029;нерабочий;перенос выходного дня с 06.01.2029;Постановление (учебный пример) № 2\n"
        "2029-11-03;рабочий;рабочая суббота;Постановление (учебный пример) № 2\n",
        encoding="utf-8",
    )
    cli = [sys.executable, "-m", "innocycle.cli", "calendar"]
    loaded = subprocess.run([*cli, "load", str(decree)], env=dev_stack.env, capture_output=True, text=True)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 2 corrections" in loaded.stdout
    year = api.get("rcrso", "/api/calendar/2029").json()
    assert "2029-11-03" in year["working_weekends"]
    assert "2029-12-31" in {d["day"] for d in year["non_working_days"]}
    shown = subprocess.run([*cli, "show", "2029"], env=dev_stack.env, capture_output=True, text=True, check=True)
    assert f"2029: {year['working_days']} working days" in shown.stdout

    broken = tmp_path / "broken.csv"
    broken.write_text("day,working,reason,source\n2029-13-40,нерабочий,x,y\n", encoding="utf-8")
    refused = subprocess.run([*cli, "load", str(broken)], env=dev_stack.env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "не дата" in refused.stderr
    for day in ("2029-12-31", "2029-11-03"):
        assert api.http.delete(f"/api/calendar-overrides/{day}", headers=api.headers("admin")).status_code == 204
