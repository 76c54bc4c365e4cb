"""Folders the operating system really refuses to write: read-only (chmod when not root, else a
read-only bind mount) and nearly full (a tiny tmpfs). Each skips with the reason when this
machine cannot make one (root in a container without mount rights, say)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> str | None:
    """Run mount; None when it worked, else why not."""
    try:
        done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    return None if done.returncode == 0 else (done.stderr.strip() or f"exit {done.returncode}")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30, check=False)


@contextlib.contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """Make `folder` (already holding what the test needs) read-only for the block."""
    folder.chmod(0o555)
    try:
        if not os.access(folder, os.W_OK):
            yield folder
            return
    finally:
        folder.chmod(0o755)
    # root ignores permissions: bind the folder onto itself, read-only
    why = _mount("--bind", str(folder), str(folder))
    if why is not None:
        pytest.skip(f"running as root and cannot bind-mount a read-only folder: {why}")
    try:
        why = _mount("-o", "remount,bind,ro", str(folder))
        if why is not None or os.access(folder, os.W_OK):
            pytest.skip(f"cannot make a read-only folder here: {why or 'still writable'}")
        yield folder
    finally:
        _unmount(folder)


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (such as "3m") mounted on `folder` for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    why = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
    if why is not None:
        pytest.skip(f"cannot mount a small tmpfs to fill up: {why}")
    try:
        yield folder
    finally:
        _unmount(folder)
