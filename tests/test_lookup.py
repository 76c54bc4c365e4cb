"""Finding a rep or deal the user named: ids in any case, whole names without case or accents,
close names offered but never taken."""

from __future__ import annotations

import pytest

from pipeline_doctor.errors import PipelineDoctorError
from pipeline_doctor.lookup import resolve

REPS = {"R001": "Dara Okafor", "R002": "José Núñez", "R003": "Dara Lee", "R004": "Sam Wu",
        "R005": "Sam Wu", "R006": None}  # fmt: skip


def _error(wanted: str) -> str:
    with pytest.raises(PipelineDoctorError) as caught:
        resolve(REPS, wanted, "rep", "HINT")
    return str(caught.value)  # the message, then the hint


@pytest.mark.parametrize(
    ("wanted", "rep"),
    [("R001", "R001"), ("r002", "R002"), (" dara okafor ", "R001"), ("JOSE NUNEZ", "R002"),
     ("r006", "R006")],
)  # fmt: skip
def test_an_id_in_any_case_or_a_whole_name_is_found(wanted: str, rep: str) -> None:
    assert resolve(REPS, wanted, "rep", "HINT") == rep


def test_a_first_name_is_offered_never_taken() -> None:
    text = _error("Dara")
    assert "There is no rep called 'Dara'" in text
    assert "'Dara Okafor' (R001) or 'Dara Lee' (R003)" in text


def test_a_typo_is_offered() -> None:
    assert "Did you mean 'Dara Okafor' (R001)?" in _error("Dara Okafur")


def test_a_shared_name_asks_for_the_id() -> None:
    assert "2 reps are called 'sam wu'" in _error("sam wu")
    assert "R004, R005" in _error("sam wu")


def test_nothing_close_says_the_hint() -> None:
    assert _error("Quentin Zyx").endswith("HINT")
