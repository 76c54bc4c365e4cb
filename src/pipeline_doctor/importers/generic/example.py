"""The worked example of docs/mapping.md: a flat "one row per opportunity" spreadsheet, the
mapping `--suggest-mapping` writes for it and the value lines a user fills in. Kept as code so
the docs show the real suggestion and a test imports the example as a user would."""

from __future__ import annotations

from pipeline_doctor.importers.core.csvparse import parse_csv
from pipeline_doctor.importers.generic.lines import TODO
from pipeline_doctor.importers.generic.mapping import render
from pipeline_doctor.importers.generic.profile import profile

FILE = "opportunities.csv"
CSV = """\
Opportunity,Company,Owner,Created,Closed,Stage,Value,Lead source,Budget,Decision maker known
Acme renewal,Acme,Dana Lee,2025-01-06,2025-02-14,Closed Won,12000,Existing customer,Yes,Yes
Globex pilot,Globex,Sam Ortiz,2025-01-09,2025-03-02,Closed Lost,8000,Trade show,No,No
Initech expansion,Initech,Dana Lee,2025-01-15,2025-02-20,Closed Won,15000,Customer referral,Yes,Yes
Umbrella platform,Umbrella,Sam Ortiz,2025-01-20,2025-03-28,Closed Lost,22000,Cold call,Unknown,No
Hooli analytics,Hooli,Priya Shah,2025-02-03,2025-03-10,Closed Won,9500,Website,Yes,No
Stark upgrade,Stark,Priya Shah,2025-02-11,,Proposal,18000,Partner,Yes,Yes
Wayne security,Wayne,Dana Lee,,,Discovery,,Podcast,Unknown,No
Cyberdyne trial,Cyberdyne,Sam Ortiz,2025-02-24,2025-04-01,Closed Lost,6000,Website,No,No
Soylent rollout,Soylent,Priya Shah,2025-03-03,,Proposal,11000,Customer referral,Yes,Yes
Tyrell pilot,,Dana Lee,2025-03-12,,Discovery,,Trade show,Unknown,No
"""
"""Ten opportunities: no id column, one deal without dates or value, one without a company."""

FILLED: dict[str, str] = {"Podcast": "inbound"}
"""What the user writes for each value the suggestion left as "?" (label -> target)."""


def suggested() -> str:
    """The mapping `--suggest-mapping` writes for the example spreadsheet."""
    return render([profile(parse_csv(CSV, FILE), True)])


def filled(mapping: str) -> str:
    """`mapping` with the "?" value lines set as FILLED says: the only edit a user makes."""
    lines = []
    for line in mapping.splitlines():
        for label, target in FILLED.items():
            if line.startswith(f'"{label}" = "{TODO}"'):
                line = line.replace(f'"{TODO}"', f'"{target}"', 1)
        lines.append(line)
    return "\n".join(lines) + "\n"


def edited_lines(mapping: str) -> list[tuple[str, str]]:
    """(before, after) of each line the user changes."""
    after = filled(mapping).splitlines()
    return [(a, b) for a, b in zip(mapping.splitlines(), after, strict=True) if a != b]
