"""The deals entry of a suggested mapping for a flat "one row per deal" file, with the reps
(and accounts) its rows imply: recognised fields explained, an id and a rep for every deal,
optional fields offered commented out, columns with no canonical home kept as extra."""

from __future__ import annotations

from pipeline_doctor.importers.generic.lines import explained, extra_lines, toml, value_lines
from pipeline_doctor.importers.generic.profile import LISTED, Sample
from pipeline_doctor.importers.generic.recognise import Guess, Recognised
from pipeline_doctor.model.labels import field_label
from pipeline_doctor.model.schema import DEALS, Column

UNASSIGNED = "unassigned"
"""The one rep of a file that names no owner (and of rows whose owner is empty)."""
NOT_OFFERED = {
    "original_amount",
    "original_currency",
    "amount_estimated",
    "lead",
    "extra",
    "pipeline",
}
"""Deal columns the suggestion does not offer: filled by the import itself (conversion,
estimates), needing a leads table, or written separately."""


def _kind(col: Column) -> str:
    return f"{field_label(f'{DEALS.name}.{col.name}')} ({col.type})"


def _offered(col: Column) -> str:
    """A commented line for an optional field no column was recognised for."""
    example = (
        f'{{ column = "...", values = {{ ... = "{col.allowed[0]}" }} }}' if col.allowed else '"..."'
    )
    return f"# {col.name} = {example}   # {_kind(col)}"


def _reps(sample: Sample, guess: Guess | None) -> list[str]:
    """Reps derived from the owner column, or one "unassigned" rep when there is none."""
    lines = [
        "[[table]]",
        'name = "reps"',
        f"file = {toml(sample.name)}",
        "derived = true",
        "[table.columns]",
    ]
    if guess is None:
        head = "# reps: the file names no owner, so one rep holds every deal"
        rows = [f"id = {{ const = {toml(UNASSIGNED)} }}", 'name = { const = "Unassigned" }']
    else:
        head = f"# reps: each owner named in {guess.column!r} is a rep (delete if you import reps)"
        column = toml(guess.column)
        rows = [f"id = {guess.rule or column}", f"name = {guess.rule or column}"]
        if guess.rule:
            rows[1] = f'name = {{ column = {column}, default = "Unassigned" }}'
    return [head, *lines, *rows, ""]


def _accounts(sample: Sample, guess: Guess) -> list[str]:
    p = sample.column(guess.column)
    when = [f"when = {toml(guess.column)}   # rows with no account give none"]
    return [
        f"# accounts: each company named in {guess.column!r} is an account",
        "[[table]]",
        'name = "accounts"',
        f"file = {toml(sample.name)}",
        "derived = true",
        *(when if p.filled < sample.rows or not sample.complete else []),
        "[table.columns]",
        f"id = {toml(guess.column)}",
        f"name = {toml(guess.column)}",
        "",
    ]


def _deal_guesses(sample: Sample, found: Recognised, derive_reps: bool) -> dict[str, Guess]:
    """The recognised fields, completed with what every deal needs: an id and a rep."""
    guesses = dict(found.guesses)
    if "id" not in guesses:
        guesses["id"] = Guess(
            "",
            "no id column (none is unique and named or shaped like an id): ids are row-<line>",
            rule="{ row_number = true }",
        )
    rep = guesses.get("rep")
    if rep is None:
        guesses["rep"] = Guess(
            "", "no owner column: every deal to one rep", rule=f"{{ const = {toml(UNASSIGNED)} }}"
        )
    elif derive_reps and (sample.column(rep.column).filled < sample.rows or not sample.complete):
        rule = f"{{ column = {toml(rep.column)}, default = {toml(UNASSIGNED)} }}"
        guesses["rep"] = Guess(rep.column, rep.why, rule=rule)
    if "source" in guesses:
        guesses["source_detail"] = Guess(guesses["source"].column, "the CRM's own label")
    reason = guesses.get("lost_reason_text")
    if reason is not None and sample.column(reason.column).distinct <= LISTED:
        guesses["lost_reason_category"] = Guess(reason.column, "the reasons given, grouped")
    return guesses


def deal_entry(
    sample: Sample, found: Recognised, given: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """The deals entry (with the reps and accounts its rows imply, unless files of those
    tables are `given`: derived records would then compete with theirs) and what is left."""
    guesses = _deal_guesses(sample, found, derive_reps="reps" not in given)
    owner = found.guesses.get("rep")
    if owner is None:
        out = _reps(sample, None)  # the "unassigned" rep, whatever files are given
    else:
        out = [] if "reps" in given else _reps(sample, guesses["rep"])
    if "account" in guesses and "accounts" not in given:
        out += _accounts(sample, guesses["account"])
    out += [
        f"# {sample.name}: one row per deal",
        "[[table]]",
        'name = "deals"',
        f"file = {toml(sample.name)}",
        "[table.columns]",
        "# Required: id, rep, outcome. Every other field is optional: delete its line and it",
        "# is absent (checks that need it say so); uncomment a line to add a field.",
        '# pipeline = { const = "default" }   # one pipeline called "default" unless you say',
    ]
    vocab: list[str] = []
    todo: list[str] = []
    for col in DEALS.columns:
        if col.name in NOT_OFFERED:
            continue
        guess = guesses.get(col.name)
        if guess is None:
            if not col.nullable:
                out.append(f"# {col.name} = ...   # REQUIRED: {_kind(col)}; no column fits")
                todo.append(f"deals.{col.name} in {sample.name}: no column looks like it")
            else:
                out.append(_offered(col))
        elif col.allowed:
            vocab += value_lines("deals", col, sample.column(guess.column), guess)
        else:
            out += explained(f"{col.name} = {guess.rule or toml(guess.column)}", guess.why)
    out += extra_lines(sample, {g.column for g in guesses.values()})
    out += [f"# note: {note}" for note in found.notes]
    return [*out, "", *vocab], todo
