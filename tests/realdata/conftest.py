"""The real data sets of ../shared/data, each imported once per module into a store as a user
would (the importer it is detected by, or `import csv` with the mapping shipped in
pipeline_doctor/importers/mappings/) and diagnosed; skipped when the data is absent, a failure
under PIPELINE_DOCTOR_REQUIRE_DATA=1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.importers.core.mapping import load_mapping
from pipeline_doctor.importers.generic.read import import_csv
from pipeline_doctor.importers.mappings import mapping_path
from pipeline_doctor.importers.maven.read import import_maven
from pipeline_doctor.importers.salesforce.read import import_salesforce
from pipeline_doctor.store import Store
from tests.conftest import require_shared_data

Diagnosed = tuple[Store, Diagnosis, Path]


def _csv(tmp: Path, folder: str, file: str) -> Iterator[Diagnosed]:
    data = require_shared_data(folder)
    with Store.open(tmp / "store.duckdb") as store:
        mapping = load_mapping(mapping_path(Path(folder)))
        result = import_csv(store, [data / file], mapping)
        assert result.rows_read == result.rows_loaded + result.rows_rejected
        yield store, run_diagnosis(store), data / file


def _folder(tmp: Path, folder: str, importer: Any) -> Iterator[Diagnosed]:
    data = require_shared_data(folder)
    with Store.open(tmp / "store.duckdb") as store:
        result = importer(store, data)
        assert result.rows_read == result.rows_loaded + result.rows_rejected
        yield store, run_diagnosis(store), data


@pytest.fixture(scope="module")
def ibm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diagnosed]:
    folder = tmp_path_factory.mktemp("ibm")
    yield from _csv(folder, "ibm-sales-win-loss", "WA_Fn-UseC_-Sales-Win-Loss.csv")


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diagnosed]:
    yield from _csv(tmp_path_factory.mktemp("bank"), "bank-marketing", "bank-additional-full.csv")


@pytest.fixture(scope="module")
def maven(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diagnosed]:
    yield from _folder(tmp_path_factory.mktemp("maven"), "maven-crm", import_maven)


@pytest.fixture(scope="module")
def salesforce(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diagnosed]:
    yield from _folder(
        tmp_path_factory.mktemp("sf"), "salesforce-de-sample-export", import_salesforce
    )
