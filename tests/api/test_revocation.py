"""A Department order revokes a site's status: its running cycles close gracefully, what was submitted stays,
and no new cycle can be opened for it."""

from __future__ import annotations

import time

from tests.support.client import Api, obligation_path
from tests.support.stack import Stack


def test_a_revoked_site_closes_its_cycles_and_keeps_what_was_sent(api: Api, dev_stack: Stack) -> None:
    # A site of its own, so revoking it touches no other test: a support platform of the Нижневартовский КЦСОН.
    dev_stack.query(
        "INSERT INTO sites (id, region_id, institution_id, direction_id, status, code, polozhenie, citation, "
        "regulation_id) SELECT '9.9.1', region_id, institution_id, direction_id, 'support_platform', 'OPX', "
        "polozhenie, citation, regulation_id FROM sites WHERE id = '1.2.2' ON CONFLICT DO NOTHING RETURNING 1"
    )
    api.grant("director.1.2.2", "site_director", "site", "9.9.1")
    assert api.open_cycle("9.9.1", 2022).status_code == 201  # late: everything of 2022 is open and overdue
    items = api.upload_package("9.9.1", 2022, "director.1.2.2")
    assert api.submit("9.9.1", 2022, "director.1.2.2", items).status_code == 200
    dev_stack.wait_until_quiet()

    order = {"order": "приказ Депсоцразвития Югры от 12.03.2022 № 345-р", "effective_on": "2022-03-12"}
    assert api.post("curator.1.2.2", "/api/sites/9.9.1/revocation", json=order).status_code == 403
    revoked = api.post("department", "/api/sites/9.9.1/revocation", json=order)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["closing"] == ["cycle:9.9.1:2022"]
    for _ in range(100):
        cycle = api.get("department", "/api/sites/9.9.1/cycles/2022").json()
        if cycle["status"] == "closed":
            break
        time.sleep(0.1)
    assert cycle["status"] == "closed"
    assert cycle["closed_reason"] == f"Статус площадки прекращен: {order['order']}"
    package = api.get("department", obligation_path("9.9.1", 2022)).json()
    assert package["status"] == "cancelled"
    assert package["submissions"][0]["items"]["roadmap"]["file_id"] == items["roadmap"]  # what was sent stays
    assert all(not e["open"] for e in package["escalations"])
    assert {e["resolution"] for e in package["escalations"]} <= {"submitted", "cancelled"}
    again = api.post("department", "/api/sites/9.9.1/revocation", json=order)
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    refused = api.open_cycle("9.9.1", 2023)
    assert refused.status_code == 409 and refused.json()["code"] == "status_revoked"
