"""A stream ahead of its workflow — what a Temporal server killed mid-command left behind before appends waited
for the decision to be durable: the events of a command whose workflow task was lost are in the log (and so on
every page), while the workflow never saw the command. The workflow adopts them before it decides again, and
``innocycle verify --repair`` brings such a workflow back in line without waiting for a command."""

from __future__ import annotations

import subprocess
import sys
import uuid
from typing import Any

import httpx
import pytest

from tests.support.client import Api
from tests.support.stack import Stack

pytestmark = pytest.mark.slow

YEAR = 2041


def _stream(site: str) -> str:
    return f"cycle:{site}:{YEAR}:package:annual"


def verify(stack: Stack, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "innocycle.cli", "verify", *flags],
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _under_review(api: Api, site: str) -> None:
    assert api.open_cycle(site, YEAR).status_code == 201
    items = api.upload_package(site, YEAR, f"director.{site}")
    submitted = api.submit(site, YEAR, f"director.{site}", items, note="Первая редакция")
    assert submitted.status_code == 200, submitted.text


def _strand_a_return(api: Api, stack: Stack, site: str, template: dict[str, Any], comment: str) -> None:
    """Append, behind the workflow's back, the return a lost workflow task had recorded (with its projection, as the
    internal append always does)."""
    me = api.get(f"curator.{site}", "/api/me").json()
    decided_by = {**template["decided_by"], "user_id": me["user_id"], "full_name": me["full_name"]}
    data = {**template, "comment": comment, "decided_by": decided_by}
    version = stack.query("SELECT max(stream_version) FROM events WHERE stream_id = %s", _stream(site))[0][0]
    response = httpx.post(
        f"{stack.api_url}/internal/streams/{_stream(site)}/events",
        json={
            "expected_version": version,
            "events": [{"event_id": str(uuid.uuid4()), "event_type": "SubmissionReturned", "data": data}],
        },
        headers={"Authorization": f"Bearer {stack.env['INNOCYCLE_SERVICE_TOKEN']}"},
    )
    assert response.status_code == 200, response.text


def _returns(stack: Stack, site: str) -> list[str]:
    rows = stack.query(
        "SELECT data->>'comment' FROM events WHERE stream_id = %s AND event_type = 'SubmissionReturned' "
        "ORDER BY stream_version",
        _stream(site),
    )
    return [row[0] for row in rows]


@pytest.fixture(scope="module")
def returned_template(dev_stack: Stack) -> dict[str, Any]:
    """A real SubmissionReturned of another site's first submission, to strand copies of."""
    site = "1.1.4"
    api = Api(dev_stack.api_url)
    _under_review(api, site)
    assert api.decide(site, YEAR, f"curator.{site}", "return", "Образец возврата").status_code == 200
    api.close()
    data: dict[str, Any] = dev_stack.query(
        "SELECT data FROM events WHERE stream_id = %s AND event_type = 'SubmissionReturned'", _stream(site)
    )[0][0]
    return data


def test_a_workflow_adopts_the_events_its_stream_holds_before_deciding(
    api: Api, dev_stack: Stack, returned_template: dict[str, Any]
) -> None:
    site = "1.1.6"
    curator = f"curator.{site}"
    _under_review(api, site)
    stranded = "Возврат, чья команда потеряна вместе с задачей процесса"
    _strand_a_return(api, dev_stack, site, returned_template, stranded)

    only = ("--only", f"cycle:{site}:{YEAR}", "--workflows-only")  # the suite's other workflows are not the point
    found = verify(dev_stack, *only)
    assert found.returncode == 1, found.stdout + found.stderr
    assert f"{_stream(site)}: the workflow knows version" in found.stdout

    # Every page shows the package returned; a curator who returns it again is told so, and nothing is swallowed.
    assert api.obligation(site, YEAR, curator)["status"] == "returned"
    again = api.decide(site, YEAR, curator, "return", "Новый комментарий куратора")
    assert again.status_code == 409, again.text
    assert _returns(dev_stack, site) == [stranded]

    # The workflow carries on from the adopted state: the director resubmits and the curator approves.
    items = api.upload_package(site, YEAR, f"director.{site}")
    assert api.submit(site, YEAR, f"director.{site}", items, note="Исправлено").status_code == 200
    assert api.decide(site, YEAR, curator, "approve").status_code == 200
    assert api.obligation(site, YEAR, curator)["status"] == "approved"
    dev_stack.wait_until_quiet()
    clean = verify(dev_stack, *only)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 differences" in clean.stdout


def test_verify_repair_brings_a_diverged_workflow_back_in_line(
    api: Api, dev_stack: Stack, returned_template: dict[str, Any]
) -> None:
    site = "1.1.8"
    _under_review(api, site)
    _strand_a_return(api, dev_stack, site, returned_template, "Возврат до исправления")

    only = ("--only", f"cycle:{site}:{YEAR}", "--workflows-only")
    repaired = verify(dev_stack, "--repair", *only)
    assert f"{_stream(site)}: the workflow knows version" in repaired.stdout
    assert "repaired" in repaired.stdout
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "0 differences" in verify(dev_stack, *only).stdout

    # Repaired, the workflow waits for the resubmission the pages ask for.
    items = api.upload_package(site, YEAR, f"director.{site}")
    resubmitted = api.submit(site, YEAR, f"director.{site}", items, note="После исправления")
    assert resubmitted.status_code == 200, resubmitted.text
    assert resubmitted.json()["status"] == "under_review"
