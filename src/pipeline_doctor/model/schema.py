"""The canonical sales data model: every table, column, type, nullability and allowed value.

This is the one definition in code (DESIGN section 5). Stores are created from it, writes are
validated against it, importers map onto it, docs are generated from it. Timestamps are UTC
(naive `timestamp` columns); amounts are in the deal's `currency` (the base currency of a rate
table when the import converted them, the original kept beside).

Real exports lack fields, so little is required: ids, a deal's rep, outcome and pipeline, and
what relates rows. Four things are kept apart: a column no import provided is *absent*
(`provided_columns` says which were provided); an empty cell in a provided column is *not
recorded* (null); a value such as budget `unknown` is data; a constant set by a mapping (a
pipeline called `default`) carries no information (`provided_columns.how = constant`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 6
"""Bump when a table or column changes; add a step to `model.migrations` for the old version."""

SOURCES = (
    "referral",
    "partner",
    "inbound",
    "event",
    "outbound_cold",
    "purchased_list",
    "existing_customer",
    "other",
)
"""Normalised lead/deal sources. The CRM's own label is kept in `source_detail`."""

BUYING_ROLES = ("decision_maker", "champion", "influencer", "technical", "user", "unknown")
OUTCOMES = ("open", "won", "lost")
LOST_REASONS = (
    "price",
    "functionality",
    "sales_tactic",
    "timing",
    "no_decision",
    "competitor",
    "other",
)
ACTIVITY_KINDS = ("call", "email", "meeting", "note", "task", "referral_ask")
DIRECTIONS = ("outbound", "inbound")
ACTIVITY_OUTCOMES = (
    "connected",
    "no_answer",
    "voicemail",
    "replied",
    "bounced",
    "held",
    "no_show",
    "sent",
    "done",
)
KNOWLEDGE = ("known", "unknown")
REP_ROLES = ("rep", "sdr", "manager", "executive", "admin")
REACH = ("regional", "national")
PRICE_SENSITIVITY = ("value", "price", "unknown")
INNOVATION_APPETITE = ("high", "medium", "low", "unknown")
LEAD_STATUSES = ("open", "converted", "disqualified")
SPEAKER_ROLES = ("rep", "buyer", "other")


@dataclass(frozen=True)
class Column:
    """One column: its Ibis type name, whether it may be null, and what values it admits."""

    name: str
    type: str  # an Ibis type name: string, int64, float64, boolean, date, timestamp
    nullable: bool = True
    allowed: tuple[str, ...] | None = None  # closed vocabulary for string columns
    minimum: float | None = None  # inclusive lower bound for numeric columns
    references: str | None = None  # "table.column" this value must exist in (when not null)
    doc: str = ""


@dataclass(frozen=True)
class Ordering:
    """A rule `later >= earlier` between two time columns; `earlier` may be `table.column`
    reached through the foreign key `via` (e.g. a stage change cannot precede its deal).
    It applies only where both times are recorded: a null on either side breaks nothing."""

    later: str
    earlier: str
    via: str | None = None  # local FK column used to reach `earlier` in another table
    why: str = ""


