"""Refuse corpus texts that share runs of words with the documents kept aside for acceptance.

Usage: python corpus/tools/check_unseen.py FILE...   (exit 1 when any file shares text)

The fingerprints (hashes of 8-word and 12-character runs) are read from
../shared/hooks/acceptance-fingerprints.txt beside the repository; this is the same test the
repository's before-stop hook applies, made stricter: two shared runs are enough to refuse a file
(the hook warns at three).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

FINGERPRINTS = Path(__file__).resolve().parents[3] / "shared/hooks/acceptance-fingerprints.txt"


def shared_runs(text: str, known: set[str]) -> int:
    words = re.findall(r"[a-z0-9]+", text.lower())
    hits = sum(
        hashlib.sha256(" ".join(words[i : i + 8]).encode()).hexdigest()[:16] in known
        for i in range(max(0, len(words) - 7))
    )
    han = "".join(re.findall(r"[\u3400-\u9fff]", text))
    hits += sum(
        hashlib.sha256(("zh:" + han[i : i + 12]).encode()).hexdigest()[:16] in known
        for i in range(max(0, len(han) - 11))
    )
    return hits


def main(paths: list[str]) -> int:
    if not FINGERPRINTS.is_file():
        print(f"no fingerprints at {FINGERPRINTS}", file=sys.stderr)
        return 2
    known = set(FINGERPRINTS.read_text().split())
    bad = 0
    for name in paths:
        hits = shared_runs(Path(name).read_text(errors="ignore"), known)
        print(f"{'REFUSED' if hits >= 2 else 'ok':8} {hits:4d} {name}")
        bad += hits >= 2
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
