"""A notification as an e-mail: Russian plain text and HTML from the templates
(``templates/notifications/mail/``), the subject a person can sort by, the Message-ID fixed with the outbox row (a
message sent again after a crash is the same message to a mail client), and a link to the page in the web
interface."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses, parseaddr
from typing import Any

from api.web.render import TEMPLATES
from domain.common import upper_first


@dataclass(frozen=True)
class Letter:
    """What the mailer needs of a notification and its outbox row to write the message."""

    notification_id: str
    message_id: str
    to_address: str
    full_name: str
    subject: str
    details: dict[str, Any]
    link: str
    site_id: str
    institution: str
    on_behalf_name: str | None
    acting: bool


def site_words(site_id: str, institution: str) -> str:
    if site_id.startswith("region:"):
        return "регион (сборник РЦРСО)"
    return f"{site_id} — {institution}" if institution else site_id


def compose(letter: Letter, sender: str, public_url: str) -> EmailMessage:
    base = public_url.rstrip("/")
    details = letter.details
    context = {
        "subject": letter.subject,
        "name": letter.full_name,
        "on_behalf": letter.on_behalf_name,
        "acting": letter.acting,
        "heading": upper_first(str(details.get("what", ""))),
        "title": details.get("title", ""),
        "period": details.get("period", ""),
        "site": site_words(letter.site_id, letter.institution),
        "due": details.get("due", ""),
        "citation": details.get("citation", ""),
        "comment": details.get("comment", ""),
        "todo": details.get("todo", ""),
        "url": f"{base}{letter.link}",
        "settings_url": f"{base}/me#notifications",
        # The daily digest (digest_projection.py): its sections, each line with its link.
        "parts": details.get("digest", {}).get("parts", []),
        "base": base,
    }
    template = "digest" if "digest" in details else "message"
    message = EmailMessage()
    subject = letter.subject + (f" (замещение: {letter.on_behalf_name})" if letter.on_behalf_name else "")
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = formataddr((letter.full_name, letter.to_address))
    message["Message-ID"] = letter.message_id
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Auto-Submitted"] = "auto-generated"
    message["X-Innocycle-Notification"] = letter.notification_id
    message.set_content(TEMPLATES.get_template(f"notifications/mail/{template}.txt").render(**context))
    html = TEMPLATES.get_template(f"notifications/mail/{template}.html").render(**context)
    message.add_alternative(html, subtype="html")
    return message


# How a message goes on the wire. aiosmtplib's ``send_message`` flattens with ``email.policy.SMTP``, whose folding at
# 78 characters loses the space between two encoded words of a Cyrillic subject («на этойнеделе»); lines up to 998
# characters (RFC 5322) keep each header in one encoded word, and the subject reads as it was written.
WIRE = policy.SMTP.clone(max_line_length=998)


def wire_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=WIRE)


def envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """The envelope sender and recipients of a composed message (its From and To)."""
    return parseaddr(str(message["From"]))[1], [address for _, address in getaddresses([str(message["To"])])]
