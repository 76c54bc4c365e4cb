"""Words a manager uses: every string the checks put in a diagnosis — of a simulated demo org,
of the Maven CRM export and of a thin hand-made CSV — is free of internal keys, check ids,
snake_case, "field value" labels, plural slips, unreadable figures and amounts without their
currency (tests/wording_scan.py), and the scanner itself catches each of those."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest

from pipeline_doctor.diagnosis import Diagnosis, run_diagnosis
from pipeline_doctor.importers.maven.read import import_maven
from pipeline_doctor.model.labels import deals_phrase, segment_phrase, value_label
from pipeline_doctor.simulate import DEFAULT_PLANTS, SimulationConfig, simulate_into
from pipeline_doctor.store import Store
from pipeline_doctor.store.overview import overview
from pipeline_doctor.views.diagnosis_text import render_diagnosis
from pipeline_doctor.views.report_html import render_report
from pipeline_doctor.views.terminal import SafeConsole
from tests.conftest import require_shared_data
from tests.diagnosis.flat import Group, frame, import_frame
from tests.wording_scan import (
    Text,
    built_texts,
    diagnosis_texts,
    money_problems,
    problems_in,
    wording_problems,
)

Diagnosed = tuple[Diagnosis, list[str]]
"""A diagnosis and the rep ids that differ from the reps' names."""


RENDERED: dict[int, tuple[str, str]] = {}
"""Each diagnosis's rendered report (as the reader sees its text) and terminal output."""


def _diagnosed(store: Store) -> Diagnosed:
    reps = store.table("reps").to_pyarrow().to_pylist()
    ids = [str(r["id"]) for r in reps if r["name"] and r["name"] != r["id"]]
    dx = run_diagnosis(store, dated=True)
    terminal = io.StringIO()
    render_diagnosis(dx, SafeConsole(file=terminal, width=80), all_reps=True)
    RENDERED[id(dx)] = (page_text(render_report(overview(store), dx)), terminal.getvalue())
    return dx, ids


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diagnosed]:
    """The demo's sample org (its default planted defects), smaller."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store.open(path) as store:
        simulate_into(store, SimulationConfig(deals=3000, seed=42, plants=DEFAULT_PLANTS))
        yield _diagnosed(store)


@pytest.fixture(scope="module")
def maven(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diagnosed]:
    """The Maven CRM export (../shared/data), imported as a user would."""
    data = require_shared_data("maven-crm")
    with Store.open(tmp_path_factory.mktemp("maven") / "store.duckdb") as store:
        import_maven(store, data)
        yield _diagnosed(store)


SOURCES = '{ column = "Source", values = { Referral = "referral", Web = "inbound", "Cold Call" = "outbound_cold" } }'  # noqa: E501
BUDGET = '{ column = "Budget", values = { Unknown = "unknown", Yes = "known", No = "known" } }'


@pytest.fixture(scope="module")
def thin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Diagnosed]:
    """A spreadsheet with a few fields: owner, dates, result, amount in EUR, lead source,
    budget and one column of its own."""
    folder = tmp_path_factory.mktemp("thin")
    groups = [
        Group({"Source": "Referral", "Budget": "Yes", "Region": "North"}, closed=100, won=80,
              open=10),
        Group({"Source": "Cold Call", "Budget": "Unknown", "Region": "South"}, closed=150,
              won=15, open=30),
        Group({"Source": "Web", "Budget": "No", "Region": "South"}, closed=120, won=50, open=10),
    ]  # fmt: skip
    columns = {
        "source": SOURCES,
        "budget": BUDGET,
        "amount": '"Amount"',
        "currency": '{ const = "EUR" }',
        "extra": '{ extra = ["Region"] }',
    }
    with Store.open(folder / "thin.duckdb") as store:
        import_frame(store, folder, frame(groups), columns)
        yield _diagnosed(store)


ORGS = ("demo", "maven", "thin")


@pytest.mark.parametrize("org", ORGS)
def test_the_checks_speak_a_managers_words(org: str, request: pytest.FixtureRequest) -> None:
    dx, rep_ids = request.getfixturevalue(org)
    texts = diagnosis_texts(dx)
    assert dx.findings, "an org with nothing found would test nothing"
    assert len(texts) > 20
    assert problems_in(texts, currency=dx.currency, rep_ids=rep_ids) == []


def test_the_thin_org_states_its_money_in_its_currency(thin: Diagnosed) -> None:
    dx, _ = thin
    assert dx.currency == "EUR"  # so every amount of 4 digits or more was looked at
    assert any("EUR" in t.text for t in diagnosis_texts(dx))


def test_segments_and_values_are_named_as_a_manager_would(demo: Diagnosed) -> None:
    dx, _ = demo
    by_key = {f.scope.key: f for f in dx.findings if f.scope.kind == "segment"}
    cold = by_key.get("deals.source=outbound_cold")
    assert cold is not None, sorted(k for k in by_key if k)
    assert cold.scope.label == "Cold outbound deals"
    assert cold.metric.name == "win rate of Cold outbound deals"
    (table,) = [b for b in cold.breakdowns if b.name == "win_rate_by_value"]
    assert "Cold outbound" in {r["value"] for r in table.rows}
    assert table.columns[0].label == "Lead source"
    retail = by_key["accounts.industry=Retail"]
    assert retail.title == "Retail accounts rarely buy"
    assert retail.summary.startswith("Deals with Retail accounts win ")
    assert all(f.scope.label for f in dx.findings)  # "the team", a rep's name, a segment


@pytest.mark.parametrize("org", ORGS)
def test_the_headline_and_answer_speak_a_managers_words(
    org: str, request: pytest.FixtureRequest
) -> None:
    dx, rep_ids = request.getfixturevalue(org)
    assert problems_in(built_texts(dx), currency=dx.currency, rep_ids=rep_ids) == []


class _Reader(HTMLParser):
    """What a reader of the page sees: text outside <style>, and tooltips (title=)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        self.parts += [f"\n{v}\n" for k, v in attrs if k == "title" and v]
        if tag in (
            "p",
            "li",
            "tr",
            "td",
            "th",
            "div",
            "h1",
            "h2",
            "h3",
            "text",
            "tspan",
            "caption",
        ):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._style = False

    def handle_data(self, data: str) -> None:
        if not self._style:
            self.parts.append(data)


