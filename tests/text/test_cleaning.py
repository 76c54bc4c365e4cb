"""`clean_email` keeps only what the sender wrote; a question in the quoted part, the forwarded
part or the signature never counts as the sender's call to action."""

from __future__ import annotations

import pytest
from mailparser_reply.parser import EmailMessage

from pipeline_doctor.text import analyse_email, clean_email
from pipeline_doctor.text.cleaning import _before_reply_header

SENDER = "Thanks for the update. I will review the notes with my team."

GMAIL = f"""{SENDER}

On Mon, Mar 4, 2024 at 10:00 AM Anna Lee <anna@globex.com> wrote:
> Can you send the pricing for 50 seats?
> Would Thursday at 10 work for a call?
"""

GMAIL_BROKEN_HEADER = f"""{SENDER}

On Mon, Mar 4, 2024 at 10:00 AM Anna Lee <
anna@globex.com> wrote:

Can you send the pricing for 50 seats?
"""

OUTLOOK = f"""{SENDER}

From: Anna Lee <anna@globex.com>
Sent: Monday, March 4, 2024 10:00 AM
To: John Smith <john@acme.com>
Subject: RE: Next steps

Can you send the pricing for 50 seats? Would Thursday at 10 work for a call?
"""

ORIGINAL_MESSAGE = f"""{SENDER}

-----Original Message-----
From: Anna Lee
Sent: Monday, March 4, 2024 10:00 AM
Can you send the pricing?
"""

FORWARDED = f"""{SENDER}

---------- Forwarded message ---------
From: Anna Lee <anna@globex.com>
Date: Mon, Mar 4, 2024 at 10:00 AM
Subject: Pricing
To: John <john@acme.com>

Can you send the pricing for 50 seats?
"""

APPLE_FORWARD = f"""{SENDER}

Begin forwarded message:

Can you send the pricing for 50 seats?
"""

DASH_SIGNATURE = (
    f"{SENDER}\n\n-- \nJohn Smith | Acme\nWant a demo? Reply with a time that suits you.\n"
)

SIGN_OFF = f"""{SENDER}

Best regards,
John Smith
Senior Account Executive, Acme Cloud
Mobile: +1 (555) 123-4567
Want to see it live? Book a slot: calendly.com/john
"""

CHEERS = f"""{SENDER}

Cheers, John
Acme Cloud · Account Executive
Ever tried our ROI calculator?
"""

CONTACT_BLOCK = f"""{SENDER}

John Smith
john@acme.com | +1 555 123 4567
Any questions? www.acme.com/help
"""

FOOTER = f"""{SENDER}

CONFIDENTIALITY NOTICE: This email and any attachments are confidential. Did you receive this
in error? Please notify the sender and delete it.
"""

FOOTER_SENTENCE = f"""{SENDER}

This email and any files transmitted with it are confidential and intended solely for the use
of the individual to whom they are addressed. Are you not the intended recipient? Delete it.
"""

SENT_FROM = f"""{SENDER}

Sent from my iPhone

Any chance you saw my last note?
"""

HTML = """<html><head><style>p { color: red; }</style></head><body>
<div dir="ltr"><p>Thanks for the update.<br>I will review the notes with my team.</p></div>
<div class="gmail_quote"><div>On Mon, Mar 4, 2024 Anna Lee wrote:</div>
<blockquote class="gmail_quote">Can you send the pricing for 50 seats?</blockquote></div>
</body></html>"""

HTML_BLOCKQUOTE_ONLY = """<p>Thanks for the update.&nbsp;I will review the notes with my team.</p>
<blockquote type="cite">Can you send the pricing?<br>Would Thursday work?</blockquote>"""

HTML_OUTLOOK = """<div>Thanks for the update. I will review the notes with my team.</div>
<hr><div id="divRplyFwdMsg"><b>From:</b> Anna Lee<br><b>Sent:</b> Monday, March 4, 2024<br>
<b>To:</b> John Smith<br><b>Subject:</b> Pricing</div>
<div>Can you send the pricing for 50 seats?</div>"""

HTML_NEWSLETTER = """<table><tr><td><p>Thanks for the update.</p>
<p>I will review the notes with my team.</p></td></tr>
<tr><td style="font-size:9px">You are receiving this email because you joined our webinar.
Not interested anymore? <a href="#">Unsubscribe</a> or <a href="#">manage preferences</a>.
</td></tr></table>"""

PLAIN_UNSUBSCRIBE = f"""{SENDER}

Don't want these updates? Unsubscribe here: https://example.com/u/123
"""

