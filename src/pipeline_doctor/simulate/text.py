"""Words of the sample org's fields: CRM labels, lost reasons, next steps. Free text (emails,
transcripts, agendas, notes) is written by the phrase grammar in `grammar/`."""

from __future__ import annotations

SOURCE_LABELS = {
    "referral": "Customer Referral",
    "partner": "Partner",
    "inbound": "Web Inbound",
    "event": "Trade Show",
    "outbound_cold": "Cold Call",
    "purchased_list": "Purchased List",
    "existing_customer": "Existing Customer",
    "other": "Other",
}
PRODUCTS = ("Core Platform", "Analytics Add-on", "Enterprise Suite", "Support Plus")
COMPETITORS = ("Acme Cloud", "Globex", "Initech", "Umbrella Systems")
LOST_REASONS = ("price", "competitor", "no_decision", "timing", "functionality", "sales_tactic")
LOST_REASON_P = (0.25, 0.2, 0.2, 0.15, 0.12, 0.08)
LOST_REASON_TEXT = {
    "price": "Budget approved was 30% below our quote; they chose the cheaper option.",
    "competitor": "Went with a competitor that already integrates with their ERP.",
    "no_decision": "Project shelved; no executive sponsor after the reorganisation.",
    "timing": "Buying window moved to next fiscal year.",
    "functionality": "Missing multi-entity reporting they needed at go-live.",
    "sales_tactic": "Buyer felt pushed by the discount deadline.",
    "other": "other",
}
DISQUALIFIED = ("no budget", "not a fit", "no response", "student / job seeker", "competitor")

NEXT_STEPS = (
    "Demo for the finance team",
    "Send ROI estimate and review together",
    "Technical review with IT",
    "Proposal walkthrough with the decision maker",
    "Reference call with a similar customer",
)
NEXT_STEP_NOUNS = (
    "finance demo",
    "ROI review",
    "technical review with IT",
    "proposal walkthrough",
    "reference call",
)
"""Each next step as the rep names it on the call ("... for the finance demo")."""