CELL = re.compile(r"[\d,.%–+-]+|[A-Za-z]{2,5}-?\d{3,}")
"""A line that is a table cell's number or a record id (judged by its column, not as money)."""


def page_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return "".join(reader.parts)


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("view", ["report", "terminal"])
def test_the_report_and_the_terminal_speak_a_managers_words(
    org: str, view: str, request: pytest.FixtureRequest
) -> None:
    dx, rep_ids = request.getfixturevalue(org)
    report, terminal = RENDERED[id(dx)]
    text = report if view == "report" else terminal
    assert dx.headline.split()[0] in text
    # each line a text of its own: a table cell's number is judged by its column
    lines = [
        Text(f"{view} line {i}", line, data=bool(CELL.fullmatch(line.strip(" │"))))
        for i, line in enumerate(text.splitlines())
        if line.strip()
    ]
    problems = [
        f"{t.where}: {p} — {t.text!r}"
        for t in lines
        for p in wording_problems(
            t.text, currency=None if t.data else dx.currency, rep_ids=rep_ids, repeats=False
        )
    ]
    assert problems == []
    assert "?" not in re.findall(r"data from \S+", text)


@pytest.mark.parametrize(
    ("attribute", "value", "cell", "segment", "deals"),
    [
        ("deals.source", "outbound_cold", "Cold outbound", "Cold outbound deals", None),
        ("deals.source", "other", "Other", "Deals from other sources", None),
        ("accounts.industry", "Retail", "Retail", "Retail accounts", "Deals with Retail accounts"),
        ("accounts.price_sensitivity", "price", "Buys on price", "Price-sensitive accounts",
         "Deals with price-sensitive accounts"),
        ("accounts.industry", None, "(not recorded)", "Accounts with no industry recorded",
         "Deals whose account has no industry recorded"),
        ("deals.budget", "unknown", "Unknown", "Deals where budget is unknown", None),
        ("deals.rep", "Dana Ruiz", "Dana Ruiz", "Dana Ruiz's deals", None),
        ("reps.team", "East", "East", "Deals of the East team", None),
        ("deals.extra.poutcome", "success", "success", "Deals whose poutcome is success", None),
        ("signal.close_pushed", "yes", "Deals whose close date was pushed twice or more",
         "Deals whose close date was pushed twice or more", None),
        ("deals.budget", "yes", "Deals where budget is unknown", "Deals where budget is unknown",
         None),
    ],
)  # fmt: skip
def test_one_labelling_for_every_value_and_segment(
    attribute: str, value: str | None, cell: str, segment: str, deals: str | None
) -> None:
    assert value_label(attribute, value) == cell
    assert segment_phrase(attribute, value) == segment
    assert deals_phrase(attribute, value) == (deals or segment)
    assert deals_phrase(attribute, value, start=False)[1:] == (deals or segment)[1:]


