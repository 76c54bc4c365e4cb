"""The labels exports commonly use for the canonical vocabularies, so `--suggest-mapping` can
propose a target for each value it lists ("Trade Show" -> event, "Closed Won" -> won). A label
not listed here gets "?" for the user to fill in; nothing is guessed from partial words."""

from __future__ import annotations

import re

YES = ("yes", "y", "true", "t", "1", "x", "si", "oui", "ja")
NO = ("no", "n", "false", "f", "0", "non", "nein")


def alternatives(text: str) -> tuple[str, ...]:
    """Alternatives written "a | b | c", one tuple."""
    return tuple(part.strip() for part in text.split("|"))


LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "outcome": {
        "won": (
            *YES,
            *alternatives(
                "won | win | closed won | won deal | deal won | converted | success | "
                "successful | signed | booked | customer | subscribed"
            ),
        ),
        "lost": (
            *NO,
            *alternatives(
                "lost | loss | closed lost | lose | lost deal | deal lost | failure | "
                "not converted | failed | unsuccessful | dead | rejected | churned"
            ),
        ),
        "open": alternatives(
            "open | opened | in progress | pending | active | ongoing | working | "
            "new | prospecting | qualification | qualified | discovery | demo | "
            "proposal | negotiation | engaging | evaluation | contacted"
        ),
    },
    "source": {
        "referral": alternatives(
            "referral | referrals | referred | employee referral | "
            "external referral | customer referral | word of mouth | recommendation"
        ),
        "partner": alternatives(
            "partner | partners | partner referral | reseller | channel | "
            "channel partner | var | affiliate | alliance | distributor"
        ),
        "inbound": alternatives(
            "inbound | web | website | web form | webform | contact form | organic | "
            "organic search | seo | search | paid search | ppc | google ads | "
            "advertisement | advertising | ads | social | social media | "
            "linkedin ads | phone inquiry | inbound call | chat | live chat | "
            "content | direct traffic | demo request | email marketing | marketing | "
            "public relations | pr | blog"
        ),
        "event": alternatives(
            "event | events | trade show | tradeshow | conference | seminar | "
            "webinar | expo | meetup | seminar internal | seminar partner | "
            "roadshow"
        ),
        "outbound_cold": alternatives(
            "outbound | cold call | cold calling | cold email | outreach | "
            "prospecting | sdr | bdr | outbound call | outbound email | "
            "linkedin outreach | cold outreach | cold"
        ),
        "purchased_list": alternatives(
            "purchased list | list | bought list | list purchase | data provider | "
            "lead list | purchased"
        ),
        "existing_customer": alternatives(
            "existing customer | existing customers | existing business | "
            "existing client | customer | upsell | up sell | cross sell | crosssell | "
            "renewal | expansion | account management | installed base | repeat"
        ),
        "other": ("other", "others", "misc", "miscellaneous"),
    },
    "knowledge": {
        "known": (*YES, "known", "confirmed", "identified", "approved", "defined", "clear"),
        "unknown": (
            *NO,
            *alternatives(
                "unknown | not known | unconfirmed | tbd | unsure | not sure | unclear | "
                "undefined | none | n a | na"
            ),
        ),
    },
    "lost_reason": {
        "price": ("price", "pricing", "too expensive", "cost", "budget", "no budget"),
        "functionality": ("functionality", "features", "feature", "product fit", "missing feature"),
        "sales_tactic": ("sales tactic", "sales process", "poor follow up"),
        "timing": ("timing", "bad timing", "not now", "postponed", "later"),
        "no_decision": ("no decision", "non responsive", "no response", "ghosted", "status quo"),
        "competitor": ("competitor", "competition", "lost to competitor", "chose competitor"),
        "other": ("other", "others"),
    },
    "buying_role": {
        "decision_maker": ("decision maker", "economic buyer", "dm", "approver"),
        "champion": ("champion", "sponsor", "coach"),
        "influencer": ("influencer", "evaluator"),
        "technical": ("technical", "technical buyer", "it"),
        "user": ("user", "end user"),
        "unknown": ("unknown",),
    },
}
"""vocabulary -> canonical value -> labels (normalised: lower case, words split by spaces)."""

EMPTY = ("unknown", "none", "n a", "na", "null", "not set", "not specified", "select")
"""Labels that mean "not recorded" where the vocabulary has no `unknown` of its own."""


def norm(label: str) -> str:
    """Lower case, punctuation and separators as single spaces."""
    return re.sub(r"[^0-9a-zà-ÿ]+", " ", label.lower()).strip()


def guess_value(vocabulary: str, label: str, nullable: bool = True) -> str | None:
    """The canonical value `label` means in `vocabulary`; "" for "not recorded" (only where
    the column may be empty); None when the label is not a known one."""
    key = norm(label)
    for value, labels in LABELS.get(vocabulary, {}).items():
        if key in labels:
            return value
    if nullable and key in EMPTY:
        return ""
    return None
