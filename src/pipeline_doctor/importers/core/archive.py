"""Read the files an importer needs out of a zip archive a user gives, treating it as hostile:
only the named members are written, each under its bare file name (no paths: no traversal),
and every archive that cannot be read as given (damaged, truncated, encrypted, ambiguous or a
zip bomb) is refused with one sentence naming it, never a traceback."""

from __future__ import annotations

import shutil
import stat
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.filekind import ZIP

MAX_UNPACKED = 20 * 1024**3
"""No archive unpacks to more than this, whatever its size."""
MAX_RATIO = 200
"""Real CSV exports compress 5 to 20 times; a member (or a whole archive) that unpacks to more
than 200 times its packed size is treated as a zip bomb."""
CHUNK = 1 << 20
BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError)
"""What zipfile raises on damaged data: bad CRC or magic number, corrupt deflate stream, data
that ends early, offsets a damaged directory gives (ValueError, OSError), unknown methods."""
AGAIN = "Download or copy it again, or unzip it with another tool and import the folder."
TOO_BIG = (
    f"An archive that unpacks to more than {MAX_RATIO} times its own size (or to more than "
    f"{MAX_UNPACKED // 1024**3} GB) is refused as a possible zip bomb; if this is a genuine "
    "export, unzip it yourself and import the folder."
)


@dataclass(frozen=True)
class Extracted:
    """What `extract` wrote, and the members it left in the archive (not needed)."""

    files: list[Path]
    skipped: list[str]


def is_zip(path: Path) -> bool:
    """Whether `path` is a zip archive, or a file that starts like one: a truncated download
    is then reported as a damaged archive rather than as "not an export"."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(4)
    return head.startswith(ZIP) or zipfile.is_zipfile(path)


def base_name(member: str) -> str:
    """A member's file name without its folders (either slash: Windows tools write '\\')."""
    return member.replace("\\", "/").rsplit("/", 1)[-1]


def open_zip(path: Path) -> zipfile.ZipFile:
    """The archive at `path`, or a clear error when its directory cannot be read."""
    try:
        return zipfile.ZipFile(path)
    except BROKEN as exc:
        if isinstance(exc, OSError) and exc.filename:  # not readable at all: said as it is
            raise
        raise PipelineDoctorError(
            f"The archive {path} is damaged or truncated: its list of files cannot be read "
            f"({_why(exc)}).",
            AGAIN,
        ) from exc


def file_names(path: Path) -> list[str]:
    """The bare names of the files in the archive at `path` (for detection)."""
    with open_zip(path) as archive:
        return [base_name(m.filename) for m in archive.infolist() if not m.is_dir()]


def unpack_limit(path: Path) -> int:
    """The most an archive may unpack to: MAX_RATIO times its size, at most MAX_UNPACKED.
    Members that do not overlap cannot exceed this unless one exceeds MAX_RATIO itself;
    members sharing compressed data (the same bytes unpacked many times) can."""
    return min(MAX_UNPACKED, MAX_RATIO * path.stat().st_size)


def check_zip(
    archive: zipfile.ZipFile,
    target: Path,
    limit: int = MAX_UNPACKED,
    members: list[zipfile.ZipInfo] | None = None,
) -> None:
    """Refuse, before anything is written, `members` (default: all) whose declared unpacked
    size is over the limit or the free disk space, or one that claims a bomb's ratio."""
    members = archive.infolist() if members is None else members
    total = sum(m.file_size for m in members)
    free = shutil.disk_usage(target).free
    if total > limit:
        raise PipelineDoctorError(
            f"The archive {archive.filename} would unpack to {_size(total)}, more than its "
            f"limit of {_size(limit)}.",
            TOO_BIG,
        )
    if total > free:
        raise PipelineDoctorError(
            f"The archive {archive.filename} would unpack to {_size(total)}, more than the "
            f"{_size(free)} free on the disk of {target}.",
            "Free some space, or unzip it yourself elsewhere and import the folder.",
        )
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise PipelineDoctorError(
                f"{member.filename} in the archive {archive.filename} unpacks to "
                f"{member.file_size:,} bytes from {member.compress_size:,}.",
                TOO_BIG,
            )


def extract(
    path: Path, target: Path, wanted: Collection[str], limit: int | None = None
) -> Extracted:
    """Write into `target` (an empty folder) the members whose bare name (in any case) is in
    `wanted`; leave the rest. The bytes are counted as they are written, so a bomb whose sizes
    lie or whose members share data stops at `limit` (default `unpack_limit`); on any failure
    what was written is removed."""
    limit = unpack_limit(path) if limit is None else limit
    with open_zip(path) as archive:
        members, skipped = _select(path, archive, {name.lower() for name in wanted})
        check_zip(archive, target, limit, members)
        files: list[Path] = []
        try:
            total = 0
            for member in members:
                files.append(target / base_name(member.filename))
                total = _copy(path, archive, member, files[-1], total, limit)
        except BaseException:
            for file in files:
                file.unlink(missing_ok=True)
            raise
    return Extracted(files, skipped)


def _select(
    path: Path, archive: zipfile.ZipFile, wanted: set[str]
) -> tuple[list[zipfile.ZipInfo], list[str]]:
    """The wanted members, refusing two with one name (one would silently replace the other),
    symbolic links and encrypted members; and the names of the members left out."""
    chosen: dict[str, zipfile.ZipInfo] = {}
    skipped: list[str] = []
    for member in archive.infolist():
        if member.is_dir():
            continue
        name = base_name(member.filename).lower()
        if name not in wanted:
            skipped.append(member.filename)
            continue
        if name in chosen:
            raise PipelineDoctorError(
                f"The archive {path} holds both {chosen[name].filename} and {member.filename}, "
                "and only one of them can be imported.",
                "Keep the one you mean (one export per archive) and import again.",
            )
        if stat.S_ISLNK(member.external_attr >> 16):
            raise PipelineDoctorError(
                f"{member.filename} in the archive {path} is a symbolic link, not a file.",
                "Put the file itself in the archive.",
            )
        if member.flag_bits & 0x1:
            raise PipelineDoctorError(
                f"The archive {path} is password-protected ({member.filename} is encrypted).",
                "Unzip it with its password and import the folder.",
            )
        chosen[name] = member
    return list(chosen.values()), skipped


def _copy(
    path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, out: Path, total: int, limit: int
) -> int:
    """Stream one member to `out` (a new file: never an existing one or a link), stopping
    before the archive's `total` bytes written so far pass `limit`; the new total."""
    with out.open("xb") as handle:
        for chunk in _chunks(path, archive, member):
            total += len(chunk)
            if total > limit:
                raise PipelineDoctorError(
                    f"The archive {path} unpacks to more than its limit of {_size(limit)} "
                    f"(stopped in {member.filename}).",
                    TOO_BIG,
                )
            handle.write(chunk)
    return total


def _chunks(path: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes; damage found while reading becomes a clear error (errors writing
    them, such as a full disk, are raised where they are written, as they are)."""
    try:
        with archive.open(member) as source:
            while chunk := source.read(CHUNK):
                yield chunk
    except BROKEN as exc:
        what = (
            "uses a zip feature this tool cannot read"
            if isinstance(exc, NotImplementedError)
            else "is damaged"
        )
        raise PipelineDoctorError(
            f"The archive {path} {what}: {member.filename} cannot be read ({_why(exc)}).", AGAIN
        ) from exc


def _why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _size(count: int) -> str:
    return f"{count / 1024**3:.1f} GB" if count >= 1024**3 else f"{count / 1024**2:,.1f} MB"
