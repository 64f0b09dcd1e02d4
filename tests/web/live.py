"""A real uvicorn server on a store, in a subprocess, and concurrent clients against it."""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import Engine, insert

from greenbridge.resolve.normalize import name_key
from greenbridge.store.db import transaction
from greenbridge.store.models import Alias, Entity, Relation

WORDS = ("green", "solar", "water", "energy", "institute", "academy", "centre", "network",
         "carbon", "river", "climate", "forest", "soil", "hydrogen")  # fmt: skip
TYPES = ("organization", "person", "event", "technology", "initiative")
RELATION_TYPES = ("member_of", "cooperates_with", "participated", "developed", "part_of")


def fill_store(engine: Engine, entities: int, relations: int, seed: int = 7) -> None:
    """Synthetic entities (each with its name as alias) and relations between them."""
    rng = random.Random(seed)
    rows, aliases = [], []
    for i in range(1, entities + 1):
        kind = TYPES[i % len(TYPES)]
        name = f"{' '.join(rng.sample(WORDS, 3)).title()} {i}"
        rows.append({"id": i, "type": kind, "name": name, "attributes": {"country": "KE"}})
        aliases.append({"entity_id": i, "name": name, "normalized": name_key(name, kind)})
    links = [
        {"type": RELATION_TYPES[j % 5], "subject_id": rng.randint(1, entities),
         "object_id": rng.randint(1, entities), "attributes": {}}
        for j in range(relations)
    ]  # fmt: skip
    with transaction(engine) as session:
        session.execute(insert(Entity), rows)
        session.execute(insert(Alias), aliases)
        if links:
            session.execute(insert(Relation), links)
    if engine.dialect.name == "postgresql":  # the sequence past the explicit ids
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('entity', 'id'), max(id)) FROM entity"
            )


@contextmanager
def live_server(database_url: str, home: Path, **settings: str) -> Iterator[str]:
    """`greenbridge.web.app:create_app` under uvicorn on a free port; yields its base URL.

    The listening socket is made here and handed over (`--fd`), so no other process can take
    the port between choosing and binding it."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "GREENBRIDGE_DATABASE_URL": database_url,
        "GREENBRIDGE_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        **{f"GREENBRIDGE_{key.upper()}": value for key, value in settings.items()},
    }
    command = [sys.executable, "-m", "uvicorn", "greenbridge.web.app:create_app", "--factory",
               "--fd", str(listener.fileno()), "--log-level", "warning",
               "--timeout-keep-alive", "120"]  # fmt: skip
    # (a kept-alive connection closed by the server while idle would fail a client's request)
    process = subprocess.Popen(command, env=env, pass_fds=[listener.fileno()])
    listener.close()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /health")


def kind_of(path: str) -> str:
    """The workload a path belongs to: `/api/entities/7` -> `/api/entities`."""
    head = path.split("?")[0]
    return head.rstrip("0123456789").rstrip("/") or "/"


def run_clients(
    base: str, token: str, paths: Sequence[str], *, clients: int, seconds: float,
    timeout: float = 10.0,
) -> Counter[tuple[str, str]]:  # fmt: skip
    """`clients` concurrent clients, each sending its next request as soon as the last is
    answered, for `seconds`: counts of (workload, status code or error name)."""
    return asyncio.run(_run_clients(base, token, paths, clients, seconds, timeout))


async def _run_clients(
    base: str, token: str, paths: Sequence[str], clients: int, seconds: float, timeout: float
) -> Counter[tuple[str, str]]:
    outcomes: Counter[tuple[str, str]] = Counter()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=timeout, limits=limits
    ) as client:
        deadline = time.monotonic() + seconds

        async def one_client(start: int) -> None:
            turn = start
            while time.monotonic() < deadline:
                path = paths[turn % len(paths)]
                turn += 1
                try:
                    response = await client.get(path)
                    outcomes[(kind_of(path), str(response.status_code))] += 1
                except httpx.HTTPError as exc:
                    outcomes[(kind_of(path), type(exc).__name__)] += 1

        await asyncio.gather(*(one_client(i * 7) for i in range(clients)))
    return outcomes
