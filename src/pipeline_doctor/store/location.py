"""Where a store lives: what an existing file is, whether a path may become a new store, one
sentence for what the operating system refuses (a read-only folder, a full disk), a warning for
a disk nearly full, and a store URL fit to show (its password hidden).

DuckDB opens whatever path it is given; a CSV file even becomes an in-memory database with a
view over it, so an import "into" it writes nothing anywhere. Paths are therefore checked here
before DuckDB sees them.
"""

from __future__ import annotations

import codecs
import errno
import shutil
from pathlib import Path

from pipeline_doctor.errors import StoreError
from pipeline_doctor.filekind import BINARY, WORKBOOK, ZIP_ARCHIVE, is_duckdb, looks_like

STORE_SUFFIX = ".duckdb"
IN_MEMORY = ":memory:"
DUCKDB_FILE = "a DuckDB database"
CSV_FILE = "a CSV file"

_DAMAGED = ("a text file", BINARY, "an empty file")
"""What a damaged store file looks like (rather than another kind of file given by mistake)."""


def is_url(url: str) -> bool:
    """A backend URL (postgres://...) rather than a file path."""
    return "://" in url


HIDDEN = "***"
_SECRET_WORDS = ("pass", "pwd", "secret", "token")
"""Query parameters whose names hold one of these carry a secret (password=, sslpassword=)."""


def redact(url: str) -> str:
    """`url` fit to show in a message or an output: a password in it, before the host
    (postgres://user:secret@host/db) or as a query parameter (?password=secret), becomes ***;
    the user, host and database stay, so the store is still recognisable. A path is returned
    as it is. Parsed by hand, not by urllib: a password typed raw may hold "/", "?" or "@",
    so everything up to the last "@" is the user part (better too much hidden than shown)."""
    if not is_url(url):
        return url
    scheme, rest = url.split("://", 1)
    userinfo, at, after = rest.rpartition("@")
    if at and ":" in userinfo and not rest.startswith("/"):  # "///path": a file, no user
        rest = f"{userinfo.split(':', 1)[0]}:{HIDDEN}@{after}"
    rest, question, query = rest.partition("?")
    pairs = []
    for pair in query.split("&") if question else ():
        name, equals, _ = pair.partition("=")
        secret = equals and any(word in name.lower() for word in _SECRET_WORDS)
        pairs.append(f"{name}={HIDDEN}" if secret else pair)
    return f"{scheme}://{rest}{question}{'&'.join(pairs)}"


def file_kind(path: Path) -> str:
    """What the file at `path` looks like, as a noun phrase: "a DuckDB database", "a CSV
    file", "a PDF document", "an empty file" ... (from its first bytes, not its name)."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head:
        return "an empty file"
    if is_duckdb(head):
        return DUCKDB_FILE
    found = looks_like(path, head)
    if found is not None:
        return found[0]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    text = head.decode("utf-8", errors="ignore")  # a character cut in two at the end
    if text.lstrip().startswith(("{", "[")):
        return "a JSON file"
    first = text.splitlines()[0] if text.strip() else ""
    return CSV_FILE if any(d in first for d in ",;\t|") else "a text file"


def _instead(url: str, kind: str) -> str:
    """What the user probably meant by giving `url` (of `kind`) as the store."""
    if kind in (CSV_FILE, WORKBOOK, "a text file"):
        return f"did you mean `pipeline-doctor import csv {url}`?"
    if kind == ZIP_ARCHIVE:
        return f"did you mean `pipeline-doctor import {url}`?"
    return "give --db the store's file (such as pipeline.duckdb) or a new name ending in .duckdb."


def check_store_path(url: str, *, create: bool) -> None:
    """Refuse a path that cannot be a store before DuckDB opens it: an existing file that is
    not a DuckDB database, a folder, a new file whose name does not end in .duckdb (`create`),
    a missing parent folder. URLs and :memory: are left to the backend."""
    if is_url(url) or url == IN_MEMORY:
        return
    path = Path(url)
    if path.is_dir():
        raise StoreError(
            f"The store path {url} is a folder; give a file name such as "
            f"{path / 'pipeline.duckdb'}."
        )
    if path.exists():
        try:
            kind = file_kind(path)
        except OSError as exc:
            raise StoreError(f"Cannot read the store {url}: {os_error_reason(exc)}.") from None
        if kind == DUCKDB_FILE:
            return
        if path.suffix == STORE_SUFFIX and kind in _DAMAGED:
            raise StoreError(
                f"The store {url} is not a readable Pipeline Doctor database (it looks like "
                f"{kind}; it may be corrupt).",
                "Move it aside and import your data again into a new store.",
            )
        raise StoreError(f"{url} is {kind}, not a store; {_instead(url, kind)}")
    if not create:
        raise StoreError(
            f"There is no store at {url}.",
            "Run `pipeline-doctor demo` or `pipeline-doctor import ...` first, or pass --db.",
        )
    if path.suffix != STORE_SUFFIX:
        raise StoreError(
            f"{url} does not exist, and a new store's name must end in {STORE_SUFFIX} so that "
            f"it is never mistaken for an export; use {path.with_suffix(STORE_SUFFIX)}."
        )
    folder = path.parent
    if not folder.exists():
        raise StoreError(f"The folder for the store {url} does not exist.", "Create it first.")
    if not folder.is_dir():
        raise StoreError(f"Cannot create the store {url}: {folder} is a file, not a folder.")


_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "it is a folder",
}
_TEXT_REASONS = (
    ("No space left on device", errno.ENOSPC),
    ("Disk quota exceeded", errno.EDQUOT),
    ("Read-only file system", errno.EROFS),
    ("Permission denied", errno.EACCES),
)


def os_error_reason(exc: OSError) -> str:
    """Why the operating system refused, in a few plain words."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)


LOW_SPACE_SHARE = 0.01
LOW_SPACE_BYTES = 100_000_000
"""A disk is nearly full below 1% of it or 100 MB free, whichever is smaller (1% of a large
disk is plenty; 100 MB of a small one would be most of it)."""


def space_warning(url: str) -> str | None:
    """One sentence when the file system holding the store file `url` is nearly full (see
    LOW_SPACE_BYTES): the next command that writes the store needs room for a copy of it.
    None when there is room, or for a URL."""
    if is_url(url) or url == IN_MEMORY:
        return None
    path = Path(url)
    try:
        usage = shutil.disk_usage(path.parent)
        size = path.stat().st_size
    except OSError:
        return None
    if usage.free >= min(usage.total * LOW_SPACE_SHARE, LOW_SPACE_BYTES):
        return None
    return (
        f"Warning: the disk holding the store {url} is nearly full ({_megabytes(usage.free)} "
        f"free of {_megabytes(usage.total)}); the next import needs room for a copy of the "
        f"store ({_megabytes(size)})."
    )


def _megabytes(size: float) -> str:
    return f"{size / 1e6:,.1f} MB"


def os_error_in(exc: BaseException) -> OSError | None:
    """The operating-system refusal behind `exc`: an OSError, or a database error whose text
    carries one (DuckDB reports a full disk as "IO Error: ... No space left on device")."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return exc
    if not isinstance(exc, Exception):
        return None
    text = str(exc)
    for words, number in _TEXT_REASONS:
        if words in text:
            return OSError(number, words)
    return None
