"""Phrasing of follow-up emails and buyers' replies.

Buyer-focused emails talk about the reader ("you", "your team") and end with a real ask: a
question or a proposed day and time, with or without a question mark. Self-focused emails talk
about the seller ("we", "our platform") and ask for nothing; their closers ("Let me know if you
have any questions.") are weak asks, not calls to action."""

from __future__ import annotations

from pipeline_doctor.simulate.grammar.families import Family, held_out, tuning

GREETINGS: tuple[Family, ...] = (
    tuning("email.greeting", "plain", "Hi {first},", "Hello {first},", "Hi {first} -", "{first},"),
    held_out(
        "email.greeting",
        "warm",
        "Hey {first},",
        "Good morning {first},",
        "Dear {first},",
        "Morning {first} -",
        "Hi {first}!",
    ),
)

BUYER_FOCUSED: tuple[Family, ...] = (
    tuning(
        "email.opener",
        "recap",
        "Thanks for walking me through how your {team} handles {process} today.",
        "Thank you for the time on {past_day} - it was useful to hear how {process} works on "
        "your side.",
        "Great speaking with you earlier about {process}.",
        "Thanks again for explaining where {process} slows your {team} down.",
    ),
    tuning(
        "email.opener",
        "their_words",
        "You mentioned that {pain_you}.",
        "You said {pain_you}, and that it gets worse as you grow.",
    ),
    held_out(
        "email.opener",
        "recap",
        "I appreciated you taking me through your {process} setup on {past_day}.",
        "It was good to hear first-hand what {process} looks like for your {team}.",
        "Really helpful call on {past_day} - thank you for being so open about {process}.",
    ),
    held_out(
        "email.opener",
        "their_words",
        "One thing you said stuck with me: {pain_you}.",
        "From what you described, {pain_you}.",
        "If I understood you right, {pain_you}, and your {boss} wants that fixed this year.",
    ),
    tuning(
        "email.personal",
        "news",
        "I saw that {account} is {situation}.",
        "With {account} {situation}, the timing seems important.",
        "I know {account} is {situation}, so I kept this short.",
    ),
    held_out(
        "email.personal",
        "news",
        "Congratulations on {account} {situation} - that must keep your {team} busy.",
        "Since {account} is {situation}, I imagine {process} is under more pressure than usual.",
        "I read that {account} is {situation}; good luck with it.",
    ),
    tuning(
        "similar",
        "peer",
        "company in {industry} about your size",
        "team in {industry} with a similar setup",
    ),
    held_out(
        "similar",
        "peer",
        "fellow {industry} business",
        "firm in {industry} with a comparable footprint",
    ),
    tuning(
        "outcome",
        "result",
        "close the books two days sooner",
        "stop losing renewals to slow follow-up",
        "give your {boss} one set of numbers",
        "cut the manual work on {process} in half",
    ),
    held_out(
        "outcome",
        "result",
        "get month-end done without overtime",
        "answer the board's questions the same day",
        "catch at-risk customers before they churn",
        "free your {team} from copy-and-paste work",
    ),
    tuning(
        "email.value",
        "peer_result",
        "A {similar} cut the time spent on {process} by {gain}.",
        "Two teams like yours freed up {gain_time} once {process} ran on its own.",
    ),
    tuning(
        "email.value",
        "your_outcome",
        "Based on the numbers you shared, you could {outcome} within a quarter.",
        "That would give your {team} {gain_time} back.",
        "For you, that means a chance to {outcome}.",
    ),
    held_out(
        "email.value",
        "peer_result",
        "When a {similar} faced the same problem, they got {process} down by {gain} in two months.",
        "I've seen {process} speed up by {gain} at companies in a very similar spot to yours.",
    ),
    held_out(
        "email.value",
        "your_outcome",
        "My rough maths says your {team} could {outcome} - worth checking against your own "
        "figures.",
        "If that holds for you, it means fewer late nights for your {team}.",
        "Your {boss} would get {gain_time} of the {team}'s time back.",
    ),
    tuning(
        "email.detail",
        "attachment",
        "I've attached a {doc_kind} with the figures you gave me.",
        "The plan covers the {small_n} risks you raised and how we would handle each.",
        "I kept it short so you can forward it to your {boss}.",
        "The numbers in it are yours, not ours.",
        "It also shows what {process} would look like for your {team} after the change.",
        "I left out anything that doesn't apply to {account}.",
    ),
    held_out(
        "email.detail",
        "attachment",
        "Attached is a {doc_kind} built on your own numbers.",
        "I also noted the {small_n} concerns your {boss} had, with an answer for each.",
        "Nothing in it should take more than {minutes} to read.",
        "Page {small_n} has the {doc_part} you asked about.",
        "There's a section on {process} your {team} might find useful.",
        "Everything in it is specific to {account}, nothing generic.",
    ),
)
ASKS: tuple[Family, ...] = (
    tuning(
        "email.ask_time_question",
        "slot",
        "Would {day} at {time} work to go through it with your {boss}?",
        "Could we take 30 minutes on {day} at {time} to walk through it?",
        "Are you free on {day} at {time} for a quick review?",
        "Shall we book {day} at {time} to look at it together?",
    ),
    held_out(
        "email.ask_time_question",
        "slot",
        "How does {day} at {time} look for a short call?",
        "Is {day} around {time} any good for you and your {boss}?",
        "Can I grab 20 minutes with you on {day}, say {time}?",
        "Any chance you could do {day} at {time}?",
    ),
    tuning(
        "email.ask_time_statement",
        "slot",
        "I can do {day} at {time} or {day2} at {time2} - just tell me which suits you.",
        "I'll send an invite for {day} at {time}; feel free to move it if that clashes.",
        "Let's go through it on {day} at {time} with your {boss}.",
    ),
    held_out(
        "email.ask_time_statement",
        "slot",
        "I've pencilled in {day} at {time} - reply with another slot if that doesn't work.",
        "Let's aim for {day} at {time}, or {day2} at {time2} if that is easier.",
        "Please pick whichever is better for you: {day} at {time} or {day2} at {time2}.",
    ),
    tuning(
        "email.ask_question",
        "reader",
        "Who else on your side should be part of the next conversation?",
        "Does this match what you need, or did I miss something?",
        "What would your {boss} need to see to sign off on this?",
        "Which of these two options fits your timeline better?",
    ),
    held_out(
        "email.ask_question",
        "reader",
        "Is there anyone in {dept} I should loop in before we go further?",
        "What is the one thing that would stop {account} from moving forward?",
        "Did I get the numbers for {account} right?",
        "How would your {boss} want to see this presented?",
    ),
    tuning(
        "email.ask_unmarked",
        "reader",
        "I'd love to hear how your {boss} reacts to the numbers.",
        "Tell me which of these options fits your timeline best.",
        "Let me know who else should join the next call and I'll set it up.",
    ),
    held_out(
        "email.ask_unmarked",
        "reader",
        "I'm curious whether the plan matches what your {boss} has in mind.",
        "Please send me the names of anyone else who should weigh in.",
        "Keen to hear which option works better for your {team}.",
    ),
)

