"""The embedded default's e-mail backend: each message printed as a person reads it.

Django's console backend prints the raw MIME message, so a Japanese subject
reads ``=?utf-8?b?44CQ...?=`` and a body may be base64. On a laptop the
console is the mailbox: this one prints the headers decoded and the plain
text body as it is, and names any HTML version and attachments.
"""

from django.core.mail.backends.console import EmailBackend as ConsoleBackend


class EmailBackend(ConsoleBackend):
    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
        ]
        if message.cc:
            lines.append(f"Cc: {', '.join(message.cc)}")
        if message.reply_to:
            lines.append(f"Reply-To: {', '.join(message.reply_to)}")
        lines += [f"Subject: {message.subject}", "", message.body]
        for _content, mimetype in getattr(message, "alternatives", ()):
            lines.append(f"[{mimetype} version attached]")
        for attachment in message.attachments:
            name = getattr(attachment, "filename", None) or attachment[0]
            lines.append(f"[attachment: {name}]")
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
