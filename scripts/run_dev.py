"""`make run`: the web server, a Celery worker and Celery beat in one terminal.

Ctrl-C stops all three. The embedded PostgreSQL and Redis (when used) keep running;
`make stop` stops them."""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "activering.settings.local"
        ),
    }
    python = sys.executable
    beat_schedule = ROOT / ".data" / "celerybeat-schedule"
    beat_schedule.parent.mkdir(exist_ok=True)
    commands = {
        "web": [python, "manage.py", "runserver", f"{args.host}:{args.port}", "--noreload"],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "activering",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
        ],
        "beat": [
            python,
            "-m",
            "celery",
            "-A",
            "activering",
            "beat",
            "--loglevel",
            "INFO",
            "--schedule",
            str(beat_schedule),
        ],
    }
    processes = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in commands.items()}
    password = os.environ.get("DEMO_PASSWORD", "activering-demo")
    print(
        f"\n  Activering draait op http://{args.host}:{args.port}/\n"
        f"  Demo-accounts (wachtwoord: {password}):\n"
        "    ma.demo          maatschappelijk assistent\n"
        "    teamleider.demo  teamleider\n"
        "    beheerder.demo   beheerder\n"
        "    analist.demo     analist\n"
        "  Ctrl-C stopt de webserver, de worker en beat.\n",
        flush=True,
    )

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, proc in processes.items():
            if proc.poll() is not None:
                print(f"{name} stopped with exit code {proc.returncode}; stopping the rest.")
                exit_code = proc.returncode or 1
                stopping = True
        time.sleep(0.5)
    for proc in processes.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in processes.values():
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
