"""Plain names for the canonical tables, columns and vocabularies: what a manager reads where
the model says `lost_reason_category` or `outbound_cold`. One place, so every message and view
names a field the same way."""

from __future__ import annotations

from pipeline_doctor.model.schema import table

TABLE_CONTENTS: dict[str, str] = {
    "deals": "deals (opportunities)",
    "activities": "calls, emails or meetings",
    "stage_changes": "stage history",
    "field_changes": "field history (close-date changes, reopenings)",
    "accounts": "accounts (companies)",
    "contacts": "contacts",
    "leads": "leads",
    "stages": "pipeline stages",
    "reps": "reps",
    "referrals": "referral records",
    "quotas": "quotas",
    "transcript_segments": "call transcripts",
}
"""What each table holds, in the words of "your data has no …"."""

FIELD_LABELS: dict[str, str] = {
    "deals.source": "lead source",
    "deals.source_detail": "lead source label",
    "deals.created_at": "created date",
    "deals.closed_at": "close date",
    "deals.expected_close": "expected close date",
    "deals.amount": "amount",
    "deals.stage": "stage",
    "deals.product": "product",
    "deals.pipeline": "pipeline",
    "deals.competitor": "competitor",
    "deals.lost_reason_category": "lost reason",
    "deals.lost_reason_text": "lost-reason text",
    "deals.budget": "budget",
    "deals.authority": "authority",
    "deals.need": "need",
    "deals.timing": "timing",
    "deals.account": "account",
    "activities.next_step": "next step",
    "activities.next_step_due": "next-step date",
    "activities.agenda": "meeting agenda",
    "activities.body": "email body",
    "activities.contact": "contact",
    "activities.outcome": "call and email outcome",
    "activities.direction": "direction (inbound or outbound)",
    "accounts.industry": "industry",
    "accounts.employees": "employees",
    "accounts.annual_revenue": "annual revenue",
    "accounts.region": "region",
    "accounts.country": "country",
    "accounts.reach": "reach (regional or national)",
    "accounts.price_sensitivity": "price sensitivity",
    "accounts.innovation_appetite": "innovation appetite",
    "contacts.buying_role": "buying role",
    "reps.team": "team",
    "deals.rep": "rep",
    "deals.age_days": "days from creation to close",
    "deals.n_touches": "calls, emails and meetings",
    "deals.n_pushes": "close-date pushes",
}
"""table.column -> its plain name (and the numbers deals are compared on, by the name the
comparisons give them)."""

SOURCE_LABELS: dict[str, str] = {
    "referral": "Referral",
    "partner": "Partner",
    "inbound": "Inbound",
    "event": "Event",
    "outbound_cold": "Cold outbound",
    "purchased_list": "Purchased list",
    "existing_customer": "Existing customer",
    "other": "Other",
}
"""Plain names of the canonical sources (model.schema.SOURCES)."""


def field_label(need: str) -> str:
    """The plain name of `table.column` (the column's own name, spaced, when not listed) or
    of a process signal."""
    if need in FIELD_LABELS:
        return FIELD_LABELS[need]
    if need in SIGNAL_PHRASES:
        return SIGNAL_PHRASES[need][0]
    column = need.partition(".")[2] or need
    return column.removeprefix("extra.").replace("_", " ")


def need_label(need: str) -> str:
    """A table's contents or a column's plain name."""
    table, _, column = need.partition(".")
    return field_label(need) if column else TABLE_CONTENTS.get(table, table)


def absent_phrase(*needs: str) -> str:
    """ "your data has no …" for a table, "your export has no … field" for a column; with
    several, that none of them is there."""
    labels = [need_label(n) for n in needs]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    if all("." in n for n in needs):
        return f"your export has no {listed} field"
    return f"your data has no {listed}"


