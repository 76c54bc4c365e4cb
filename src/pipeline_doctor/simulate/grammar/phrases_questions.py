"""Phrasing of a rep's discovery questions, by topic (the four BANT topics and outcomes) and
form: open ("How ...?", "What ...?"), open without a question mark ("Walk me through ...",
"I'd love to hear ..."), and closed (do/is/are/can ..., answered yes, no or with one fact)."""

from __future__ import annotations

from pipeline_doctor.simulate.grammar.families import Family, held_out, tuning

TOPICS = ("need", "outcome", "budget", "authority", "timing")
"""Question topics: the four BANT topics (need, budget, authority, timing) and outcomes."""

OPEN_QUESTIONS: tuple[Family, ...] = (
    tuning(
        "call.open.need",
        "marked",
        "How are you handling {process} today?",
        "What happens when {process} goes wrong?",
        "Which part of {process} hurts the most?",
    ),
    held_out(
        "call.open.need",
        "marked",
        "What does {process} look like end to end right now?",
        "Where does {process} break down for you?",
        "How much time does your {team} lose to {process} each month?",
    ),
    tuning(
        "call.open.outcome",
        "marked",
        "What does success look like for your {team} by the end of the year?",
        "How will you measure whether this was worth it?",
        "What would change for your customers if this worked?",
    ),
    held_out(
        "call.open.outcome",
        "marked",
        "If this works perfectly, what changes for your {team}?",
        "What would you do with the time you get back?",
        "Why is this important to your {boss} right now?",
    ),
    tuning(
        "call.open.budget",
        "marked",
        "What budget has been set aside for this?",
        "How do you usually fund projects like this?",
    ),
    held_out(
        "call.open.budget",
        "marked",
        "How are you thinking about the investment for something like this?",
        "Where would the money for this come from?",
    ),
    tuning(
        "call.open.authority",
        "marked",
        "Who else needs to sign off on a decision like this?",
        "How did you decide on the last tool you bought?",
    ),
    held_out(
        "call.open.authority",
        "marked",
        "Who besides you will weigh in on this?",
        "What does the approval path look like on your side?",
    ),
    tuning(
        "call.open.timing",
        "marked",
        "When do you need this in place, and why then?",
        "What happens if nothing changes in the next six months?",
    ),
    held_out(
        "call.open.timing",
        "marked",
        "What's driving the timeline?",
        "By when would this need to be live to matter?",
    ),
)

UNMARKED_QUESTIONS: tuple[Family, ...] = (
    tuning(
        "call.unmarked.need",
        "invite",
        "Walk me through how {process} works today.",
        "Tell me about the last time {process} went wrong.",
    ),
    held_out(
        "call.unmarked.need",
        "invite",
        "Talk me through a typical week for your {team}.",
        "I'm curious how {process} actually gets done today.",
    ),
    tuning(
        "call.unmarked.outcome",
        "invite",
        "I'd love to hear what a great year looks like for your {team}.",
        "Tell me what you'd do with the time you saved.",
    ),
    held_out(
        "call.unmarked.outcome",
        "invite",
        "Describe what a good outcome would look like for your {boss}.",
        "Paint me a picture of {process} when it's working well.",
    ),
    tuning(
        "call.unmarked.budget",
        "invite",
        "I'd love to understand how budget decisions get made for something like this.",
        "Tell me how you've funded similar projects in the past.",
    ),
    held_out(
        "call.unmarked.budget",
        "invite",
        "Help me understand where the budget for this would sit.",
        "Share a bit about how spend like this gets approved.",
    ),
    tuning(
        "call.unmarked.authority",
        "invite",
        "Walk me through who gets involved when you buy a tool like this.",
        "Tell me about how you chose the last vendor you brought in.",
    ),
    held_out(
        "call.unmarked.authority",
        "invite",
        "Take me through the approval steps for something like this.",
        "I'm curious who else would have a say in this decision.",
    ),
    tuning(
        "call.unmarked.timing",
        "invite",
        "Tell me what's driving the timing on your side.",
        "I'd love to hear what happens if this slips to next year.",
    ),
    held_out(
        "call.unmarked.timing",
        "invite",
        "Help me understand the deadline you're working towards.",
        "Talk me through what needs to happen before {month}.",
    ),
)

CLOSED_QUESTIONS: tuple[Family, ...] = (
    tuning(
        "call.closed.need",
        "yes_no",
        "Do you use spreadsheets for {process}?",
        "Is {process} a problem for you?",
        "Are you on {erp} today?",
    ),
    held_out(
        "call.closed.need",
        "yes_no",
        "Does your {team} track this anywhere?",
        "Have you tried to fix {process} before?",
        "Is it mostly manual?",
    ),
    tuning(
        "call.closed.outcome",
        "yes_no",
        "Would it help if {process} were faster?",
        "Do you want better reports?",
    ),
    held_out(
        "call.closed.outcome",
        "yes_no",
        "Would that save you time?",
        "Is that something you'd like?",
    ),
    tuning(
        "call.closed.budget",
        "yes_no",
        "Is there budget for this?",
        "Do you have budget approved?",
    ),
    held_out(
        "call.closed.budget",
        "yes_no",
        "Has the money been approved yet?",
        "Is this in this year's plan?",
    ),
    tuning(
        "call.closed.authority",
        "yes_no",
        "Are you the decision maker?",
        "Will you be signing the contract?",
    ),
    held_out(
        "call.closed.authority",
        "yes_no",
        "Is it your call in the end?",
        "Does your {boss} need to approve this?",
    ),
    tuning(
        "call.closed.timing",
        "yes_no",
        "Are you looking to buy this quarter?",
        "Is this urgent?",
    ),
    held_out(
        "call.closed.timing",
        "yes_no",
        "Would you want to start next month?",
        "Can you decide before {month}?",
    ),
)

QUESTIONS: tuple[Family, ...] = (*OPEN_QUESTIONS, *UNMARKED_QUESTIONS, *CLOSED_QUESTIONS)
