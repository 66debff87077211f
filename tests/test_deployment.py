"""Deployment files: the compose file and Dockerfile are parsed and checked, and the commands
the compose file runs are started for real, outside Docker, against the test database.

There is no Docker engine on the development machines; these tests are the next best thing:
gunicorn with production settings, a real Celery worker and real Celery beat, and the compose
health checks executed against them."""

import importlib.util
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

import pytest
import yaml

from activering.selectors import HEARTBEAT_KEY
from activering.tasks import worker_heartbeat

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
APP_SERVICES = ["migrate", "web", "worker", "beat"]
LONG_RUNNING = ["postgres", "redis", "web", "worker", "beat"]


def command_of(service: str) -> list[str]:
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def healthcheck_of(service: str) -> list[str]:
    test = SERVICES[service]["healthcheck"]["test"]
    assert test[0] in {"CMD", "CMD-SHELL"}
    return test


# --- Static checks of the compose file ------------------------------------------------------


def test_compose_has_the_expected_services():
    assert set(SERVICES) == {"postgres", "redis", "migrate", "web", "worker", "beat"}
    assert SERVICES["postgres"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"
    redis_command = " ".join(command_of("redis"))
    assert "--maxmemory-policy noeviction" in redis_command
    assert "--appendonly yes" in redis_command


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck(service):
    check = SERVICES[service]["healthcheck"]
    assert check["test"][1:], service
    assert {"interval", "timeout", "retries"} <= set(check)


def test_web_healthcheck_uses_the_health_endpoint():
    assert "/health/" in " ".join(healthcheck_of("web"))


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_use_production_settings_and_real_services(service):
    environment = SERVICES[service]["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "activering.settings.production"
    # Never the embedded PostgreSQL/Redis inside a container.
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")
    # SECRET_KEY has no default: compose refuses to start without it.
    assert ":?" in environment["SECRET_KEY"]
    for variable in environment:
        assert variable in ENV_EXAMPLE_VARIABLES or variable == "DJANGO_SETTINGS_MODULE"


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_app_services_wait_for_migrations_and_healthy_backing_services(service):
    depends_on = SERVICES[service]["depends_on"]
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"


def test_named_volumes_are_declared():
    declared = set(COMPOSE["volumes"])
    used = {
        volume.split(":", 1)[0]
        for service in SERVICES.values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }
    assert used <= declared
    assert {"postgres-data", "redis-data"} <= used


def test_compose_commands_reference_modules_that_exist():
    web = command_of("web")
    assert web[:2] == ["gunicorn", "activering.wsgi"]
    assert importlib.util.find_spec("activering.wsgi") is not None
    for service in ["worker", "beat"]:
        command = command_of(service)
        assert command[:3] == ["celery", "-A", "activering"]
        assert importlib.util.find_spec("activering.celery") is not None
    assert command_of("migrate")[:2] == ["python", "manage.py"]
    assert (ROOT / "manage.py").exists()


def test_beat_schedule_only_names_registered_tasks():
    from activering.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


# --- Static checks of the Dockerfile and .dockerignore -------------------------------------


def test_dockerfile_builds_a_non_root_gunicorn_image():
    assert re.search(r"^FROM python:3\.11-slim\b", DOCKERFILE, re.M)
    assert "pip install -c requirements.lock ." in DOCKERFILE
    assert "collectstatic" in DOCKERFILE
    users = re.findall(r"^USER (\S+)", DOCKERFILE, re.M)
    assert users and users[-1] not in {"root", "0"}
    cmd = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M)
    assert cmd and yaml.safe_load(cmd.group(1)) == command_of("web")


def test_dockerfile_collectstatic_step_needs_no_database_or_secret(tmp_path):
    """Run the image's collectstatic line (dry run) with exactly the values it sets."""
    run_line = re.search(r"RUN (SECRET_KEY=.*?collectstatic[^\n\\]*)", DOCKERFILE, re.S)
    assert run_line
    words = shlex.split(run_line.group(1).replace("\\\n", " "))
    assignments = dict(word.split("=", 1) for word in words if re.match(r"^[A-Z_]+=", word))
    assert set(assignments) == {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "activering.settings.production",
        **assignments,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "static file" in result.stdout


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for entry in [".env", ".venv", ".data", ".git"]:
        assert entry in ignored


ENV_EXAMPLE_VARIABLES = {
    line.lstrip("# ").split("=", 1)[0]
    for line in (ROOT / ".env.example").read_text().splitlines()
    if re.match(r"^#? ?[A-Z][A-Z0-9_]*=", line)
}


# --- The compose commands, run for real outside Docker --------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_local(command: list[str]) -> list[str]:
    """`gunicorn …` / `celery …` / `python …` from this virtualenv."""
    if command[0] in {"gunicorn", "celery"}:
        return [sys.executable, "-m", *command]
    if command[0] == "python":
        return [sys.executable, *command[1:]]
    return command


def _get_health(port: int) -> tuple[int, dict]:
    import json

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _run_healthcheck(test: list[str], env: dict) -> subprocess.CompletedProcess:
    if test[0] == "CMD-SHELL":
        # Compose turns `$$` into `$`; the shell expands the rest.
        args = ["/bin/sh", "-c", test[1].replace("$$", "$")]
    else:
        args = _as_local(test[1:])
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=90)


@pytest.mark.celery
@pytest.mark.xdist_group("celery")
def test_compose_stack_runs_outside_docker(transactional_db, celery_worker, tmp_path):
    """gunicorn (production settings) + the real worker + real beat: /health/ turns 200, and the
    web, worker and beat health checks of the compose file pass against them."""
    port = _free_port()
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "activering.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    cache.delete(HEARTBEAT_KEY)

    web_command = command_of("web")
    web_command[web_command.index("--bind") + 1] = f"127.0.0.1:{port}"
    web_command[web_command.index("--workers") + 1] = "2"  # two CPU cores shared by everybody
    schedule = tmp_path / "beat" / "schedule"
    schedule.parent.mkdir()
    beat_command = command_of("beat")
    beat_command[beat_command.index("--schedule") + 1] = str(schedule)

    processes: list[subprocess.Popen] = []
    try:
        web_log = (tmp_path / "web.log").open("w")
        processes.append(
            subprocess.Popen(_as_local(web_command), cwd=ROOT, env=env, stderr=web_log)
        )
        deadline = time.monotonic() + 120  # generous: the machine may be busy
        status = None
        while time.monotonic() < deadline:
            assert processes[0].poll() is None, (tmp_path / "web.log").read_text()[-3000:]
            try:
                status, body = _get_health(port)
                break
            except OSError:  # not listening yet (URLError is an OSError too)
                time.sleep(0.3)
        assert status == 503, "no heartbeat yet, so the worker must be reported down"
        assert body["checks"]["postgresql"]["ok"] is True
        assert body["checks"]["redis"]["ok"] is True
        assert body["checks"]["worker"]["ok"] is False
        check_env = {
            **env,
            "HOSTNAME": os.uname().nodename,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
        }
        web_check = [part.replace(":8000/", f":{port}/") for part in healthcheck_of("web")]
        assert _run_healthcheck(web_check, check_env).returncode != 0, "unhealthy must fail"

        # Real beat starts (its first heartbeat is only due after 30 s, so the test sends one
        # itself, as beat would); the real worker runs it.
        beat_log = (tmp_path / "beat.log").open("w")
        processes.append(
            subprocess.Popen(_as_local(beat_command), cwd=ROOT, env=env, stderr=beat_log)
        )
        # worker_heartbeat ignores its result, so .get() does not wait for the worker: poll.
        worker_heartbeat.delay()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert processes[1].poll() is None, (tmp_path / "beat.log").read_text()[-3000:]
            status, body = _get_health(port)
            if status == 200 and list(schedule.parent.glob("schedule*")):
                break
            time.sleep(0.3)
        assert status == 200, (body, (tmp_path / "beat.log").read_text()[-3000:])
        assert all(check["ok"] for check in body["checks"].values())

        # The compose health checks, pointed at these processes.
        result = _run_healthcheck(web_check, check_env)
        assert result.returncode == 0, result.stderr
        beat_check = [
            part.replace("/var/lib/activering/beat/", f"{schedule.parent}/")
            for part in healthcheck_of("beat")
        ]
        result = _run_healthcheck(beat_check, check_env)
        assert result.returncode == 0, result.stderr
        worker_check = [
            part.replace("celery@$$HOSTNAME", f"{queue}@$$HOSTNAME")
            for part in healthcheck_of("worker")
        ]
        result = _run_healthcheck(worker_check, check_env)
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        for process in reversed(processes):
            _stop(process)
        cache.delete(HEARTBEAT_KEY)