# -- the scanner can fail ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Accounts of industry Retail rarely buy",
        "win rate, account price sensitivity price",
        "win rate, lead source Cold outbound",
        "win rate, rep Dana Ruiz",
        "win rate, one contact or none involved had one contact or none involved",
        "win rate, the close date pushed twice or more had the close date pushed twice or more",
        "Win rate by lead source: outbound_cold",
        "your export has no deals.source",
        "Deals with industry = Retail",
        "signal.single_contact=yes",
        "raised by zombie_deals",
        "1 answers to 12 outbound calls",
        "reopened 1 times",
        "found 1 broken links",
        "+1 points",
        "12 activitys",
        "deals per activity: 0.0× against 0.0×",
        "deals per activity: 0.0062× against 0.037×",
        "open from ? to ?",
        "team: team",
        "win rate: nan",
        "R004's deals",
    ],
)
def test_the_scanner_flags_what_a_manager_would_not_write(text: str) -> None:
    assert wording_problems(text, rep_ids=["R004"]), text


@pytest.mark.parametrize(
    "text",
    [
        "Retail accounts rarely buy",
        "Deals where budget is unknown win 14% (5 of 36 closed deals) against 54% for the rest",
        "had budget, authority, need or timing unknown",
        "Win rate by account price sensitivity",
        "Cold outbound deals win 13% (178 of 1,383 closed deals) against 39% for the rest; "
        "Referral deals win 53% (392 of 740 closed deals) against 26% for the rest.",
        "1 in 4 deals; 1 deal was lost; 1 rep wins; 1 point; 1 yes",
        "3 more, not listed; to list them all, run with --set win_drivers.max_findings=13",
        "see docs/check_list.md, sales_pipeline.csv or https://example.com/a_b",
        "None of the reps",
        "Dana Ruiz's deals",
    ],
)
def test_the_scanner_lets_plain_words_pass(text: str) -> None:
    assert wording_problems(text, rep_ids=["R004"]) == []


def test_amounts_need_their_currency_when_it_is_known() -> None:
    assert money_problems("open deals worth 945,800 with 25 deals", "USD")
    assert money_problems("Deals of 1,000–3,257 win 83%", "USD")
    assert money_problems("(team median 3,365)", "USD")
    fine = (
        "25 open deals worth 945,800 USD; 1,373 of 4,465 closed deals; 8,800 deals; 1,204 calls, "
        "emails and meetings; in 2025; since 2025-07-10; Deals of 1,000–3,257 USD; 5000+ "
        "employees; 12,000 (mixed currencies)"
    )
    assert money_problems(fine, "USD") == []
    assert wording_problems("worth 945,800") == []  # the currency is unknown: nothing to add


def test_past_due_says_it_left_the_zombies_out(demo: Diagnosed) -> None:
    """The headline strip counts every overdue deal; the check leaves out the zombies (listed
    with the zombies) and says how many, so the two figures can be reconciled."""
    dx, _ = demo
    zombies = next(f for f in dx.findings if f.check == "zombie_deals")
    past = next(c for c in dx.checks if c.check == "past_due_deals")
    said = " ".join(past.judged) + " ".join(f.summary for f in dx.findings if f.check == past.check)
    left = re.search(r"leaving out (\d+) zombie deals? listed with the zombies", said)
    assert left, said
    assert 0 < int(left[1]) <= zombies.evidence.affected
