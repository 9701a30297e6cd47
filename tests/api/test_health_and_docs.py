"""Health, readiness (naming what is down) and the published API description."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from innocycle.devstack.processes import free_port
from tests.support.stack import ManagedProcess, Stack


def test_health_and_readiness(dev_stack: Stack) -> None:
    assert httpx.get(f"{dev_stack.api_url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{dev_stack.api_url}/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"postgresql": "ok", "temporal": "ok"}


@pytest.fixture
def crippled_api(dev_stack: Stack, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """An API process whose database or Temporal address points at a port where nothing listens."""
    broken: dict[str, str] = request.param
    port = free_port()
    env = {**dev_stack.env, "INNOCYCLE_API_PORT": str(port), **broken}
    for key, value in env.items():
        env[key] = value.replace("{nowhere}", str(free_port()))
    process = ManagedProcess(["api"], env, tmp_path / "api.log")
    process.start()
    url = f"http://127.0.0.1:{port}"
    stack = Stack("crippled", "", "", url, env, process, process)
    stack.wait_for_api()
    yield url
    process.stop()


@pytest.mark.parametrize(
    ("crippled_api", "down"),
    [
        ({"INNOCYCLE_TEMPORAL_ADDRESS": "127.0.0.1:{nowhere}"}, "temporal"),
        ({"INNOCYCLE_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:{nowhere}/innocycle"}, "postgresql"),
    ],
    indirect=["crippled_api"],
)
def test_readiness_names_what_is_down(crippled_api: str, down: str) -> None:
    assert httpx.get(f"{crippled_api}/healthz").status_code == 200  # the process itself is up
    ready = httpx.get(f"{crippled_api}/readyz", timeout=20)
    assert ready.status_code == 503
    assert ready.json()["down"] == [down]
    assert down in ready.json()["detail"]


def test_openapi_and_docs_are_published(dev_stack: Stack) -> None:
    schema = httpx.get(f"{dev_stack.api_url}/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/auth/token",
        "/api/cycles",
        "/api/sites/{site_id}/files",
        "/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}/submissions",
        "/api/sites/{site_id}/cycles/{year}/obligations/{key}/{instance}/decisions",
        "/internal/streams/{stream_id}/events",
    ):
        assert path in paths, path
    assert schema["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]["password"]["tokenUrl"] == (
        "/api/auth/token"
    )
    docs = httpx.get(f"{dev_stack.api_url}/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    # The front door is the web interface's: a person not signed in is sent to the sign-in page.
    assert httpx.get(f"{dev_stack.api_url}/", follow_redirects=False).headers["location"] == "/login"
