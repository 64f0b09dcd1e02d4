"""Chinese search benchmark: documents of generated Chinese text, searched through the bigram
index of migration 0010 (`greenbridge.store.search_documents`), against the baseline of a
substring scan of every text (`text LIKE '%word%'`) on the same store, in the same process.

For each size it prints the seconds to insert the documents with their search terms and
without (`search_cjk` left NULL), the size of the terms against the text and the time to
compute them, the median
milliseconds of a search for a common two-character word, a four-character word, two words and
a rare word, the baseline scan, and the ratio of the baseline to the bigram search.

    .venv/bin/python bench/bench_search_cjk.py [--sizes 2000 20000] [--repeat 5] [--postgres URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text

from greenbridge.store.cjk import cjk_terms
from greenbridge.store.db import make_engine, make_sessionmaker, upgrade
from greenbridge.store.entities import search_documents
from greenbridge.store.models import Document

WORDS = [
    "太阳能",
    "光伏",
    "风电",
    "储能",
    "电网",
    "节水",
    "灌溉",
    "海水",
    "淡化",
    "地热",
    "生物质",
    "氢能",
    "电池",
    "材料",
    "研究",
    "合作",
    "协议",
    "联合",
    "实验室",
    "中心",
    "大学",
    "科学院",
    "技术",
    "转移",
    "示范",
    "电站",
    "培训",
    "农业",
    "水资源",
    "气候",
    "变化",
    "减排",
    "低碳",
    "城市",
    "交通",
    "建筑",
    "节能",
    "监测",
    "卫星",
    "遥感",
    "数据",
    "平台",
    "项目",
    "双方",
    "签署",
    "启动",
    "建设",
    "推广",
    "应用",
    "国际",
    "会议",
    "论坛",
    "专家",
    "学者",
    "企业",
    "政府",
    "部门",
    "非洲",
    "亚洲",
    "拉美",
    "东盟",
    "丝路",
    "一带一路",
    "荒漠",
    "治理",
    "森林",
    "湿地",
    "保护",
    "土壤",
    "修复",
    "污水",
    "处理",
    "垃圾",
    "回收",
    "智能",
    "制造",
    "装备",
    "标准",
    "认证",
    "人才",
    "交流",
    "访问",
]
RARE = "碳捕集封存"  # written into one document in 500
QUERIES = {"two characters": "合作", "four characters": "海水淡化", "two words": "光伏 培训",
           "rare word": RARE}  # fmt: skip


def documents(count: int, chars: int = 1000) -> list[dict[str, object]]:
    """`count` texts of `chars` characters of words and punctuation, the same on every run."""
    rng = random.Random(7)
    rows = []
    for n in range(count):
        parts: list[str] = []
        while sum(map(len, parts)) < chars:
            sentence = "".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12)))
            parts.append(sentence + rng.choice("，。；"))
        if n % 500 == 0:
            parts.insert(len(parts) // 2, f"开展{RARE}技术研究。")
        body = "".join(parts)
        rows.append({"content_hash": f"{n:064x}", "title": body[:12], "media_type": "text/plain",
                     "size_bytes": len(body.encode()), "text": body})  # fmt: skip
    return rows


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def median_ms(work: Callable[[], object], repeat: int) -> float:
    return statistics.median(timed(work) for _ in range(repeat)) * 1000


def fill(engine: Engine, rows: list[dict[str, object]], *, terms: bool) -> float:
    """Seconds to insert `rows` (their search terms computed, or NULL)."""
    values = rows if terms else [{**row, "search_cjk": None} for row in rows]

    def insert_rows() -> None:
        with engine.begin() as connection:
            for start in range(0, len(values), 500):
                connection.execute(insert(Document), values[start : start + 500])

    seconds = timed(insert_rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE document"))
    return seconds


def run(engine: Engine, size: int, repeat: int, label: str) -> None:
    rows = documents(size)
    computing = timed(lambda: [cjk_terms(r["title"], r["text"]) for r in rows])  # type: ignore[arg-type]
    with_terms = fill(engine, rows, terms=True)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM document"))
    without = fill(engine, rows, terms=False)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM document"))
    fill(engine, rows, terms=True)
    with make_sessionmaker(engine)() as session:
        chars = session.scalar(select(func.sum(func.length(Document.text))))
        terms = session.scalar(select(func.sum(func.length(Document.search_cjk))))
        print(f"{label} {size} documents: insert {with_terms:.2f} s with terms, "
              f"{without:.2f} s without ({with_terms / without:.2f}x); "
              f"terms {terms / chars:.2f} characters per text character, computed in "
              f"{computing / size * 1000:.2f} ms per document")  # fmt: skip
        for name, query in QUERIES.items():
            found = len(search_documents(session, query, limit=20))
            bigram = median_ms(lambda q=query: search_documents(session, q, limit=20), repeat)
            words = query.split()
            like = " AND ".join(f"text LIKE :w{i}" for i in range(len(words)))
            scan = text(f"SELECT id FROM document WHERE {like} ORDER BY id DESC LIMIT 20")
            params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
            baseline = median_ms(lambda s=scan, p=params: session.execute(s, p).all(), repeat)
            print(f"  {name:16} {query:10} {found:3} hits  bigram index {bigram:8.2f} ms  "
                  f"LIKE scan {baseline:8.2f} ms  ratio {baseline / bigram:6.1f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose tables may be created")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            upgrade(engine)
            run(engine, size, args.repeat, "sqlite")
            engine.dispose()
        if args.postgres:
            run_postgres(args.postgres, size, args.repeat)


def run_postgres(url: str, size: int, repeat: int) -> None:
    """The same run in a schema of its own, dropped afterwards."""
    schema = "gb_bench_search_cjk"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade(engine)
        run(engine, size, repeat, "postgresql")
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    main()
