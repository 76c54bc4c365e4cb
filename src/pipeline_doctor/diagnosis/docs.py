"""Generate docs/checks.md from the registry, so the catalogue's documentation cannot drift.

Run `python -m pipeline_doctor.diagnosis.docs > docs/checks.md`."""

from __future__ import annotations

import inspect
import json

from pipeline_doctor.checks.base import AREAS
from pipeline_doctor.checks.contrast import MIN_FLOOR, MIN_RATIO
from pipeline_doctor.checks.registry import BUILTIN_CHECKS, NOT_CHECKED_YET
from pipeline_doctor.diagnosis.result import DIAGNOSIS_SCHEMA_VERSION

INTRO = """\
# The checks

Generated from the check registry (`src/pipeline_doctor/checks/`) by
`python -m pipeline_doctor.diagnosis.docs > docs/checks.md`; a test fails when it drifts.

Each check looks at one link of the sales process, or (`win_drivers`) at every attribute of a
deal. It *measures* (queries built with Ibis, so they run on DuckDB, Postgres or Spark) and then
*judges* the small result against baselines from your own data: your won deals, the rest of the
team. Override a parameter with `pipeline-doctor diagnose --set check_id.parameter=value` or a
TOML file (`--config`) holding `[check_id]` tables.

## What a check can say

Every check ends in one of five statuses, shown in the terminal, the report and the JSON:

- **findings** — something is wrong (a *broken link*), or deals with some value win clearly more
  or less often than the rest (*won against lost*, a driver).
- **healthy** — the check judged the data and found nothing; it says what it measured and the
  threshold it judged against ("15% of meetings ended without a next step; ceiling 40%").
- **too little data** — there is data, but less than the check needs to judge; it says how much
  there is and how much is needed ("18 closed deals; 40 needed").
- **skipped** — your export lacks what the check needs, named in your words ("your export has no
  lost reason field"). A field no import provided is *absent*; an empty cell is *not recorded*;
  a value such as budget "unknown" is data. Checks never treat an absent field as a finding.
- **error** — the check failed; that is a bug to report.

"Healthy" is only ever said of data a check judged. When a check could judge part of its job
(zombie deals from their age when there are no activities, say), the result lists the parts it
could not judge.

## How a difference counts

*For a manager.* A finding needs two things: the difference must be clear (not the luck of a
small sample) and big enough to act on. Clear means the 95% interval around the gap leaves out
"no difference", after allowing for the many comparisons made at once. Big enough means a gap
of 10 points or more, or, where rates are low, one rate at least {ratio}× the other with a gap
of at least {floor} points (5% against 15% matters when most deals are lost). Each side needs
a minimum number of closed deals (20 by default). Per-rep rates are pulled toward the team's
rate in proportion to how little data the rep has, so a rep with a few deals does not shout.

*For a statistician.* Rates carry Wilson score intervals. A value of an attribute is compared
with every other closed deal (value against rest): the difference has Newcombe's hybrid score
interval (method 10, from the two Wilson intervals) and a pooled two-proportion z-test.
Benjamini–Hochberg controls the false-discovery rate (5% by default, `fdr`) over every
comparison a check makes; each check is its own family, which keeps the overall proportion of
false discoveries near the same rate. A contrast is reported when its q-value is at most `fdr`,
its interval excludes zero, and it is practical: |gap| ≥ `min_gap`, or ratio ≥ {ratio} with
|gap| ≥ {floor}. Per-rep rates are shrunk toward the rest of the team with a beta-binomial prior
fitted by the method of moments; a rep is flagged when the shrunk gap reaches `min_gap` and the
rep's own Wilson interval excludes the rest of the team's rate. A team share is flagged against
a ceiling only when its whole interval lies above the ceiling. `tests/checks/test_stats.py`
checks every formula against statsmodels.

## What a finding puts at stake

Findings are ranked broken links first, then differences between won and lost deals. Each says
what it puts at stake as *expected wins* (the deals affected × the win-rate gap) and, where your
deals carry amounts, as *money* with how it was estimated. Without amounts the diagnosis ranks
by expected wins and says "money unknown: no amounts"; it never prints a bare 0. A rep's problem
is valued at the rep's open pipeline × how much less often the rep wins than the rest of the
team: the most fixing it could return.

## Scope

`--team` and `--since` restrict the data every check reads; `--rep` narrows every figure to one
rep's deals while the rest of the team stays as the comparison. The scope is applied once, where
the tables are read (`facts.context`), so no check can forget it.
"""


def render_checks_markdown() -> str:
    """The catalogue as Markdown: statuses, statistics, then one section per check."""
    lines = [
        INTRO.format(ratio=f"{MIN_RATIO:g}", floor=round(100 * MIN_FLOOR)),
        "## The catalogue",
        "",
        "| check | link | title |",
        "|---|---|---|",
    ]
    for cls in BUILTIN_CHECKS:
        lines.append(f"| [`{cls.id}`](#{cls.id}) | {cls.area}. {AREAS[cls.area]} | {cls.title} |")
    lines += ["", "Not checked yet:", ""]
    lines += [f"- {area}. {AREAS[area]}: {text}" for area, text in NOT_CHECKED_YET.items()]
    lines.append("")
    for cls in BUILTIN_CHECKS:
        doc = " ".join(inspect.cleandoc(cls.__doc__ or "").split())
        needs = ", ".join(
            " or ".join(f"`{n}`" for n in need) if isinstance(need, tuple) else f"`{need}`"
            for need in cls.requires
        )
        lines += [
            f"### `{cls.id}`",
            "",
            f"**{cls.title}** — {cls.area}, {AREAS[cls.area].lower()}.",
            "",
            doc,
            "",
            f"Needs: {needs} (skipped, with the missing data named, without them).",
        ]
        if cls.answers:
            lines.append(f"Finds the simulator's planted kinds: {', '.join(cls.answers)}.")
        if cls.deal_list:
            lines.append(f"Lists deals ({cls.deal_list.replace('_', '-')} list).")
        if cls.skill is not None:
            lines.append(f"A rep's finding here calls for coaching: {cls.skill.name}.")
        lines += [
            "",
            f"Recommended action: {cls.action}",
            "",
            "| parameter | default | meaning |",
            "|---|---|---|",
        ]
        for name, field in cls.model_fields.items():
            desc = " ".join((field.description or "").split())
            lines.append(f"| `{name}` | `{json.dumps(field.default)}` | {desc} |")
        lines.append("")
    lines += [
        "## The diagnosis JSON",
        "",
        f"`pipeline-doctor diagnose --format json` prints schema version "
        f"**{DIAGNOSIS_SCHEMA_VERSION}**: `headline` and `answer` (plain sentences), `ranked_by`",
        '("money" or "wins"), `causes` (every finding, ranked 1..n), `team` (the subject\'s',
        "totals; under `--rep`, the rep's, with `rest_win_rate`) and `reps` (weakest stage,",
        "shrunk toward the team, and the ids of the upstream findings explaining it), `findings`",
        "(every finding: check, area, kind `link` or `driver`, severity, title, summary, metric",
        "with baseline and interval, scope, evidence, `impact` with expected `wins`, `money` or",
        "null, and how it was estimated, action, optional `breakdowns` and, for deal lists, the",
        "`deals` with `deal_list` `qualify_out` or `review`), `checks` (status per check with",
        "`judged`, `not_judged` and `reason`) and `not_checked` (links no check covers yet).",
        "The full JSON Schema is `pipeline_doctor.diagnosis.diagnosis_json_schema()`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_checks_markdown(), end="")
