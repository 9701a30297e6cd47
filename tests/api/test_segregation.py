"""Segregation of duties through the real path: nobody accepts their own submission, even holding both roles."""

from __future__ import annotations

from tests.support.client import Api


def test_a_curator_who_submitted_cannot_accept(api: Api) -> None:
    # C14 (1.1.1) is the RCRSO's own resource centre: make its curator also a responsible person of the site.
    grant_id = api.grant("curator.1.1.1", "site_responsible", "site", "1.1.1")
    try:
        year = 2038
        assert api.open_cycle("1.1.1", year).status_code == 201
        items = api.upload_package("1.1.1", year, "curator.1.1.1")
        assert api.submit("1.1.1", year, "curator.1.1.1", items).status_code == 200
        own = api.decide("1.1.1", year, "curator.1.1.1", "approve")
        assert own.status_code == 409
        assert own.json()["code"] == "own_submission"
        assert own.json()["detail"] == "Нельзя рассматривать собственное представление."
        assert api.obligation("1.1.1", year, "director.1.1.1")["status"] == "under_review"
    finally:
        api.revoke_grant("curator.1.1.1", grant_id)