@dataclass(frozen=True)
class Table:
    """A canonical table: its columns, its key (for idempotent upserts) and its ordering rules."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str
    orderings: tuple[Ordering, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, type_: str = "string", **kw: object) -> Column:
    return Column(name, type_, **kw)  # type: ignore[arg-type]


def _req(name: str, type_: str = "string", **kw: object) -> Column:
    return Column(name, type_, nullable=False, **kw)  # type: ignore[arg-type]


REPS = Table(
    "reps",
    (
        _req("id"),
        _req("name"),
        _c("email"),
        _c("team"),
        _c("manager", references="reps.id", doc="the rep id of this person's manager"),
        _req("role", allowed=REP_ROLES),
        _c("hired_at", "date"),
    ),
    key=("id",),
    doc="Sales people, their team and manager.",
)

QUOTAS = Table(
    "quotas",
    (
        _req("rep", references="reps.id"),
        _req("period", doc="label such as 2025-Q1"),
        _req("period_start", "date"),
        _req("period_end", "date"),
        _req("amount", "float64", minimum=0),
    ),
    key=("rep", "period"),
    doc="Quota per rep and period.",
    orderings=(Ordering("period_end", "period_start", why="a period ends after it starts"),),
)

ACCOUNTS = Table(
    "accounts",
    (
        _req("id"),
        _req("name"),
        _c("industry"),
        _c("employees", "int64", minimum=0),
        _c("annual_revenue", "float64", minimum=0),
        _c("locations", "int64", minimum=0),
        _c("country"),
        _c("region"),
        _c("reach", allowed=REACH),
        _c("parent", references="accounts.id"),
        _c("price_sensitivity", allowed=PRICE_SENSITIVITY, doc="buys on value or lowest price"),
        _c("innovation_appetite", allowed=INNOVATION_APPETITE),
        _c("extra", doc="JSON object of source attributes with no canonical column"),
    ),
    key=("id",),
    doc="Companies sold to: demographics and psychographics.",
)

CONTACTS = Table(
    "contacts",
    (
        _req("id"),
        _c("account", references="accounts.id"),
        _c("name"),
        _c("title"),
        _c("email"),
        _c("buying_role", allowed=BUYING_ROLES, doc="null: not recorded"),
    ),
    key=("id",),
    doc="People at accounts and their role in buying.",
)

LEADS = Table(
    "leads",
    (
        _req("id"),
        _req("created_at", "timestamp"),
        _c("source", allowed=SOURCES, doc="null: not recorded"),
        _c("source_detail", doc="the CRM's own source label"),
        _c("referred_by", references="contacts.id"),
        _c("rep", references="reps.id"),
        _c("account", references="accounts.id"),
        _req("status", allowed=LEAD_STATUSES),
        _c("converted_at", "timestamp"),
        _c("deal", doc="deal id the lead converted into (deals refer back through deals.lead)"),
        _c("disqualified_reason"),
    ),
    key=("id",),
    doc="Leads by source, with referral links and conversion.",
    orderings=(Ordering("converted_at", "created_at", why="a lead converts after it is created"),),
)

DEALS = Table(
    "deals",
    (
        _req("id"),
        _c("name"),
        _c("account", references="accounts.id"),
        _req("rep", references="reps.id"),
        _c("lead", references="leads.id"),
        _c("source", allowed=SOURCES, doc="null: not recorded"),
        _c("source_detail", doc="the CRM's own source label"),
        _c("created_at", "timestamp", doc="null: not recorded (a deal never engaged)"),
        _c("expected_close", "date"),
        _c("closed_at", "timestamp"),
        _req("outcome", allowed=OUTCOMES),
        _c("amount", "float64", minimum=0),
        _c("currency", doc="ISO 4217 code"),
        _c(
            "original_amount",
            "float64",
            minimum=0,
            doc="the amount in the source's currency when the import converted it with a "
            "rate table; null when not converted",
        ),
        _c("original_currency", doc="the source's currency of a converted amount"),
        _req("pipeline", doc="`default` when the source has one pipeline and no name for it"),
        _c("stage"),
        _c("lost_reason_category", allowed=LOST_REASONS),
        _c("lost_reason_text"),
        _c("competitor"),
        _c("product"),
        _c("budget", allowed=KNOWLEDGE, doc="whether the budget was found out"),
        _c("authority", allowed=KNOWLEDGE, doc="whether the decision maker was found"),
        _c("need", allowed=KNOWLEDGE, doc="whether the need was established"),
        _c("timing", allowed=KNOWLEDGE, doc="whether the buying timeline was found out"),
        _c("extra", doc="JSON object of source attributes with no canonical column"),
        _c(
            "amount_estimated",
            "boolean",
            doc="true when the export had no amount and the import estimated it (a product's "
            "list price); null or false when the amount is the source's",
        ),
    ),
    key=("id",),
    doc="Opportunities: amount, stage, outcome, lost reason, qualification (BANT). Only the "
    "id, rep, outcome and pipeline are required: exports often lack the rest.",
    orderings=(Ordering("closed_at", "created_at", why="a deal closes after it is created"),),
)

STAGE_CHANGES = Table(
    "stage_changes",
    (
        _req("deal", references="deals.id"),
        _req("at", "timestamp"),
        _c("from_stage"),
        _req("to_stage"),
        _c("by"),
    ),
    key=("deal", "at", "to_stage"),
    doc="Every move of a deal between stages.",
    orderings=(
        Ordering("at", "deals.created_at", via="deal", why="a deal changes stage after creation"),
    ),
)

FIELD_CHANGES = Table(
    "field_changes",
    (
        _req("deal", references="deals.id"),
        _req("at", "timestamp"),
        _req("field", doc="expected_close, amount, outcome (reopenings), ..."),
        _c("old_value"),
        _c("new_value"),
    ),
    key=("deal", "at", "field"),
    doc="History of close-date pushes, amount changes and reopenings.",
    orderings=(
        Ordering("at", "deals.created_at", via="deal", why="a deal's field changes after creation"),
    ),
)

ACTIVITIES = Table(
    "activities",
    (
        _req("id"),
        _c("deal", references="deals.id"),
        _c("account", references="accounts.id"),
        _c("contact", references="contacts.id"),
        _c("rep", references="reps.id"),
        _req("at", "timestamp"),
        _req("kind", allowed=ACTIVITY_KINDS),
        _c("direction", allowed=DIRECTIONS),
        _c("outcome", allowed=ACTIVITY_OUTCOMES),
        _c("subject"),
        _c("body"),
        _c("duration_s", "int64", minimum=0),
        _c("agenda", doc="the meeting agenda text; null when there was none"),
        _c("next_step", doc="the agreed next step; null when none was agreed"),
        _c("next_step_due", "timestamp"),
        _c("participants", doc="contact ids present, separated by ';'"),
    ),
    key=("id",),
    doc="Calls, emails, meetings, notes, tasks and referral asks. Activities may precede "
    "their deal (work done on the lead), so no ordering against deals.created_at.",
    orderings=(Ordering("next_step_due", "at", why="a next step is due after it is agreed"),),
)

TRANSCRIPT_SEGMENTS = Table(
    "transcript_segments",
    (
        _req("activity", references="activities.id"),
        _req("seq", "int64", minimum=0),
        _c("speaker"),
        _req("speaker_role", allowed=SPEAKER_ROLES),
        _c("start_s", "float64", minimum=0),
        _c("end_s", "float64", minimum=0),
        _c("text"),
    ),
    key=("activity", "seq"),
    doc="Speaker-labelled call transcripts.",
    orderings=(Ordering("end_s", "start_s", why="a segment ends after it starts"),),
)

REFERRALS = Table(
    "referrals",
    (
        _req("id"),
        _req("referrer", references="contacts.id"),
        _c("referred_lead", references="leads.id"),
        _c("rep", references="reps.id", doc="the rep who asked"),
        _c("asked_at", "timestamp"),
        _c("introduced_at", "timestamp"),
    ),
    key=("id",),
    doc="Referral asks and the introductions they produced.",
    orderings=(Ordering("introduced_at", "asked_at", why="an introduction follows the ask"),),
)

STAGES = Table(
    "stages",
    (
        _req("pipeline"),
        _req("name"),
        _req("stage_order", "int64", minimum=0),
        _req("closed", "boolean"),
        _req("won", "boolean"),
    ),
    key=("pipeline", "name"),
    doc="The stages of each pipeline, in order, and which are closed/won.",
)

REJECTS = Table(
    "rejects",
    (
        _req("import_id"),
        _req("file"),
        _c("line", "int64", minimum=0),
        _c("column"),
        _c("raw_value"),
        _req("reason", doc="a stable reason code"),
        _c("message"),
    ),
    key=("import_id", "file", "line", "column"),
    doc="Every input row an import could not load, with where it was and why.",
)

IMPORTS = Table(
    "imports",
    (
        _req("id"),
        _req("source", doc="salesforce, hubspot, pipedrive, csv, simulator, ..."),
        _req("started_at", "timestamp"),
        _c("finished_at", "timestamp"),
        _c("location"),
        _req("rows_read", "int64", minimum=0),
        _req("rows_loaded", "int64", minimum=0),
        _req("rows_rejected", "int64", minimum=0),
        _c(
            "source_timezone",
            doc="IANA zone the source's times without a zone were read in (all times are "
            "stored as UTC); null for imports before schema version 3",
        ),
    ),
    key=("id",),
    doc="One row per import run: where from, the row accounting and the source time zone.",
)

DATA_TABLES: tuple[Table, ...] = (
    REPS,
    QUOTAS,
    ACCOUNTS,
    CONTACTS,
    LEADS,
    DEALS,
    STAGE_CHANGES,
    FIELD_CHANGES,
    ACTIVITIES,
    TRANSCRIPT_SEGMENTS,
    REFERRALS,
    STAGES,
)
"""The tables that hold sales data (the others record imports)."""

PROVIDED_HOW = ("data", "constant")
EXTRA_PREFIX = "extra."
"""`provided_columns.column_name` of an attribute kept in a table's `extra` JSON object."""

