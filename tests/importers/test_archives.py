"""Zip archives given as a Salesforce Data Export, made hostile or broken by hand: a bomb whose
members share one compressed kernel, files the importer does not need, two files for one
object, damaged and encrypted archives, paths that climb out and symbolic links."""

from __future__ import annotations

import random
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.importers.core import archive
from pipeline_doctor.importers.core.archive import MAX_RATIO, extract
from pipeline_doctor.importers.registry import detect_source
from pipeline_doctor.importers.salesforce.read import OBJECTS, import_salesforce
from pipeline_doctor.store import Store

MB = 1024**2
OBJECT_FILES = [f"{o}.csv" for o in OBJECTS]
HEADER = '"Id","Name","StageName","Amount","CloseDate","IsClosed","IsWon","OwnerId"\r\n'
ACCOUNTS = '"Id","Name","Industry"\r\n"001A0000001xyzwIAA","Acme","Retail"\r\n'


def _deals(count: int, prefix: str = "A") -> str:
    """An Opportunity.csv of `count` open deals with ids starting `006{prefix}`."""
    rows = (
        f'"006{prefix}{i:014d}","Deal {i}","Prospecting","10","2025-05-01","0","0",'
        '"005A0000000ownr"\r\n'
        for i in range(count)
    )
    return HEADER + "".join(rows)


def _zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, text in members.items():
            zipped.writestr(name, text)
    return path


# -- 1. a bomb of overlapping members ---------------------------------------------------------


