"""The coaching plan: the skills a rep should develop, ranked, each with the findings behind it
in figures and a few concrete moments to discuss; or, fairly, why there is no plan.

The rules:
- a finding calls for the skill its check declares (`Check.skill`); skills are ranked by
  their first finding in the diagnosis's order (money at stake where deals carry amounts, else
  expected wins; the rep's own habits before the lists of their deals), so the first item is
  the skill behind the rep's most costly finding;
- a finding met its own check's minimum sample, so a plan is given whenever there is one;
- without one, the review calls a rep free of skill gaps only with at least
  `MIN_CLOSED_DEALS` closed deals (the minimum a check needs behind a rate) and at least one
  check that judged them; otherwise it says "too little data", with how much there is and how
  much is needed: neither a verdict nor a clean bill of health."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pipeline_doctor.checks.base import Check
from pipeline_doctor.checks.findings import DealRef, Finding, Impact, Quote
from pipeline_doctor.checks.registry import BUILTIN_CHECKS
from pipeline_doctor.checks.skills import SKILLS, Skill
from pipeline_doctor.coaching.result import CheckNote, CoachingPlan, Moment, PlanItem, ReviewFinding
from pipeline_doctor.diagnosis.rank import impact_text
from pipeline_doctor.diagnosis.result import CheckSummary, Diagnosis
from pipeline_doctor.wording import days, money, pct, plural

MIN_CLOSED_DEALS: int = Check.model_fields["min_samples"].default
"""Closed deals a rep needs before the review says "no skill gap": the checks' default minimum
behind a rate (20)."""
MOMENTS = 3
"""Moments to discuss per skill."""

SKILL_OF: dict[str, Skill | None] = {cls.id: cls.skill for cls in BUILTIN_CHECKS}
"""Check id -> the skill its findings call for: a declaration of the check's class, which no
setting changes."""
SKILL_BY_KEY: dict[str, Skill] = {s.key: s for s in SKILLS}

MomentsFor = Callable[[Skill, int], list[Moment]]
"""moments_for(skill, most): up to `most` moments from the records (`coaching.moments`)."""


def review_findings(
    dx: Diagnosis, rep: str, skill_of: Mapping[str, Skill | None] = SKILL_OF
) -> list[ReviewFinding]:
    """The findings about `rep` and the deal lists touching the rep's deals (narrowed to those
    deals, their summary and what they put at stake recomputed for them), ordered as a rep's
    diagnosis orders them: broken links before differences, and among links the rep's own
    habits before the lists of their deals, otherwise in the diagnosis's order. Each carries
    the skill its check declares (links only)."""
    name = next((r.name for r in dx.reps if r.rep == rep), rep)
    picked: list[Finding] = []
    for f in dx.findings:
        mine = [d for d in f.deals if d.rep == rep]
        if not ((f.scope.kind == "rep" and f.scope.key == rep) or mine):
            continue
        picked.append(_narrowed(f, mine, name, dx.currency) if len(mine) < len(f.deals) else f)
    picked.sort(key=lambda f: (f.kind != "link", f.scope.kind != "rep" or bool(f.deals)))
    return [
        ReviewFinding(
            rank=i,
            skill=(s.key if (s := skill_of.get(f.check)) and f.kind == "link" else None),
            finding=f,
        )
        for i, f in enumerate(picked, start=1)
    ]


def _narrowed(f: Finding, mine: list[DealRef], name: str, currency: str | None) -> Finding:
    """A team's deal list cut to one rep's deals: the summary counts theirs, and what it puts at
    stake is their deals × the same win rate the list used."""
    win = f.impact.wins / f.evidence.affected if f.evidence.affected else 0.0
    amount = sum(d.amount or 0.0 for d in mine)
    worth = f", worth {money(amount, currency)}" if f.impact.money is not None and amount else ""
    whose = "is" if len(mine) == 1 else "are"
    listed = f"{len(f.deals)} deals on this list"
    if f.evidence.affected > len(f.deals):
        listed = f"{len(f.deals)} deals listed (the worst of {f.evidence.affected:,})"
    summary = f"{len(mine)} of the {listed} {whose} {name}'s{worth}."
    impact = Impact(
        wins=len(mine) * win,
        money=amount * win if f.impact.money is not None else None,
        how=f"{name}'s {plural(len(mine), 'deal')} on the list × the win rate of closed deals "
        f"({pct(win)})",
    )
    return f.model_copy(update={"deals": mine, "summary": summary, "impact": impact})


def evidence(f: Finding, currency: str | None) -> str:
    """A finding in a sentence with its figures and what it puts at stake."""
    return f"{f.title}: {f.summary} At stake: {impact_text(f.impact, currency)}."


def _deal_text(d: DealRef, currency: str | None) -> str:
    parts = [d.name or d.id]
    if d.account and d.account != d.name:
        parts[0] += f" ({d.account})"
    if d.amount:
        parts.append(money(d.amount, currency))
    if d.stage:
        parts.append(f"at {d.stage}")
    if d.age_days is not None:
        parts.append(f"open {days(d.age_days)}")
    return ", ".join(parts)


def finding_moments(findings: Sequence[Finding], most: int, currency: str | None) -> list[Moment]:
    """Quotes first (one per email or call before a second from the same one), then the deals
    of the findings' lists, worst first."""
    seen: set[str] = set()
    firsts: list[Quote] = []
    seconds: list[Quote] = []
    for q in (q for f in findings for q in f.quotes):
        (seconds if q.activity in seen else firsts).append(q)
        seen.add(q.activity)
    out = [
        Moment(kind="quote", date=q.date, activity=q.activity, deal=q.deal, text=q.text, why=q.why)
        for q in [*firsts, *seconds]
    ]
    out += [
        Moment(kind="deal", date=d.last_touch, deal=d.id, text=_deal_text(d, currency), why=d.note)
        for f in findings
        for d in f.deals
    ]
    return out[:most]