PROVIDED_COLUMNS = Table(
    "provided_columns",
    (
        _req(
            "import_id",
            doc="the `imports.id` of the import; `migrated-v3` for data stored "
            "before schema version 4 (inferred from the values then)",
        ),
        _req("table_name", allowed=tuple(t.name for t in DATA_TABLES)),
        _req(
            "column_name",
            doc="a canonical column of the table, or `extra.<SourceColumn>` for a source "
            "attribute kept in the table's `extra` JSON object",
        ),
        _req(
            "how",
            allowed=PROVIDED_HOW,
            doc="`data`: from a source column, an extra attribute or rows the mapping "
            "declares; `constant`: one value set by the mapping or the importer (such as "
            "pipeline `default`), which carries no information",
        ),
    ),
    key=("import_id", "table_name", "column_name"),
    doc="Which canonical columns each import filled, and how. A column no import provided is "
    "*absent*: the source does not have it, so checks that need it are skipped. In a provided "
    "column, an empty cell is *not recorded* (null), and a value such as budget `unknown` is "
    "data. Required columns are always filled, often by a constant.",
)

TALK_SHARE_BASES = ("time", "words")

EMAIL_ANALYSES = Table(
    "email_analyses",
    (
        _req("activity", references="activities.id"),
        _req("words", "int64", minimum=0, doc="words the rep wrote (quotes, signature removed)"),
        _c("grade", "float64", doc="Flesch-Kincaid reading grade; null for very short bodies"),
        _c("buyer_focus", "float64", doc="share of you/your among you/your and we/our/I"),
        _req("buyer_sentences", "int64", minimum=0),
        _req("self_sentences", "int64", minimum=0),
        _req("feature_sentences", "int64", minimum=0),
        _req("outcome_sentences", "int64", minimum=0),
        _c("call_to_action", doc="the sentence that asks the reader for something; null: none"),
        _req("personalised", "boolean", doc="names the buyer's company, people or situation"),
        _req(
            "template_copies",
            "int64",
            minimum=1,
            doc="outbound bodies in the store near-identical to this one, itself included",
        ),
        _c("moments", doc="JSON list of {text, why}: the sentences that drove the judgement"),
    ),
    key=("activity",),
    doc="What each outbound email's own words show (derived by `pipeline_doctor.text` from "
    "`activities.body`; rebuilt after every import).",
)

