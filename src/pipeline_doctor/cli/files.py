"""Files the commands write beside the store (the HTML report, exports, the ground truth):
checked before any work, written whole or not at all, and what the operating system refuses
(a read-only folder, a full disk) said in one sentence naming the path."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.store.location import os_error_in, os_error_reason


def refusal(path: Path, what: str, exc: BaseException) -> PipelineDoctorError | None:
    """`exc` as one sentence naming `path` when the operating system refused to write it."""
    refused = os_error_in(exc)
    if refused is None:
        return None
    reason = os_error_reason(refused)
    folder = path if path.is_dir() else path.parent
    if refused.errno == errno.ENOENT and folder.is_dir():  # /proc, a vanished mount ...
        reason = f"files cannot be created in {folder}"
    return PipelineDoctorError(f"Cannot write the {what} {path}: {reason}.")


@contextlib.contextmanager
def explained(path: Path, what: str) -> Iterator[None]:
    """Turn a refusal to write `path` (the `what`: report, export ...) into one sentence."""
    try:
        yield
    except PipelineDoctorError:
        raise
    except Exception as exc:
        error = refusal(path, what, exc)
        if error is None:
            raise
        raise error from None


def check_output_file(path: Path, what: str) -> None:
    """Refuse now, before any work, to write `path` where it cannot be written: a folder, a
    missing folder, a read-only or full one (a file is made there and removed to find out)."""
    if path.is_dir():
        raise PipelineDoctorError(f"The {what} path {path} is a folder; give a file name.")
    folder = path.parent
    if not folder.is_dir():
        reason = "is a file, not a folder" if folder.exists() else "does not exist"
        raise PipelineDoctorError(f"Cannot write the {what} {path}: the folder {folder} {reason}.")
    _probe(folder, path, what)


def check_output_folder(folder: Path, what: str) -> None:
    """Create `folder` if needed and make sure files can be written in it, before any work."""
    if folder.exists() and not folder.is_dir():
        raise PipelineDoctorError(f"Cannot write the {what} into {folder}: it is a file.")
    with explained(folder, what):
        folder.mkdir(parents=True, exist_ok=True)
    _probe(folder, folder, what)


def _probe(folder: Path, path: Path, what: str) -> None:
    with explained(path, what):
        fd, name = tempfile.mkstemp(dir=folder, prefix=".pipeline-doctor-", suffix=".probe")
        os.close(fd)
        os.unlink(name)


def write_text_whole(path: Path, text: str, what: str) -> None:
    """Write `text` (UTF-8) to `path` whole: see `write_bytes_whole`."""
    write_bytes_whole(path, text.encode("utf-8"), what)


def write_bytes_whole(path: Path, data: bytes, what: str) -> None:
    """Write `data` to `path` through a temporary file beside it, so an interruption or a full
    disk leaves the previous file (if any) as it was."""
    with explained(path, what):
        name = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
        # made as a new file is (the umask applies), unlike mkstemp's owner-only files
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                write_all(handle, data)
            if path.exists():
                shutil.copymode(path, name)
            os.replace(name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise


def write_all(handle: BinaryIO, data: bytes) -> None:
    """Write and flush `data` (a full disk shows here, before the file replaces another)."""
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())
