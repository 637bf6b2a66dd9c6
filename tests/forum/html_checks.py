"""Find anything script-like in an HTML document (for the XSS tests).

Page-wide rules, valid because the front end has a strict CSP and no inline
code of its own: no event-handler attribute, no ``style`` attribute, no inline
<script> (only ``<script src="/static/...">``), no active elements that never
belong in member content, no URL with a scheme other than http, https, mailto
(or a relative URL) in any URL-bearing attribute.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

CORPUS_FILE = Path(__file__).with_name("xss_corpus.txt")

FORBIDDEN_TAGS = {
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "math",
    "isindex",
    "marquee",
    "xmp",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
SAFE_SCHEMES = {"http", "https", "mailto"}
# How browsers read a URL attribute (WHATWG URL): C0 controls and spaces are
# trimmed at both ends, tab/CR/LF removed everywhere.
_TRIM = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\r\n]")


def load_corpus():
    payloads = []
    for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        payloads.append(line.replace("\\n", "\n"))
    return payloads


def _scheme(value):
    value = _TAB_NEWLINE.sub("", html.unescape(value or "").strip(_TRIM)).lower()
    match = re.match(r"^([a-z][a-z0-9+.\-]*):", value)
    return match.group(1) if match else None


class _Finder(HTMLParser):
    def __init__(self, allow_site_script_src):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.allow = allow_site_script_src
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not (self.allow and src.startswith("/static/")):
                self.problems.append(f"<script src={src!r}>")
            self._in_script = True
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta refresh>")
        if tag == "link" and not (dict(attrs).get("href") or "").startswith(("/static/", "/")):
            self.problems.append("<link> to elsewhere")
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            elif name == "style":
                self.problems.append(f"<{tag} style=…>")
            elif name in URL_ATTRIBUTES:
                scheme = _scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag.lower() == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append("inline script text")


def script_problems(document, allow_site_script_src=True):
    """A list of what would run (empty when the document is clean)."""
    finder = _Finder(allow_site_script_src)
    finder.feed(document)
    finder.close()
    return finder.problems