CASES = {
    "gmail": GMAIL,
    "gmail_broken_header": GMAIL_BROKEN_HEADER,
    "outlook": OUTLOOK,
    "original_message": ORIGINAL_MESSAGE,
    "forwarded": FORWARDED,
    "apple_forward": APPLE_FORWARD,
    "dash_signature": DASH_SIGNATURE,
    "sign_off": SIGN_OFF,
    "cheers": CHEERS,
    "contact_block": CONTACT_BLOCK,
    "footer": FOOTER,
    "footer_sentence": FOOTER_SENTENCE,
    "sent_from": SENT_FROM,
    "html": HTML,
    "html_blockquote_only": HTML_BLOCKQUOTE_ONLY,
    "html_outlook": HTML_OUTLOOK,
    "html_newsletter": HTML_NEWSLETTER,
    "plain_unsubscribe": PLAIN_UNSUBSCRIBE,
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_only_the_senders_words_are_left(body: str) -> None:
    cleaned = clean_email(body)
    assert " ".join(cleaned.split()) == SENDER


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_a_question_outside_the_senders_part_is_no_call_to_action(body: str) -> None:
    assert analyse_email(body).call_to_action is None
    assert "?" in body  # each case hides a question somewhere
    unclean = analyse_email(body, clean=False)
    assert unclean.text == body


def test_the_senders_own_question_survives_a_quoted_reply() -> None:
    body = "Would Thursday at 10 work for the demo?\n\n" + GMAIL.split("\n\n", 1)[1]
    analysis = analyse_email(body)
    assert analysis.call_to_action is not None
    assert analysis.call_to_action.text == "Would Thursday at 10 work for the demo?"


def test_a_line_starting_with_thanks_is_not_a_signature() -> None:
    body = "Hi Anna,\n\nThanks, I read your notes. Could you share who else should join?\n"
    assert (
        clean_email(body)
        == "Hi Anna,\n\nThanks, I read your notes. Could you share who else should join?"
    )


def test_hyphen_lists_are_kept() -> None:
    body = "Here is the plan:\n- a demo for finance\n- a review with IT\n\nThanks,\nJo"
    assert clean_email(body) == "Here is the plan:\n- a demo for finance\n- a review with IT"


def test_a_ps_after_the_sign_off_is_kept() -> None:
    body = "See the deck attached.\n\nBest,\nJo\nAcme\n\nP.S. Can you bring your CFO?"
    assert clean_email(body) == "See the deck attached.\n\nP.S. Can you bring your CFO?"


def test_a_message_that_is_only_a_thank_you_keeps_it() -> None:
    assert clean_email("Thanks!") == "Thanks!"


def test_html_entities_and_line_breaks_become_text() -> None:
    cleaned = clean_email("<div>Tom &amp; Jerry<br/>Q3&nbsp;plan</div><p>Next</p>")
    assert cleaned == "Tom & Jerry\nQ3 plan\n\nNext"


def test_angle_brackets_in_plain_text_are_not_html() -> None:
    body = "Write to <a@b.com> or use x < 3 and y > 2."
    assert clean_email(body) == body


def _reference_before_reply_header(text: str) -> str:
    """mail-parser-reply itself: its message, its normalised text, its header pattern."""
    message = EmailMessage(text=text, languages=["en"])
    header = message.HEADER_REGEX.search(message.text)
    return message.text if header is None else message.text[: header.start()]


HEADERS = [
    "On Tue, 2 Jul 2024 at 09:14, Priya Nair <priya@example.org> wrote:",
    "On Tue, 2 Jul 2024 at 09:14, Priya Nair <\npriya@example.org> wrote:",
    "On Tue, 2 Jul 2024\nat 09:14, Priya Nair\n<priya@example.org>\nwrote:",
    "From: Priya Nair <priya@example.org>\nSent: Tuesday, July 2, 2024 9:14 AM\nTo: Jo",
    "-----Original Message-----\nFrom: Priya Nair",
    "> On Tue, Priya wrote:",
]
ABOVE = [
    "",
    "Short note.",
    "Thanks Priya, the figures are below.\nI have added the sent items to the sheet.\n",
    "We spoke to: the CFO, the COO.\nFrom: next week we start.\nSee you then.\n\n",
]


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("above", ABOVE)
def test_the_reply_header_cut_equals_mail_parser_reply(above: str, header: str) -> None:
    """The cut searches mail-parser-reply's pattern from a few lines above the first header
    cue only; the library searching the whole text is the reference. (No lines of 32
    underscores: the library also rewrites those, which `clean_email` treats as a signature.)"""
    text = f"{above}\n{header}\n\n> Can we talk on Friday?\n> Best, Priya"
    assert _before_reply_header(text) == _reference_before_reply_header(text)