SELF_FOCUSED: tuple[Family, ...] = (
    tuning(
        "email.self_opener",
        "news",
        "I wanted to share some exciting news from {company}.",
        "Just checking in!",
        "Hope you're well - I wanted to tell you about our latest release.",
        "Quick update from the {company} team for this {period}.",
    ),
    held_out(
        "email.self_opener",
        "news",
        "Big news on our side this {period}.",
        "I'm reaching out because we just shipped something we are really proud of.",
        "Circling back with a few updates from {company}.",
        "Hope all is good! Some news from us.",
    ),
    tuning(
        "email.claim",
        "product",
        "Our platform now offers over {big_n} integrations out of the box.",
        "We were named a leader in the {report} again this year.",
        "Our new {module} module is now available to all our customers.",
        "Our team has grown to {staff_n} people across twelve countries.",
        "{product} is the most complete solution on the market.",
        "We are proud to be trusted by {customers} companies, and our product keeps getting "
        "better.",
        "Our customers in {industry} love the new {module} features.",
    ),
    held_out(
        "email.claim",
        "product",
        "{company} was recognised for the {nth} year running as a top vendor in the {report}.",
        "We have just rolled out our {module} module, with more than {big_n} new capabilities.",
        "{Customers} companies already rely on our platform every day.",
        "Customers in {industry} told us the new {module} module changed how they work.",
        "Our engineers rebuilt the {module} engine from the ground up.",
        "We now support every major CRM and ERP, including {erp}.",
        "Our award-winning support team answers in under {response_time}.",
    ),
    tuning(
        "email.rhetorical",
        "answered",
        "Why does this matter? Because our customers get more features than anyone else.",
        "What makes us different? Our award-winning support team.",
    ),
    held_out(
        "email.rhetorical",
        "answered",
        "So what's new? Pretty much everything in the {module} module.",
        "Curious how we compare? We come out ahead in every analyst ranking.",
    ),
    tuning(
        "email.weak_close",
        "no_ask",
        "Let me know if you have any questions.",
        "Feel free to reach out anytime.",
        "Let me know your thoughts.",
    ),
    held_out(
        "email.weak_close",
        "no_ask",
        "Happy to help if anything comes up.",
        "Don't hesitate to get in touch if you need anything.",
        "Would love your thoughts.",
    ),
    tuning(
        "email.mass_intro",
        "merge",
        "I hope this finds you and everyone at {account} well.",
        "I'm reaching out to leaders like you at companies such as {account}.",
    ),
    held_out(
        "email.mass_intro",
        "merge",
        "As someone who cares about results at {account}, you'll want to hear this.",
        "Teams like yours at {account} are always looking for an edge.",
    ),
)

