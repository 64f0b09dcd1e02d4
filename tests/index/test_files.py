"""Files beside the store are replaced whole: a failed write leaves the old file and no debris."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from greenbridge.index.files import save_npz, write_atomically


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "data.txt"
    write_atomically(target, lambda p: p.write_text("old"))

    def broken(partial: Path) -> None:
        partial.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(target, broken)
    assert target.read_text() == "old"
    assert [p.name for p in target.parent.iterdir()] == ["data.txt"]


def test_save_npz_writes_exactly_the_path(tmp_path: Path) -> None:
    target = tmp_path / "profiles.npz"
    save_npz(target, ids=np.arange(3))
    with np.load(target) as stored:
        assert stored["ids"].tolist() == [0, 1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["profiles.npz"]