CALL_ANALYSES = Table(
    "call_analyses",
    (
        _req("activity", references="activities.id"),
        _req("segments", "int64", minimum=0),
        _req("rep_questions", "int64", minimum=0),
        _req("open_questions", "int64", minimum=0, doc="the rep's open questions"),
        _c("rep_talk_share", "float64", doc="the rep's share of talk (by time when known)"),
        _c("talk_share_basis", allowed=TALK_SHARE_BASES),
        _c("longest_monologue_s", "float64", minimum=0),
        _c("patience_s", "float64", doc="median pause before the rep answers the buyer"),
        _req(
            "topics_discussed", "int64", minimum=0, doc="how many of budget/authority/need/timing"
        ),
        _c("topics", doc="the qualification topics discussed, separated by ';'"),
        _c("next_step", doc="the sentence agreeing a next step with a date or day; null: none"),
        _req("feature_sentences", "int64", minimum=0, doc="rep sentences about the product"),
        _req("outcome_sentences", "int64", minimum=0, doc="rep sentences about buyer outcomes"),
        _c("moments", doc="JSON list of {segment, text, why}: the quoted moments"),
    ),
    key=("activity",),
    doc="What each transcribed call or meeting shows (derived by `pipeline_doctor.text` from "
    "`transcript_segments`; rebuilt after every import).",
)

DERIVED_TABLES: tuple[Table, ...] = (EMAIL_ANALYSES, CALL_ANALYSES)
"""Tables computed from the sales data (never imported); rebuilt by `conversations`."""

TABLES: tuple[Table, ...] = (
    REPS,
    QUOTAS,
    ACCOUNTS,
    CONTACTS,
    LEADS,
    DEALS,
    STAGE_CHANGES,
    FIELD_CHANGES,
    ACTIVITIES,
    TRANSCRIPT_SEGMENTS,
    REFERRALS,
    STAGES,
    REJECTS,
    IMPORTS,
    PROVIDED_COLUMNS,
    *DERIVED_TABLES,
)
"""All canonical tables, in an order where every reference points at an earlier table
(`leads.deal` is deliberately not a checked reference, since deals refer to leads)."""

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The canonical table called `name`, or a clear KeyError listing the known ones."""
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        known = ", ".join(TABLES_BY_NAME)
        raise KeyError(f"unknown table {name!r}; known tables: {known}") from None
