"""Files beside the store that other processes read while one writes them."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write `path` through `write(partial)` on a temporary name beside it, then rename it into
    place: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        write(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def save_npz(path: Path, **arrays: Any) -> None:
    """`numpy.savez` of `arrays` to exactly `path`, atomically."""

    def write(partial: Path) -> None:
        with partial.open("wb") as handle:
            np.savez(handle, **arrays)

    write_atomically(path, write)
