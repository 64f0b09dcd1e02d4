"""Reconciliation against a large store: 100 batched queries, their time and how often they are right.

    .venv/bin/python bench/bench_reconcile.py [--sizes 10000 100000] [--queries 100] [--seed 7]

For each size: a fresh SQLite store of generated organizations, people, events, initiatives and
technologies (each with its name and one other name as aliases: an acronym, another word
order, a short form), the resolution index loaded once and 20 other queries answered (as a
running server has done before), then
one batch of queries written from known aliases with small changes (case, accents dropped,
word order, `Dr.`, a letter left out of a long word). Printed: the load time, the time of the batch through the reconciliation
API (`interop.reconcile.reconcile`), the time of a plain lookup of the same texts by their
normalized alias key (the baseline) and the ratio, and the share of queries whose right entity
comes first (for the reconciler and for the plain lookup).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, insert, select

from greenbridge.interop.reconcile import parse_queries, reconcile
from greenbridge.resolve.index_store import store_index
from greenbridge.resolve.normalize import name_key
from greenbridge.store.db import make_engine, make_sessionmaker, transaction, upgrade
from greenbridge.store.models import Alias, Entity

GIVEN = ["Amara", "Bilal", "Chen", "Daniela", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jomo", "Kenji", "Leila", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sanjay", "Tamar", "Uche", "Vera", "Wen", "Ximena", "Yusuf", "Zola"]  # fmt: skip
FAMILY_PARTS = ["ok", "on", "ba", "mi", "ra", "sen", "tu", "li", "var", "do", "ke", "zan", "por", "ish", "ela", "mar", "gun", "bor", "hal", "ti", "ne", "sa", "ruk", "vel", "ota", "fin"]  # fmt: skip
PLACES = ["Nakuru", "Arequipa", "Kisumu", "Tarija", "Mopti", "Sylhet", "Kandy", "Gyumri", "Taraz", "Jinja", "Hoi", "Cusco", "Tamale", "Mzuzu", "Erbil", "Osh", "Kumasi", "Dodoma", "Sfax", "Oran", "Aswan", "Gondar", "Kigoma", "Lobito"]  # fmt: skip
TOPICS = ["Solar", "Water", "Soil", "Forest", "Hydrogen", "Climate", "Wind", "Coastal", "Desert", "Rice", "Cocoa", "Bamboo", "Geothermal", "Wetland", "Mangrove", "Glacier", "Dryland", "Biomass", "Tidal", "Grid"]  # fmt: skip
ORG_HEADS = ("Research Institute", "Academy", "University", "Energy Company", "Centre",
             "Laboratory", "Association", "Foundation", "Agency", "Cooperative")  # fmt: skip
TECH_HEADS = ("Drip Irrigation", "Mini-Grid", "Heat Pump", "Biochar Kiln", "Fog Net",
              "Seed Bank", "Desalination Unit", "Cold Store")  # fmt: skip
COUNTRIES = ("KE", "PE", "ML", "BD", "LK", "AM", "KZ", "UG", "VN", "GH", "MW", "IQ")
KINDS = ("research_institute", "university", "company", "ngo", "government", "association")


def _family(rng: random.Random) -> str:
    return "".join(rng.sample(FAMILY_PARTS, 3)).title()


def generate(n: int, rng: random.Random) -> list[tuple[str, str, list[str], dict[str, str]]]:
    """`n` entities whose names and other names are each one entity's only (a query of a name
    that two entities share has no right answer): (type, name, other names, attributes)."""
    seen: set[tuple[str, str]] = set()
    found = []
    while len(found) < n:
        kind, name, others, attributes = _one(rng, len(found))
        if (kind, name_key(name, kind)) in seen:
            continue
        others = [o for o in others if (kind, name_key(o, kind)) not in seen]
        seen |= {(kind, name_key(o, kind)) for o in (name, *others)}
        found.append((kind, name, others, attributes))
    return found


def _one(rng: random.Random, i: int) -> tuple[str, str, list[str], dict[str, str]]:
    country = rng.choice(COUNTRIES)
    roll = i % 10
    if roll < 4:
        words = f"{rng.choice(PLACES)} {rng.choice(TOPICS)} {rng.choice(TOPICS)}"
        name = f"{words} {rng.choice(ORG_HEADS)}"
        acronym = "".join(w[0] for w in name.split() if w[0].isupper())
        return "organization", name, [acronym], {"country": country, "kind": rng.choice(KINDS)}
    if roll < 7:
        given, family = rng.choice(GIVEN), _family(rng)
        return "person", f"{given} {family}", [f"{family.upper()} {given}"], {"country": country}
    if roll < 8:
        place, year = rng.choice(PLACES), rng.randint(2005, 2030)
        name = f"{rng.choice(TOPICS)} {rng.choice(TOPICS)} Forum {place} {year}"
        return "event", name, [f"{place} {year} Forum"], {"country": country}
    if roll < 9:
        topics = " ".join(rng.sample(TOPICS, 3))  # enough names for 100k entities
        name = f"{rng.choice(PLACES)} {topics} Initiative"
        return "initiative", name, [], {}
    name = f"{rng.choice(TOPICS)} {rng.choice(TOPICS)} {rng.choice(TECH_HEADS)} {rng.randint(1, 999)}"  # fmt: skip
    return "technology", name, [], {}


def build(engine: Engine, entities: list[tuple[str, str, list[str], dict[str, str]]]) -> None:
    rows, aliases = [], []
    for i, (kind, name, others, attributes) in enumerate(entities, start=1):
        rows.append({"id": i, "type": kind, "name": name, "attributes": attributes})
        for alias in (name, *others):
            aliases.append({"entity_id": i, "name": alias, "normalized": name_key(alias, kind)})
    with transaction(engine) as session:
        for start in range(0, len(rows), 20_000):
            session.execute(insert(Entity), rows[start : start + 20_000])
        for start in range(0, len(aliases), 20_000):
            session.execute(insert(Alias), aliases[start : start + 20_000])


def query_texts(entities: list, count: int, rng: random.Random) -> list[tuple[int, str, str]]:
    """(right id, type, text) from known aliases with a reader's small changes."""
    picked = rng.sample(range(len(entities)), count)
    texts = []
    for position in picked:
        kind, name, others, _ = entities[position]
        text = rng.choice([name, *others])
        change = rng.randrange(5)
        if change == 4:
            text = _slip(text)
        elif change == 1:
            text = text.lower()
        elif change == 2 and kind == "person":
            text = "Dr. " + text
        elif change == 3 and " " in text:
            text = text.upper() if kind != "person" else " ".join(reversed(text.split()))
        texts.append((position + 1, kind, text))
    return texts