def _overlapping_zip(path: Path, names: list[str], kernel: bytes) -> None:
    """Fifield's "better zip bomb": each member's deflate stream quotes the next member's
    local header in a stored block and then runs on into that member's data, so every member
    ends in the one compressed kernel and the archive unpacks it once per member."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data, output, header = packer.compress(kernel) + packer.flush(), kernel, b""
    entries: list[tuple[str, int, int, int]] = []
    for name in reversed(names):
        if header:  # quote the next member's header, then run on into its data
            data = b"\x00" + struct.pack("<HH", len(header), len(header) ^ 0xFFFF) + header + data
            output = header + output
        crc = zlib.crc32(output)
        header = (
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                len(output),
                len(name),
                0,
            )
            + name.encode()
        )
        entries.append((name, crc, len(data), len(output)))
    body = header + data
    directory, offset = b"", 0
    for name, crc, packed, size in reversed(entries):
        directory += (
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                packed,
                size,
                len(name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + name.encode()
        )
        offset += 30 + len(name) + 5  # the header, then the next member's 5-byte quote
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(names), len(names), len(directory), len(body), 0
    )
    path.write_bytes(body + directory + end)


@pytest.fixture
def bomb(tmp_path: Path) -> Path:
    """One member per Salesforce object, each well under the per-member ratio, together
    unpacking to ~13 times what any one does."""
    rows = random.Random(0)
    kernel = b"".join(
        rows.randbytes(8).hex().encode() + b"," + b"0" * 700 + b"\n" for _ in range(2000)
    )
    path = tmp_path / "bomb.zip"
    _overlapping_zip(path, OBJECT_FILES, kernel)
    with zipfile.ZipFile(path) as zipped:
        assert zipped.read(OBJECT_FILES[-1]) == kernel  # the construction is a readable zip
        members = zipped.infolist()
    assert all(m.file_size / m.compress_size < MAX_RATIO for m in members)
    assert sum(m.file_size for m in members) > 10 * MB
    assert path.stat().st_size < 50_000
    return path


def test_overlapping_members_are_refused(bomb: Path, store: Store, tmp_path: Path) -> None:
    with pytest.raises(PipelineDoctorError, match=r"bomb\.zip would unpack to .* limit"):
        import_salesforce(store, bomb)
    assert store.count("deals") == 0
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(PipelineDoctorError, match=r"more than its limit of 10\.0 MB"):
        extract(bomb, target, OBJECT_FILES, limit=10 * MB)
    assert not any(target.iterdir())


def test_bytes_are_counted_as_written_and_removed_when_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sizes are checked as declared first; this is the second line of defence, for sizes
    # that lie, so the declared check is turned off here
    monkeypatch.setattr(archive, "check_zip", lambda *args: None)
    path = _zip(
        tmp_path / "big.zip", {"Opportunity.csv": "x" * 6 * MB, "Account.csv": "y" * 6 * MB}
    )
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(PipelineDoctorError, match=r"more than its limit of 10\.0 MB"):
        extract(path, target, OBJECT_FILES, limit=10 * MB)
    assert not any(target.iterdir())


def test_no_more_than_the_free_disk_space(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive.shutil, "disk_usage", lambda path: SimpleNamespace(free=100))
    path = _zip(tmp_path / "export.zip", {"Opportunity.csv": _deals(3)})
    with pytest.raises(PipelineDoctorError, match=r"more than the 0\.0 MB free on the disk"):
        extract(path, tmp_path, OBJECT_FILES)


# -- 2. only the files the importer reads -----------------------------------------------------


def test_only_object_files_are_extracted(tmp_path: Path, store: Store) -> None:
    path = _zip(
        tmp_path / "export.zip",
        {
            "export/Opportunity.csv": _deals(3),
            "export/Account.csv": ACCOUNTS,
            "export/Case.csv": '"Id"\r\n"500A"\r\n',
            "export/Solution.csv": '"Id"\r\n"501A"\r\n',
            "export/Attachments/contract.pdf": b"%PDF-1.4\n",
        },
    )
    target = tmp_path / "out"
    target.mkdir()
    unpacked = extract(path, target, OBJECT_FILES)
    assert sorted(p.name for p in target.iterdir()) == ["Account.csv", "Opportunity.csv"]
    assert sorted(unpacked.skipped) == [
        "export/Attachments/contract.pdf",
        "export/Case.csv",
        "export/Solution.csv",
    ]
    assert detect_source(path).name == "salesforce"
    result = import_salesforce(store, path)
    assert (result.rows_loaded, result.rows_rejected) == (4, 0)
    assert result.location == str(path)
    assert any(n.startswith("3 files in export.zip not read") for n in result.notes), result.notes


# -- 3. two files for one object --------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("a/Opportunity.csv", "b/Opportunity.csv"), ("Opportunity.csv", "old/opportunity.csv")],
)
def test_two_files_for_one_object_are_refused(
    tmp_path: Path, store: Store, first: str, second: str
) -> None:
    path = _zip(tmp_path / "two.zip", {first: _deals(50, "A"), second: _deals(7, "B")})
    with pytest.raises(PipelineDoctorError) as raised:
        import_salesforce(store, path)
    assert first in str(raised.value)
    assert second in str(raised.value)
    assert store.count("deals") == 0


# -- 4. damaged and encrypted archives --------------------------------------------------------


def _export(path: Path, method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    """A small export, Account.csv first, and its bytes to damage."""
    with zipfile.ZipFile(path, "w", method) as zipped:
        zipped.writestr("Account.csv", ACCOUNTS)
        zipped.writestr("Opportunity.csv", _deals(3))
    return bytearray(path.read_bytes())


def _bad_crc(path: Path) -> None:
    data = _export(path, zipfile.ZIP_STORED)
    data[data.index(b"Prospecting")] ^= 0xFF  # in Opportunity.csv, the second member
    path.write_bytes(data)


def _bad_magic(path: Path) -> None:
    data = _export(path)
    data[data.index(b"PK\x03\x04", 4) : data.index(b"PK\x03\x04", 4) + 4] = b"XXXX"
    path.write_bytes(data)


def _encrypted(path: Path) -> None:
    data = _export(path)
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        while at >= 0:
            data[at + flags] |= 0x1
            at = data.find(signature, at + 4)
    path.write_bytes(data)


def _truncated(path: Path) -> None:
    path.write_bytes(_export(path)[:200])


def _unknown_method(path: Path) -> None:
    data = _export(path)
    for signature, method in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        at = data.index(signature)
        while at >= 0:
            data[at + method] = 9  # Deflate64, which Windows writes and Python cannot read
            at = data.find(signature, at + 4)
    path.write_bytes(data)


DAMAGED: dict[str, tuple[Callable[[Path], None], str]] = {
    "bad_crc": (_bad_crc, r"is damaged: Opportunity\.csv cannot be read \(Bad CRC-32"),
    "bad_magic": (_bad_magic, r"is damaged: Opportunity\.csv cannot be read \(Bad magic"),
    "encrypted": (_encrypted, r"is password-protected \(Account\.csv is encrypted\)"),
    "truncated": (_truncated, r"is damaged or truncated: its list of files cannot be read"),
    "unknown_method": (_unknown_method, r"uses a zip feature this tool cannot read"),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_damaged_archive_is_one_clear_sentence(kind: str, tmp_path: Path, store: Store) -> None:
    damage, expected = DAMAGED[kind]
    path = tmp_path / f"{kind}.zip"
    damage(path)
    for attempt in (
        lambda: import_salesforce(store, path),
        lambda: detect_source(path).load(store, path, None),  # `import FILE.zip`
    ):
        with pytest.raises(PipelineDoctorError, match=expected) as raised:
            attempt()
        assert str(raised.value).startswith(f"The archive {path} ")
        assert "unzip it" in str(raised.value).lower()
    assert store.count("accounts") == 0
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(PipelineDoctorError):
        extract(path, target, OBJECT_FILES)
    assert not any(target.iterdir())  # Account.csv, read before the damage, is removed


def test_the_command_exits_1_with_the_sentence(tmp_path: Path) -> None:
    for kind, command in (("bad_crc", ["salesforce"]), ("truncated", [])):
        path = tmp_path / f"{kind}.zip"
        DAMAGED[kind][0](path)
        db = str(tmp_path / f"{kind}.duckdb")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline_doctor.cli.app",
                "import",
                *command,
                str(path),
                "--db",
                db,
            ],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 1, proc.stderr
        last = proc.stderr.strip().splitlines()[-1]
        assert last.startswith(f"Error: The archive {path} "), proc.stderr
        assert "unexpected" not in proc.stderr


# -- paths that climb out, and links ----------------------------------------------------------


def test_member_paths_never_leave_the_target(tmp_path: Path, store: Store) -> None:
    path = _zip(
        tmp_path / "climb.zip",
        {
            "../../outside/Opportunity.csv": _deals(2),
            "/tmp/absolute/Account.csv": ACCOUNTS,
            "..\\..\\Contact.csv": '"Id","AccountId","LastName"\r\n',
        },
    )
    target = tmp_path / "deep" / "er" / "out"
    target.mkdir(parents=True)
    extract(path, target, OBJECT_FILES)
    assert sorted(p.name for p in target.iterdir()) == [
        "Account.csv",
        "Contact.csv",
        "Opportunity.csv",
    ]
    assert sorted(p.name for p in tmp_path.rglob("*.csv")) == sorted(
        p.name for p in target.iterdir()
    )
    assert import_salesforce(store, path).rows_loaded == 3


def test_symbolic_link_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr("Account.csv", ACCOUNTS)
        link = zipfile.ZipInfo("Opportunity.csv")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zipped.writestr(link, "/etc/passwd")
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(PipelineDoctorError, match=r"Opportunity\.csv in the archive .* symbolic"):
        extract(path, target, OBJECT_FILES)
    assert not any(target.iterdir())
