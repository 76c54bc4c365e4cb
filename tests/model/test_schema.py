"""The canonical model is one consistent definition."""

from __future__ import annotations

import pytest

from pipeline_doctor.model import schema
from pipeline_doctor.model.validate import ARROW_TYPES


def test_every_reference_points_at_an_earlier_or_same_table_key_column() -> None:
    seen: set[str] = set()
    for table in schema.TABLES:
        for col in table.columns:
            if col.references:
                target, column = col.references.split(".")
                assert target in seen | {table.name}, f"{table.name}.{col.name} -> {target}"
                assert column in schema.table(target).column_names
        seen.add(table.name)


def test_keys_types_and_orderings_name_real_columns() -> None:
    for table in schema.TABLES:
        names = set(table.column_names)
        assert len(names) == len(table.columns), f"duplicate column in {table.name}"
        assert set(table.key) <= names
        for col in table.columns:
            assert col.type in ARROW_TYPES
            assert col.allowed is None or col.type == "string"
        for rule in table.orderings:
            assert rule.later in names
            assert rule.via is not None or rule.earlier in names


def test_vocabularies_cover_design_section_5() -> None:
    for source in ("referral", "partner", "inbound", "event", "outbound_cold", "purchased_list"):
        assert source in schema.SOURCES
    assert set(schema.ACTIVITY_KINDS) >= {"call", "email", "meeting", "referral_ask"}
    assert set(schema.LOST_REASONS) >= {"price", "competitor", "no_decision", "timing"}


def test_unknown_table_error_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known tables: reps"):
        schema.table("opportunities")