VOCABULARY_MEANINGS: dict[str, dict[str, str]] = {
    "source": {
        "referral": "someone who knows the buyer introduced them: a customer, a contact, an "
        "employee or word of mouth",
        "partner": "a reseller, channel or alliance partner brought the deal or sells it with you",
        "inbound": "the buyer came to you: web form, phone inquiry, search, ads, content, "
        "social media",
        "event": "met at a trade show, conference, seminar or webinar",
        "outbound_cold": "your team reached out first, with no prior contact: cold calls, "
        "cold emails, prospecting",
        "purchased_list": "contacts from a bought or rented list",
        "existing_customer": "a company that already buys from you: upsell, cross-sell, "
        "renewal, existing business",
        "other": "a known source that fits none of the above",
    },
    "outcome": {
        "open": "still being worked: neither won nor lost yet",
        "won": "the customer signed (closed won, converted, subscribed)",
        "lost": "closed without a sale: lost to a competitor, no decision, disqualified",
    },
    "lost_reason": {
        "price": "too expensive, or no budget for it",
        "functionality": "the product lacks something the buyer needed",
        "sales_tactic": "how it was sold put the buyer off (pushy, slow, unprepared)",
        "timing": "not now: the buyer postponed",
        "no_decision": "the buyer went quiet or kept the status quo",
        "competitor": "the buyer chose a competitor",
        "other": "a recorded reason that fits none of the above",
    },
    "knowledge": {
        "known": "the rep found it out (budget: whether there is money and how much; "
        "authority: who decides; need: the problem to solve; timing: when they will buy)",
        "unknown": "not found out, or recorded as not known",
    },
    "buying_role": {
        "decision_maker": "signs or makes the final call",
        "champion": "wants you to win and sells for you inside the account",
        "influencer": "shapes the decision without making it",
        "technical": "judges the product's fit: IT, engineering, security",
        "user": "will use the product day to day",
        "unknown": "recorded as not known",
    },
    "activity_kind": {
        "call": "a phone or video call",
        "email": "an email sent or received",
        "meeting": "a meeting, in person or online",
        "note": "a note written on the record",
        "task": "a to-do for the rep",
        "referral_ask": "the rep asked a customer for an introduction",
    },
    "direction": {
        "outbound": "the rep reached out",
        "inbound": "the buyer reached out",
    },
    "activity_outcome": {
        "connected": "a call that reached someone",
        "no_answer": "a call nobody picked up",
        "voicemail": "a call that ended in a voicemail",
        "replied": "an email that got an answer",
        "bounced": "an email that did not arrive",
        "held": "a meeting that took place",
        "no_show": "a meeting the buyer did not attend",
        "sent": "an email sent, no answer recorded",
        "done": "a task or note completed",
    },
    "rep_role": {
        "rep": "sells and owns deals",
        "sdr": "books first meetings for the reps (sales development)",
        "manager": "leads a team of reps",
        "executive": "runs sales above the managers",
        "admin": "operates the CRM; owns no deals of their own",
    },
    "reach": {
        "regional": "buys and operates in one region",
        "national": "buys and operates across the country or beyond",
    },
    "price_sensitivity": {
        "value": "buys on the value delivered",
        "price": "buys on the lowest price",
        "unknown": "recorded as not known",
    },
    "innovation_appetite": {
        "high": "adopts new things early",
        "medium": "adopts once others have",
        "low": "keeps what works",
        "unknown": "recorded as not known",
    },
    "lead_status": {
        "open": "still being worked",
        "converted": "became a deal",
        "disqualified": "ruled out: not a fit or not buying",
    },
    "speaker_role": {
        "rep": "your side of the call",
        "buyer": "the buyer's side",
        "other": "anyone else (a partner, an assistant)",
    },
}
"""What each value of each canonical vocabulary means, in a manager's words, by vocabulary
(model.schema: SOURCES, OUTCOMES, LOST_REASONS, KNOWLEDGE, ...); docs/mapping.md shows them."""


def vocabulary_of(allowed: tuple[str, ...]) -> str:
    """The name of the vocabulary whose values are `allowed` (a column's `allowed`)."""
    for name, meanings in VOCABULARY_MEANINGS.items():
        if set(meanings) == set(allowed):
            return name
    raise KeyError(f"no meanings for the vocabulary {', '.join(allowed)}")


# -- values and segments, as a manager names them ------------------------------------------------
NOT_RECORDED = "(not recorded)"
"""A value no import recorded, in a table cell."""

VALUE_LABELS: dict[str, dict[str, str]] = {
    "source": SOURCE_LABELS,
    "price_sensitivity": {"value": "Buys on value", "price": "Buys on price"},
    "rep_role": {"sdr": "SDR"},
}
"""Plain names of vocabulary values where spacing and capitalising the value is not enough
("outbound_cold" -> "Cold outbound"; otherwise "no_answer" -> "No answer")."""

SIGNAL_PHRASES: dict[str, tuple[str, str, str]] = {
    "signal.no_meeting": (
        "whether a meeting was held",
        "deals with no meeting held",
        "deals with a meeting held",
    ),
    "signal.one_sided": (
        "buyer replies",
        "deals with three or more outbound touches per buyer reply",
        "deals where the buyer replies more often",
    ),
    "signal.single_contact": (
        "contacts involved",
        "deals with one contact or none involved",
        "deals with two or more contacts involved",
    ),
    "signal.close_pushed": (
        "close-date pushes",
        "deals whose close date was pushed twice or more",
        "deals whose close date was pushed once or never",
    ),
    "signal.reopened": ("reopenings", "deals closed and reopened", "deals never reopened"),
    **{
        f"deals.{c}": (
            f"whether {c} is known",
            f"deals where {c} is unknown",
            f"deals where {c} is known or not recorded",
        )
        for c in ("budget", "authority", "need", "timing")
    },
}
"""The process signals lost-deal patterns compare (keyed as their findings' scope keys): what
the signal is about, the deals that show it ("yes") and the deals that do not ("no")."""


