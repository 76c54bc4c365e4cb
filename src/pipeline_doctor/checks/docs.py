"""Generate docs/checks.md from the registry, so the catalogue's documentation cannot drift.

Run `python -m pipeline_doctor.checks.docs > docs/checks.md`."""

from __future__ import annotations

import inspect
import json

from pipeline_doctor.checks.base import AREAS
from pipeline_doctor.checks.registry import BUILTIN_CHECKS
from pipeline_doctor.diagnosis.result import DIAGNOSIS_SCHEMA_VERSION


def render_checks_markdown() -> str:
    """The catalogue as Markdown: one section per check with its parameters."""
    lines = [
        "# The checks",
        "",
        "Generated from the check registry (`src/pipeline_doctor/checks/`) by",
        "`python -m pipeline_doctor.checks.docs > docs/checks.md`; a test fails when it drifts.",
        "",
        "Each check measures one link of the sales process (an Ibis query) and judges the result",
        "against baselines from your own data (won deals, the rest of the team), with 95% Wilson",
        "intervals and per-rep rates shrunk toward the team. Override a parameter with",
        "`pipeline-doctor diagnose --set check_id.parameter=value` or a TOML file (`--config`)",
        "holding `[check_id]` tables.",
        "",
        "| check | link | title |",
        "|---|---|---|",
    ]
    for cls in BUILTIN_CHECKS:
        lines.append(f"| [`{cls.id}`](#{cls.id}) | {cls.area}. {AREAS[cls.area]} | {cls.title} |")
    lines.append("")
    for cls in BUILTIN_CHECKS:
        doc = " ".join(inspect.cleandoc(cls.__doc__ or "").split())
        lines += [
            f"## `{cls.id}`",
            "",
            f"**{cls.title}** — link {cls.area}, {AREAS[cls.area].lower()}.",
            "",
            doc,
            "",
            f"Needs: {', '.join(f'`{t}`' for t in cls.requires)} (skipped with a reason when "
            "empty).",
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
        f"**{DIAGNOSIS_SCHEMA_VERSION}**: `headline` and `answer` (plain sentences), `causes`",
        "(non-deal findings ranked by money at stake), `team` and `reps` (weakest stage,",
        "shrunk toward the team, and the ids of the upstream findings explaining it), `findings`",
        "(every finding: check, area, severity, title, summary, metric with baseline and",
        "interval, scope, evidence with a sample of record ids, money with how it was estimated,",
        "action, and optional `breakdowns`: small tables such as the funnel per source) and",
        "`checks` (status per check: findings, ok, skipped with a reason, error).",
        "The full JSON Schema is `pipeline_doctor.diagnosis.diagnosis_json_schema()`.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_checks_markdown(), end="")
