"""Words of the sample org: CRM labels, lost reasons, email pieces, call-transcript lines.

Buyer-focused follow-up asks a question or proposes a time; self-focused follow-up promotes the
product and asks for nothing. Good discovery asks open questions about outcomes; weak discovery
describes features."""

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

EMAIL_GREETINGS = ("Hi {name},", "Hello {name},", "Dear {name},")
EMAIL_BUYER_BODIES = (
    "Thanks for walking me through how your team handles month-end today. You mentioned the "
    "reconciliation takes four days; I sketched how two similar teams cut that in half.",
    "Following up on your goal of onboarding the new region by Q3. I put together a short plan "
    "with the three risks you raised and how we would handle each.",
    "You said the board wants a clear ROI case. Attached is a one-page estimate using the figures "
    "you shared: payback in about seven months.",
)
EMAIL_CTAS = (
    "Would Tuesday at 10:00 work to go through it with your finance lead?",
    "Could you share who else should join the next call?",
    "Does that match what you need? If so, shall we book 30 minutes on Thursday?",
)
EMAIL_SELF_BODIES = (
    "I wanted to let you know that our platform is the leading solution in the market, with "
    "over 200 features, award-winning support and a brand-new release packed with capabilities. "
    "We are proud to be trusted by hundreds of companies and our product keeps getting better.",
    "Just checking in! Our company has been recognised as a leader again this year. Our "
    "solution offers unmatched functionality, our team is the best in the industry, and our "
    "new dashboard module is now available to all our customers.",
)
EMAIL_SIGNATURE = "Best regards"

QUESTIONS = (
    "What does success look like for your team by the end of the year?",
    "How are you handling this today, and what does it cost you?",
    "Who else is affected when this goes wrong?",
    "What happens if you don't solve this in the next six months?",
    "How will you measure whether this was worth it?",
    "What has stopped you from fixing this before?",
    "Who needs to sign off on a decision like this?",
    "What budget has been set aside for this?",
    "When do you need this in place, and why then?",
    "What other options are you looking at?",
    "Which part of the process hurts the most?",
    "How do your customers feel the impact?",
    "What would you do with the time you save?",
    "What would make this a clear yes for your CFO?",
    "How did you decide on the last tool you bought?",
)
REP_LISTENING = (
    "So what I'm hearing is that the delays hit your customers directly.",
    "That makes sense. Tell me more about that.",
    "Let me make sure I understood the numbers you gave me.",
)
REP_FEATURES = (
    "Our platform has over 200 features, including advanced dashboards and AI forecasting.",
    "We are the market leader and our product integrates with everything.",
    "Let me show you our new module, it has a lot of capabilities you will love.",
    "Our company was founded in 2009 and we have offices in twelve countries.",
)
BUYER_LINES = (
    "Right now we reconcile everything by hand and it takes most of a week.",
    "The real issue is that finance and sales don't trust the same numbers.",
    "Our CFO is asking for a plan before the next board meeting.",
    "We tried a tool two years ago and nobody used it.",
    "Honestly I'm not sure this is a priority this quarter.",
    "We lose a couple of customers a year because of slow responses.",
)
NEXT_STEPS = (
    "Demo for the finance team",
    "Send ROI estimate and review together",
    "Technical review with IT",
    "Proposal walkthrough with the decision maker",
    "Reference call with a similar customer",
)
AGENDAS = (
    "1. Your goals for the year 2. Current process and costs 3. Who decides and when",
    "1. Recap of last call 2. Requirements review 3. Agree next steps",
    "1. Proposal walkthrough 2. Open questions 3. Timeline to decision",
)