def check_notes(checks: Sequence[CheckSummary]) -> tuple[list[CheckNote], list[CheckNote]]:
    """The checks that judged the rep (healthy, with what they measured and what part they
    could not judge) and those that could not (too little data, skipped, failed)."""
    judged, not_judged = [], []
    for c in checks:
        note: dict[str, Any] = {"check": c.check, "title": c.title, "status": c.status}
        if c.status == "healthy":
            parts = [*c.judged, *(f"not judged: {x}" for x in c.not_judged)]
            judged.append(CheckNote(**note, text="; ".join(parts)))
        elif c.status in ("too_little_data", "skipped"):
            not_judged.append(CheckNote(**note, text=c.reason or ""))
        elif c.status == "error":
            not_judged.append(CheckNote(**note, text=f"failed: {c.reason or ''}"))
    return judged, not_judged


def build_plan(
    findings: Sequence[ReviewFinding],
    checks: Sequence[CheckSummary],
    *,
    name: str,
    closed: int,
    currency: str | None,
    moments_for: MomentsFor,
    needed: int = MIN_CLOSED_DEALS,
    skills: Mapping[str, Skill] = SKILL_BY_KEY,
) -> CoachingPlan:
    """The plan for one rep from their findings (in the diagnosis's order)."""
    groups: dict[str, list[Finding]] = {}
    for rf in findings:
        if rf.skill is not None:
            groups.setdefault(rf.skill, []).append(rf.finding)
    items: list[PlanItem] = []
    for key, found in groups.items():
        skill = skills[key]
        moments = finding_moments(found, MOMENTS, currency)
        moments += moments_for(skill, MOMENTS - len(moments)) if len(moments) < MOMENTS else []
        items.append(
            PlanItem(
                rank=len(items) + 1,
                skill=skill,
                findings=[f.id for f in found],
                evidence=[evidence(f, currency) for f in found],
                moments=moments[:MOMENTS],
            )
        )
    judged, not_judged = check_notes(checks)
    without = [rf.finding.id for rf in findings if rf.skill is None]
    status, text = _verdict(items, judged, len(not_judged), name, closed, needed, len(without))
    if items and findings and findings[0].skill is None:
        # the rep's largest finding is a symptom or a difference: say so beside the skills
        text += (
            f' {name}\'s largest finding, "{findings[0].finding.title}", says where deals are '
            "lost rather than why, so no one skill stands for it: see the findings."
        )
    return CoachingPlan(
        status=status,
        text=text,
        items=items,
        closed_deals=closed,
        needed=needed,
        judged_by=judged,
        not_judged=not_judged,
        without_skill=without,
    )


def _verdict(
    items: list[PlanItem],
    judged: list[CheckNote],
    not_judged: int,
    name: str,
    closed: int,
    needed: int,
    without: int,
) -> tuple[Any, str]:
    deals = plural(closed, "closed deal")
    if items:
        first = items[0].skill.name
        text = (
            f"{plural(len(items), 'skill')} to develop; first: {first}."
            if len(items) > 1
            else f"One skill to develop: {first}."
        )
        if closed < needed:
            text += (
                f" {name} has {deals} (a review needs {needed} to call a rep free of gaps); "
                "each finding here met its own check's minimum."
            )
        return "skill_gaps", text
    if closed < needed:
        return "too_little_data", (
            f"Too little data to review {name}: {deals}; {needed} are needed before the review "
            "judges a rep (the minimum a check needs behind a rate). This is not a verdict "
            "either way."
        )
    if not judged:
        return "too_little_data", (
            f"No verdict on {name}: {deals}, but no check could judge {name}'s habits (each "
            "lacked the records it needs or a field your export does not have: see what could "
            "not be judged). This is not a verdict either way."
        )
    text = (
        f"No skill gap found: {plural(len(judged), 'check')} judged {name} on {deals} and "
        "found nothing to fix."
    )
    if not_judged:
        text = (
            f"No skill gap found in what could be judged: {plural(len(judged), 'check')} judged "
            f"{name} on {deals} and found nothing to fix; {not_judged} could not judge (see "
            "what could not be judged), so this covers part of the sales process only."
        )
    if without:
        text += (
            f" {plural(without, 'finding')} about {name} name no one skill (where deals are "
            "lost, not why): see the findings."
        )
    return "no_skill_gap", text