def _slip(text: str) -> str:
    """One letter left out of the longest word (a typing slip), when it has seven or more."""
    words = text.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 7:
        words[longest] = word[:3] + word[4:]
    return " ".join(words)


def plain_lookup(engine: Engine, texts: list[tuple[int, str, str]]) -> tuple[float, float]:
    """Time and share right of the baseline: the first entity with the text's alias key."""
    right = 0
    started = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        for expected, kind, text in texts:
            found = session.scalar(
                select(Alias.entity_id)
                .where(Alias.normalized == name_key(text, kind))
                .order_by(Alias.entity_id)
                .limit(1)
            )
            right += found == expected
    return time.perf_counter() - started, right / len(texts)


def reconciled(engine: Engine, texts: list[tuple[int, str, str]]) -> tuple[float, float]:
    """Time and share right of one batch through the reconciliation API."""
    raw = json.dumps({f"q{i}": {"query": text, "type": kind, "limit": 3}
                      for i, (_, kind, text) in enumerate(texts)})  # fmt: skip
    started = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        answer = reconcile(session, parse_queries(raw))
    elapsed = time.perf_counter() - started
    right = sum(
        bool(answer[f"q{i}"]["result"]) and answer[f"q{i}"]["result"][0]["id"] == str(expected)
        for i, (expected, _, _) in enumerate(texts)
    )
    return elapsed, right / len(texts)


def run(size: int, queries: int, seed: int, folder: Path) -> None:
    rng = random.Random(seed)
    entities = generate(size, rng)
    engine = make_engine(f"sqlite:///{folder / f'reconcile-{size}.db'}")
    upgrade(engine)
    started = time.perf_counter()
    build(engine, entities)
    built = time.perf_counter() - started
    started = time.perf_counter()
    with make_sessionmaker(engine)() as session:
        store_index(session)
    loaded = time.perf_counter() - started
    reconciled(engine, query_texts(entities, 20, random.Random(seed + 1)))  # a server's first
    texts = query_texts(entities, queries, rng)  # answers load the word frequencies once
    base_time, base_right = plain_lookup(engine, texts)
    recon_time, recon_right = reconciled(engine, texts)
    print(f"{size:>7} entities  build {built:6.1f} s  index load {loaded:6.1f} s")
    print(f"        {queries} queries: reconcile {recon_time:.3f} s, plain alias lookup "
          f"{base_time:.3f} s, ratio {recon_time / base_time:.1f}x")  # fmt: skip
    print(f"        right entity first: reconcile {recon_right:.2f}, plain lookup {base_right:.2f}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            run(size, args.queries, args.seed, Path(folder))


if __name__ == "__main__":
    main()
