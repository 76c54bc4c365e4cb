"""From check results to a diagnosis: root causes ranked by money at stake, each rep's and the
team's weakest link with the upstream findings that explain it, and a plain headline."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from pipeline_doctor.checks.base import AREAS
from pipeline_doctor.checks.common import pct
from pipeline_doctor.checks.findings import Finding
from pipeline_doctor.checks.funnel_leak import StageGap, weakest_links
from pipeline_doctor.diagnosis.links import upstream_areas
from pipeline_doctor.diagnosis.result import RepDiagnosis, RootCause, TeamDiagnosis, WeakestLink
from pipeline_doctor.stats import wilson

MIN_CLEAR_GAP = 0.1


def rank_causes(findings: list[Finding]) -> list[RootCause]:
    """Team, rep and segment findings ranked by money at stake (deal findings are counted
    under their check's team finding, not ranked one by one)."""
    per_check = Counter(f.check for f in findings if f.scope.kind == "deal")
    top = [f for f in findings if f.scope.kind != "deal"]
    top.sort(key=lambda f: (-f.money.amount, f.id))
    return [
        RootCause(
            rank=i + 1,
            finding=f.id,
            check=f.check,
            area=f.area,
            area_name=AREAS.get(f.area, str(f.area)),
            severity=f.severity,
            title=f.title,
            summary=f.summary,
            scope=f.scope,
            money=f.money.amount,
            deals_flagged=per_check[f.check] if f.scope.kind == "team" else 0,
        )
        for i, f in enumerate(top)
    ]


def _link(g: StageGap | None, min_samples: int) -> WeakestLink | None:
    if g is None:
        return None
    clear = g.gap >= MIN_CLEAR_GAP and g.rate.high < g.team.value and g.reached >= min_samples // 2
    return WeakestLink(
        stage=g.stage,
        rate=g.rate.value,
        baseline=g.team.value,
        shrunk=g.shrunk.value,
        reached=g.reached,
        clear=clear,
    )


def _explaining(
    link: WeakestLink | None, candidates: list[Finding], positions: dict[str, float]
) -> tuple[list[str], list[str]]:
    if link is None:
        return [], [f.id for f in candidates]
    areas = upstream_areas(link.stage, positions.get(link.stage, 0.5))
    inside = [f.id for f in candidates if f.area in areas and f.check != "rep_funnel_leak"]
    rest = [f.id for f in candidates if f.id not in inside]
    return inside, rest


def team_weakest(funnel: list[dict[str, Any]]) -> WeakestLink | None:
    """The team's weakest stage: where the most closed deals stopped, with its conversion
    against the average conversion of all stages."""
    totals: dict[str, list[int]] = {}
    for r in funnel:
        t = totals.setdefault(str(r["stage"]), [0, 0])
        t[0] += int(r["advanced"])
        t[1] += int(r["reached"])
    if not totals or not any(n for _, n in totals.values()):
        return None
    stage, (k, n) = max(totals.items(), key=lambda kv: (kv[1][1] - kv[1][0], kv[0]))
    mean = sum(a for a, _ in totals.values()) / max(1, sum(b for _, b in totals.values()))
    rate = wilson(k, n)
    return WeakestLink(
        stage=stage,
        rate=rate.value,
        baseline=mean,
        shrunk=rate.value,
        reached=n,
        clear=rate.high < mean,
    )


def diagnose_reps(
    rep_rows: list[dict[str, Any]],
    funnel: list[dict[str, Any]],
    findings: list[Finding],
    positions: dict[str, float],
    min_samples: int,
) -> list[RepDiagnosis]:
    worst = weakest_links(funnel)
    by_rep: dict[str, list[Finding]] = defaultdict(list)
    deals_by_rep: Counter[str] = Counter()
    money_by_rep: dict[str, float] = defaultdict(float)
    for f in findings:
        if f.scope.kind == "rep" and f.scope.key:
            by_rep[f.scope.key].append(f)
            money_by_rep[f.scope.key] += f.money.amount
        elif f.scope.kind == "deal" and "rep" in f.scope.attributes:
            deals_by_rep[f.scope.attributes["rep"]] += 1
    out = []
    for r in sorted(rep_rows, key=lambda r: str(r["rep"])):
        rep = str(r["rep"])
        link = _link(worst.get(rep), min_samples)
        inside, rest = _explaining(link, by_rep.get(rep, []), positions)
        closed = int(r["won"]) + int(r["lost"])
        out.append(
            RepDiagnosis(
                rep=rep,
                name=str(r["name"] or rep),
                team=r.get("team"),
                deals=int(r["deals"]),
                won=int(r["won"]),
                lost=int(r["lost"]),
                open=int(r["open"]),
                open_amount=float(r["open_amount"] or 0.0),
                win_rate=int(r["won"]) / closed if closed else None,
                weakest_link=link,
                explained_by=inside,
                other_findings=rest,
                deals_flagged=deals_by_rep[rep],
                money=float(money_by_rep[rep]),
            )
        )

    def urgency(r: RepDiagnosis) -> tuple[bool, float, str]:
        link = r.weakest_link
        gap = 0.0 if link is None else link.baseline - link.shrunk
        flagged = bool(r.explained_by or r.other_findings or (link and link.clear))
        return (not flagged, -gap, r.rep)

    return sorted(out, key=urgency)


def diagnose_team(
    totals: dict[str, Any],
    funnel: list[dict[str, Any]],
    findings: list[Finding],
    positions: dict[str, float],
) -> TeamDiagnosis:
    closed = int(totals["won"]) + int(totals["lost"])
    link = team_weakest(funnel)
    team_level = [f for f in findings if f.scope.kind in ("team", "segment")]
    inside, _ = _explaining(link, team_level, positions)
    return TeamDiagnosis(
        deals=int(totals["deals"]),
        won=int(totals["won"]),
        lost=int(totals["lost"]),
        open=int(totals["open"]),
        open_amount=float(totals["open_amount"] or 0.0),
        win_rate=int(totals["won"]) / closed if closed else None,
        weakest_link=link,
        explained_by=inside,
    )


def headline(team: TeamDiagnosis, causes: list[RootCause]) -> tuple[str, list[str]]:
    """A short plain answer first, then a few supporting lines."""
    closed = team.won + team.lost
    if team.deals == 0:
        return (
            "There are no deals to diagnose yet.",
            ["Import your CRM data (pipeline-doctor import ...) or run pipeline-doctor demo."],
        )
    rate = f"The team wins {pct(team.win_rate)} of closed deals ({team.won:,} of {closed:,})."
    if not causes:
        return (
            "No broken link stands out in this data. " + rate,
            ["Every check ran within its normal range, or was skipped for lack of data."],
        )
    first = causes[0]
    lines = [rate]
    lines += [f"{c.rank}. {c.title} — {c.summary} (at stake: {c.money:,.0f})" for c in causes[:3]]
    if team.weakest_link is not None:
        w = team.weakest_link
        lines.append(
            f"Most lost deals stop at {w.stage}: {pct(w.rate)} of deals there move on, "
            f"against {pct(w.baseline)} across all stages."
        )
    return first.summary, lines