CLOSINGS: tuple[Family, ...] = (
    tuning("email.signoff", "plain", "Best,", "Thanks,", "Kind regards,", "Cheers,"),
    held_out(
        "email.signoff", "warm", "Best regards,", "Many thanks,", "Talk soon,", "Warm regards,"
    ),
    tuning(
        "email.signature",
        "block",
        "{rep_first}",
        "{rep_name}\n{rep_title}\n{company}",
        "{rep_name}\n{rep_title} | {company}\n{rep_phone}",
    ),
    held_out(
        "email.signature",
        "block",
        "{rep_name}",
        "-- \n{rep_name}\n{rep_title}, {company}\nMobile: {rep_phone}",
        "{rep_first}\n\n{rep_name} | {rep_title}\nT: {rep_phone} | {company_site}",
    ),
    tuning(
        "email.footer",
        "legal",
        "CONFIDENTIALITY NOTICE: This email and any attachments are for the sole use of the "
        "intended recipient(s) and may contain confidential information. If you are not the "
        "intended recipient, please contact the sender and delete all copies.",
        "This message is intended only for the addressee. Any review, use or distribution by "
        "others is prohibited.",
    ),
    held_out(
        "email.footer",
        "legal",
        "This e-mail may contain privileged or confidential information. If you received it in "
        "error, please notify us immediately and delete it. {company} Ltd, registered in "
        "England and Wales.",
        "DISCLAIMER: The information in this message is confidential. Please consider the "
        "environment before printing this email.",
    ),
    tuning("email.mobile", "device", "Sent from my iPhone", "Sent from my mobile"),
    held_out("email.mobile", "device", "Get Outlook for iOS", "Sent from my Android phone"),
)

QUOTES: tuple[Family, ...] = (
    tuning("email.quote_gmail", "header", "On {q_date}, {q_name} <{q_email}> wrote:"),
    tuning(
        "email.quote_outlook",
        "header",
        "From: {q_name} <{q_email}>\nSent: {q_sent}\nTo: {to_name} <{to_email}>\n"
        "Subject: {q_subject}",
    ),
    held_out("email.quote_gmail", "header", "On {q_date} {q_name} wrote:"),
    held_out(
        "email.quote_outlook",
        "header",
        "-----Original Message-----\nFrom: {q_name} [mailto:{q_email}]\nSent: {q_sent}\n"
        "To: {to_name}\nSubject: {q_subject}",
    ),
)

BUYER_REPLIES: tuple[Family, ...] = (
    tuning(
        "email.buyer_greeting", "plain", "Hi {rep_first},", "{rep_first},", "Hello {rep_first},"
    ),
    held_out("email.buyer_greeting", "warm", "Hey {rep_first},", "Thanks {rep_first},", "Hi,"),
    tuning(
        "email.buyer_accept",
        "yes",
        "That works for us.",
        "Sounds good - see you then.",
        "That works. I'll bring our {boss}.",
        "Thanks, that works for us. Let's talk then.",
    ),
    held_out(
        "email.buyer_accept",
        "yes",
        "Perfect, let's do that.",
        "Yes, I've accepted the invite.",
        "Fine by me, talk then.",
        "Works for me - I'll ask our {boss} to join too.",
    ),
    tuning(
        "email.buyer_question",
        "asks",
        "Can you send pricing before we meet?",
        "Does it work with {erp}?",
        "Could you share a reference customer in our industry?",
    ),
    held_out(
        "email.buyer_question",
        "asks",
        "What would implementation look like for us?",
        "How long does a typical rollout take?",
        "Is there a trial we could run first?",
    ),
    tuning(
        "email.buyer_defer",
        "later",
        "Not a priority this quarter, let's reconnect in {month}.",
        "We're busy with year-end right now, can we pick this up later?",
    ),
    held_out(
        "email.buyer_defer",
        "later",
        "We're pausing new projects until {month}, sorry.",
        "I need to check with our {boss} first and will come back to you.",
    ),
    tuning("email.buyer_signoff", "plain", "Thanks,\n{first}", "Best,\n{first}", "{first}"),
    held_out(
        "email.buyer_signoff", "warm", "Cheers,\n{first}", "Regards,\n{buyer_name}", "- {first}"
    ),
)

EMAIL: tuple[Family, ...] = (
    *GREETINGS,
    *BUYER_FOCUSED,
    *ASKS,
    *SELF_FOCUSED,
    *CLOSINGS,
    *QUOTES,
    *BUYER_REPLIES,
)
