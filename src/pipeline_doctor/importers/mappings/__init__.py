"""Mappings shipped for public data sets that are not CRM exports (documented examples of the
mapping language): `import csv FILE --mapping bank-marketing` names one by its name alone."""

from __future__ import annotations

from pathlib import Path

from pipeline_doctor.errors import PipelineDoctorError

FOLDER = Path(__file__).parent


def shipped() -> list[str]:
    """The names of the shipped mappings ("bank-marketing", ...)."""
    return sorted(path.stem for path in FOLDER.glob("*.toml"))


def mapping_path(given: Path) -> Path:
    """The mapping file `given` names: itself when it exists, else the shipped mapping of that
    name; a one-sentence error naming the shipped ones when it is neither."""
    if given.exists():
        return given
    if given.parent == Path() and given.stem in shipped() and given.suffix in ("", ".toml"):
        return FOLDER / f"{given.stem}.toml"
    raise PipelineDoctorError(
        f"There is no mapping file {given}.",
        f"Shipped mappings, given by name alone: {', '.join(shipped())}.",
    )