def _vocabulary(attribute: str) -> str | None:
    """The vocabulary of a canonical `table.column` with a closed set of values, or None."""
    name, _, column = attribute.partition(".")
    try:
        allowed = table(name).column(column).allowed
        return vocabulary_of(allowed) if allowed else None
    except KeyError:
        return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def value_label(attribute: str, value: object) -> str:
    """A stored value of `attribute` (`table.column`) as a table cell shows it: a vocabulary
    value by its plain name ("outbound_cold" -> "Cold outbound", "unknown" -> "Unknown"), a
    signal by the deals that show it, anything else (the CRM's own values) exactly as stored."""
    if value is None:
        return NOT_RECORDED
    text = str(value)
    if attribute in SIGNAL_PHRASES and text in ("yes", "no"):
        _, yes, no = SIGNAL_PHRASES[attribute]
        return _capital(yes if text == "yes" else no)
    vocabulary = _vocabulary(attribute)
    if vocabulary is None or text not in VOCABULARY_MEANINGS[vocabulary]:
        return text
    return VALUE_LABELS.get(vocabulary, {}).get(text) or _capital(text.replace("_", " "))


_ACCOUNT_SEGMENTS: dict[str, str] = {
    "accounts.industry": "{v} accounts",
    "accounts.region": "accounts in {v}",
    "accounts.country": "accounts in {v}",
    "accounts.employees": "accounts of {v} employees",
    "accounts.annual_revenue": "accounts of {v} annual revenue",
}
_ACCOUNT_VALUES: dict[tuple[str, str], str] = {
    ("accounts.reach", "regional"): "regional accounts",
    ("accounts.reach", "national"): "national accounts",
    ("accounts.price_sensitivity", "price"): "price-sensitive accounts",
    ("accounts.price_sensitivity", "value"): "accounts that buy on value",
    ("accounts.price_sensitivity", "unknown"): "accounts of unknown price sensitivity",
    ("accounts.innovation_appetite", "high"): "accounts quick to adopt new things",
    ("accounts.innovation_appetite", "medium"): "accounts that adopt once others have",
    ("accounts.innovation_appetite", "low"): "accounts that keep what works",
    ("accounts.innovation_appetite", "unknown"): "accounts of unknown innovation appetite",
}
_DEAL_SEGMENTS: dict[str, str] = {
    "deals.source": "{v} deals",
    "deals.source_detail": "deals from {v}",
    "deals.product": "{v} deals",
    "deals.pipeline": "deals in the {v} pipeline",
    "deals.rep": "{v}'s deals",
    "reps.team": "deals of the {v} team",
    "deals.amount": "deals of {v}",
    "deals.age_days": "deals that took {v} days to close",
    "deals.n_touches": "deals with {v} calls, emails and meetings",
    "deals.n_pushes": "deals with {v} close-date pushes",
}


def segment_phrase(attribute: str, value: object, *, start: bool = True) -> str:
    """The records with one value of an attribute, as a manager names them: "Retail accounts",
    "Price-sensitive accounts", "Cold outbound deals", "Deals where budget is unknown",
    "Dana Ruiz's deals", "Deals whose close date was pushed twice or more". `value` is the
    stored value, or what the caller shows for it (a rep's name, a range of numbers).
    Capitalised to open a sentence unless `start` is False (the CRM's own values keep their
    case either way). Account attributes name accounts; see `deals_phrase` for their deals."""
    label = field_label(attribute)
    text = None if value is None else str(value)
    table = attribute.partition(".")[0]
    if text is None:
        phrase = f"{'accounts' if table == 'accounts' else 'deals'} with no {label} recorded"
    elif attribute in SIGNAL_PHRASES and text in ("yes", "no"):
        _, yes, no = SIGNAL_PHRASES[attribute]
        phrase = yes if text == "yes" else no
    elif (attribute, text) in _ACCOUNT_VALUES:
        phrase = _ACCOUNT_VALUES[(attribute, text)]
    elif attribute in _ACCOUNT_SEGMENTS:
        phrase = _ACCOUNT_SEGMENTS[attribute].format(v=text)
    elif table == "accounts":
        phrase = f"accounts whose {label} is {value_label(attribute, text)}"
    elif _vocabulary(attribute) == "knowledge":
        phrase = f"deals where {label} is {text}"
    elif attribute in _DEAL_SEGMENTS:
        shown = value_label(attribute, text)
        if attribute == "deals.source" and text == "other":
            phrase = "deals from other sources"
        else:
            phrase = _DEAL_SEGMENTS[attribute].format(v=shown)
    else:
        phrase = f"deals whose {label} is {value_label(attribute, text)}"
    return _capital(phrase) if start else phrase


def deals_phrase(attribute: str, value: object, *, start: bool = True) -> str:
    """The deals of one segment: an account segment's deals ("Deals with Retail accounts"),
    or `segment_phrase` itself for an attribute of the deal."""
    if not attribute.startswith("accounts."):
        return segment_phrase(attribute, value, start=start)
    if value is None:
        phrase = f"deals whose account has no {field_label(attribute)} recorded"
    else:
        phrase = f"deals with {segment_phrase(attribute, value, start=False)}"
    return _capital(phrase) if start else phrase
