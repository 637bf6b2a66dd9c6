"""The admin an editor works in reads in Japanese, e-mails included (issue 14).

Wagtail's and wagtail-localize's own Japanese catalogues leave most of the
admin in English; locale_overrides/ja translates the rest. Each test here GETs
a screen a secretariat editor uses, as that editor (Japanese preference),
keeps what a person sees (text, and the title, aria-label, placeholder and alt
attributes; no scripts, styles or icons) and fails on the words in Latin
letters that are neither names (Wagtail, PDF, URL…) nor the world's own data.
The failure lists the English strings: add their translations to
locale_overrides/ja/LC_MESSAGES/django.po (bench/admin_ja_untranslated.py
lists the messages of the packages still untranslated).
"""

import datetime
import json
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Collection, Locale, Workflow
from wagtail.users.models import UserProfile

import polib
import pytest
from wagtail_factories import ImageFactory
from wagtail_localize.models import Translation, TranslationSource

from cms.translation.models import FuriganaReading
from home.models import NewsPage
from tests.conftest import point_default_site_at_home
from tests.home.factories import DocumentFactory, NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

# Words a Japanese editor meets in Latin letters on purpose: names of things
# and units. Not English sentences.
ALLOWED = {
    "LINE", "NPO", "PDF", "URL", "ID", "Wagtail", "CSV", "Excel", "ICS", "TOTP",
    "API", "HTML", "JavaScript", "Enter", "Tab", "Esc", "Ctrl", "Cmd", "Alt", "Shift",
    "Markdown", "PO", "px", "KB", "MB", "GB", "kB", "B", "Google", "DeepL",
    "OK", "XLSX", "SEO", "JPG", "JPEG", "PNG", "GIF", "WEBP", "AVIF", "HEIC", "SVG",
    # Wagtail's root page (above the site's home page) is called so in the data.
    "Root",
    # The world's user names (shown where Wagtail has no full name to show).
    "jimukyoku", "henshu",
}  # fmt: skip
# What the text loses before its words are looked at: addresses, paths and
# file names, and the names of the site's languages (written in themselves).
NOT_WORDS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|https?://\S+|www\.\S+|/[\w./?=&%-]*"  # URLs and paths
    r"|[\w.-]+\.(?:pdf|png|jpe?g|gif|webp|svg|docx?|xlsx?|csv|txt|po|ics)\b"  # file names
    r"|\b[0-9a-f]{8,}\b"  # hashes, tokens
    r"|%\(\w+\)[sd]|\{\w*\}"  # placeholders of the scripts' strings
)
# The time zone menu of the account settings lists the zones by their names.
TIME_ZONES = zoneinfo.available_timezones() | {"localtime"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
# Not shown: scripts, styles and icons. Hidden elements are read (the other
# tabs of the page editor, dialogs), except those a script fills in: Wagtail's
# side panel counter holds "None" until then.
SCRIPT_FILLED = {"data-side-panel-toggle-counter"}
HIDDEN_ELEMENTS = {"script", "style", "svg", "noscript"}
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class VisibleText(HTMLParser):
    """The text of a page a person sees or hears (screen readers included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.hidden = 0
        self.config = []
        self._in_config = False
        self._hidden_tag = None  # an element a script fills in…
        self._hidden_depth = 0  # …and how deep its own tag is nested in it

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("id") == "wagtail-config":
            self._in_config = True
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        elif self._hidden_tag == tag:
            self._hidden_depth += 1
        elif self._hidden_tag is None and SCRIPT_FILLED & set(attrs) and tag not in VOID_ELEMENTS:
            self._hidden_tag, self._hidden_depth = tag, 1
        else:
            self.collect(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        if tag not in HIDDEN_ELEMENTS:
            self.collect(tag, dict(attrs))

    def collect(self, tag, attrs):
        if self.hidden or self._hidden_tag:
            return
        for name, value in attrs.items():
            if name in VISIBLE_ATTRIBUTES and value:
                self.texts.append(value)
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1
        if tag == self._hidden_tag:
            self._hidden_depth -= 1
            if not self._hidden_depth:
                self._hidden_tag = None
        if tag == "script":
            self._in_config = False

    def handle_data(self, data):
        if self._in_config:
            self.config.append(data)
        elif not (self.hidden or self._hidden_tag) and data.strip():
            self.texts.append(data)


def english_in(texts, also_allowed=()):
    """The texts (stripped) that hold a Latin word not on the allow-list."""
    allowed = ALLOWED | set(also_allowed)
    language_names = [name for _code, name in settings.LANGUAGES]
    found = []
    for text in texts:
        text = " ".join(text.split())
        if text in TIME_ZONES:
            continue
        plain = NOT_WORDS.sub(" ", text)
        for name in language_names:
            plain = plain.replace(name, " ")
        # One letter is a key (Ctrl + b) or a unit, not English.
        words = [w for w in LATIN_WORD.findall(plain) if len(w) > 1 and w not in allowed]
        if words:
            found.append(text)
    return sorted(set(found))


def strings_in(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, str):
        yield value


def visible_english(html, also_allowed=()):
    parser = VisibleText()
    parser.feed(html)
    texts = list(parser.texts)
    # The strings the admin's scripts show (wagtailConfig.STRINGS: "Saving…",
    # "Add a comment", the StreamField menus…) are visible too.
    config = "".join(parser.config).strip()
    if config:
        texts += list(strings_in(json.loads(config).get("STRINGS", {})))
    return english_in(texts, also_allowed)


# --- the world -------------------------------------------------------------------


def make_user(username, groups, **names):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.jp", password="x", **names
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ja"
    profile.save()
    return user


@pytest.fixture(scope="module")
def world(module_db):
    home = point_default_site_at_home()
    news_index = NewsIndexPageFactory(parent=home)
    # A secretariat editor: writes pages, approves the others', keeps the register.
    editor = make_user(
        "henshu",
        ["Editors", "Moderators", "事務局"],
        first_name="花子",
        last_name="佐藤",
    )
    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="furiganareading"))
    writer = make_user("jimukyoku", ["Editors"], first_name="一郎", last_name="鈴木")
    news = NewsPageFactory(parent=news_index, title="相談窓口のお知らせ", slug="soudan")
    # A draft in moderation: submitted by the writer, waiting for the editor.
    news.title = "相談窓口のお知らせ（改訂）"
    revision = news.save_revision(user=writer)
    news.get_workflow().start(news, writer)
    revision.refresh_from_db()
    # An English translation through wagtail-localize.
    source, _created = TranslationSource.get_or_create_from_instance(news)
    english = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="en"), enabled=True
    )
    english.save_target(user=editor, publish=True)
    translated = news.get_translation(Locale.objects.get(language_code="en"))
    # A page scheduled to go live next week, locked by its writer.
    scheduled = NewsPageFactory(parent=news_index, title="交流会のご案内", slug="kouryukai")
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=7)
    scheduled.save_revision(user=editor).publish(user=editor)
    scheduled.locked, scheduled.locked_by, scheduled.locked_at = True, writer, timezone.now()
    scheduled.save(update_fields=["locked", "locked_by", "locked_at"])
    document = DocumentFactory(title="令和6年度事業報告")
    # In the root collection (wagtail_factories' own would make another root,
    # outside the editors' permissions).
    image = ImageFactory(title="交流会の写真", collection=Collection.get_first_root_node())
    reading = FuriganaReading.objects.create(word="市場", reading="いちば")
    return {
        "editor": editor,
        "home": home,
        "news_index": news_index,
        "news": news,
        "translated": translated,
        "scheduled": scheduled,
        "source": source,
        "document": document,
        "image": image,
        "reading": reading,
    }


# Not here: wagtail-localize's translations report, whose filter labels
# ("Source locale") and model name ("1 translation") Wagtail-localize never
# passes through gettext, so no catalogue can translate them.
SCREENS = {
    "dashboard": lambda w: reverse("wagtailadmin_home"),
    "explorer": lambda w: reverse("wagtailadmin_explore", args=[w["news_index"].pk]),
    "page edit": lambda w: reverse("wagtailadmin_pages:edit", args=[w["news"].pk]),
    "scheduled locked page edit": lambda w: reverse(
        "wagtailadmin_pages:edit", args=[w["scheduled"].pk]
    ),
    "page add": lambda w: reverse(
        "wagtailadmin_pages:add", args=["home", "newspage", w["news_index"].pk]
    ),
    "history": lambda w: reverse("wagtailadmin_pages:history", args=[w["news"].pk]),
    "workflow history": lambda w: reverse(
        "wagtailadmin_pages:workflow_history", args=[w["news"].pk]
    ),
    "workflow report": lambda w: reverse("wagtailadmin_reports:workflow"),
    "documents": lambda w: reverse("wagtaildocs:index"),
    "images": lambda w: reverse("wagtailimages:index"),
    "snippets": lambda w: reverse("wagtailsnippets_cms_translation_furiganareading:list"),
    "translation editor": lambda w: reverse("wagtailadmin_pages:edit", args=[w["translated"].pk]),
    "revisions compare": lambda w: reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[w["news"].pk, "live", w["news"].latest_revision_id],
    ),
    "page delete": lambda w: reverse("wagtailadmin_pages:delete", args=[w["news"].pk]),
    "page move": lambda w: reverse("wagtailadmin_pages:move", args=[w["news"].pk]),
    "page copy": lambda w: reverse("wagtailadmin_pages:copy", args=[w["news"].pk]),
    "page unpublish": lambda w: reverse("wagtailadmin_pages:unpublish", args=[w["news"].pk]),
    "approve dialog": lambda w: reverse(
        "wagtailadmin_pages:workflow_action",
        args=[w["news"].pk, "approve", w["news"].current_workflow_task_state.pk],
    ),
    "reject dialog": lambda w: reverse(
        "wagtailadmin_pages:workflow_action",
        args=[w["news"].pk, "reject", w["news"].current_workflow_task_state.pk],
    ),
    "document upload": lambda w: reverse("wagtaildocs:add_multiple"),
    "image upload": lambda w: reverse("wagtailimages:add_multiple"),
    "document edit": lambda w: reverse("wagtaildocs:edit", args=[w["document"].pk]),
    "image edit": lambda w: reverse("wagtailimages:edit", args=[w["image"].pk]),
    "snippet edit": lambda w: reverse(
        "wagtailsnippets_cms_translation_furiganareading:edit", args=[w["reading"].pk]
    ),
    "page search": lambda w: reverse("wagtailadmin_pages:search") + "?q=相談",
    "snippet add": lambda w: reverse("wagtailsnippets_cms_translation_furiganareading:add"),
    "submit translation": lambda w: reverse(
        "wagtail_localize:submit_page_translation", args=[w["news"].pk]
    ),
    "sync translations": lambda w: reverse(
        "wagtail_localize:update_translations", args=[w["source"].pk]
    ),
    "site history": lambda w: reverse("wagtailadmin_reports:site_history"),
    "account": lambda w: reverse("wagtailadmin_account"),
}


@pytest.mark.parametrize("screen", SCREENS)
def test_admin_screen_reads_in_japanese(client, world, screen):
    client.force_login(world["editor"])
    response = client.get(SCREENS[screen](world))
    assert response.status_code == 200, screen
    html = response.content.decode()
    if response["Content-Type"].startswith("application/json"):  # a dialog
        html = "".join(value for value in strings_in(response.json()) if "<" in value)
    english = visible_english(html)
    assert not english, f"English on {screen}:\n" + "\n".join(english)


def test_the_page_editor_holds_the_scheduling_dialog_in_japanese(client, world):
    client.force_login(world["editor"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world["news"].pk]))
    html = response.content.decode()
    assert "公開予定を設定" in html
    assert "この公開予定は、「予約公開する」を選んだ後に有効になります" in html


def test_the_workflow_has_a_japanese_name(client, world):
    assert set(Workflow.objects.values_list("name", flat=True)) == {"事務局の承認"}
    client.force_login(world["editor"])
    response = client.get(SCREENS["page add"](world))
    html = response.content.decode()
    assert "事務局の承認に提出する" in html
    assert "Moderators approval" not in html


# --- the moderation e-mails --------------------------------------------------------


def moderation_mail_english(messages):
    texts = []
    for message in messages:
        texts += [message.subject, *message.body.splitlines()]
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                parser = VisibleText()
                parser.feed(content)
                texts += parser.texts
    return english_in(texts)


@pytest.fixture
def submitted(world):
    """A new draft of the news page, submitted for moderation by its writer."""
    news = NewsPage.objects.get(pk=world["news"].pk)
    state = news.current_workflow_state
    state.cancel(user=world["editor"])
    mail.outbox.clear()
    writer = type(world["editor"]).objects.get(username="jimukyoku")
    news.save_revision(user=writer)
    state = news.get_workflow().start(news, writer)
    return state


def test_the_submitted_for_moderation_email_reads_in_japanese(submitted):
    messages = list(mail.outbox)
    assert messages, "no e-mail to the moderators"
    english = moderation_mail_english(messages)
    assert not english, "English in the e-mail:\n" + "\n".join(english)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_the_approved_and_rejected_emails_read_in_japanese(submitted, world, action):
    mail.outbox.clear()
    task_state = submitted.current_task_state.specific
    with translation.override("ja"):
        getattr(task_state, action)(user=world["editor"], comment="確認しました。")
    messages = list(mail.outbox)
    assert messages, f"no e-mail after {action}"
    english = moderation_mail_english(messages)
    assert not english, "English in the e-mail:\n" + "\n".join(english)


# --- the strings of the admin's scripts (djangojs catalogues) ----------------------


@pytest.mark.parametrize(
    ("url_name", "message", "japanese"),
    [
        ("wagtailadmin_javascript_catalog", "Autosave in progress…", "自動保存中…"),
        ("wagtail_localize:javascript_catalog", "Upload PO file", "PO ファイルをアップロード"),
        ("wagtail_localize:javascript_catalog", "Translate with ", "機械翻訳: "),
    ],
)
def test_the_scripts_strings_come_in_japanese(client, world, url_name, message, japanese):
    client.force_login(world["editor"])
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    # Django writes the catalogue as JSON, non-ASCII letters escaped.
    assert f"{json.dumps(message)}: {json.dumps(japanese)}" in response.content.decode()


# --- the override catalogues -------------------------------------------------------

OVERRIDES = sorted(Path(settings.LOCALE_OVERRIDES).glob("ja/LC_MESSAGES/*.po"))
NAMED = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def test_the_overrides_come_first_in_locale_paths():
    assert Path(settings.LOCALE_PATHS[0]) == Path(settings.LOCALE_OVERRIDES)
    assert [path.name for path in OVERRIDES] == ["django.po", "djangojs.po"]


@pytest.mark.parametrize("path", OVERRIDES, ids=lambda path: path.name)
def test_overrides_keep_the_placeholders_and_tags_of_wagtail(path):
    """Japanese has one plural form: msgstr[0] says what msgid_plural says."""
    wrong = []
    for entry in polib.pofile(str(path)):
        text = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        source = entry.msgid_plural or entry.msgid
        names = set(NAMED.findall(text))
        allowed = set(NAMED.findall(entry.msgid)) | set(NAMED.findall(source))
        # A plural, or a message no longer python-format (see its comment), may
        # leave a name out; none may bring one in.
        leave_out = entry.msgid_plural or "python-format" not in entry.flags
        kept = names == set(NAMED.findall(source)) or (leave_out and names <= allowed)
        tags = sorted(TAG.findall(text)) == sorted(TAG.findall(source))
        if not text or not kept or not tags:
            wrong.append(f"{entry.msgid!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_makemessages_leaves_the_overrides_alone(monkeypatch):
    """Django writes to the first of LOCALE_PATHS: our makemessages takes the
    overrides out of them, and out of the folders it scans."""
    from django.core.management.commands import makemessages as django_makemessages

    from cms.management.commands.makemessages import Command

    seen = {}

    def handle(self, *args, **options):
        seen["paths"] = [Path(path) for path in settings.LOCALE_PATHS]
        seen["ignored"] = options["ignore_patterns"]

    monkeypatch.setattr(django_makemessages.Command, "handle", handle)
    Command().handle(ignore_patterns=[], locale=["en"])
    assert seen["paths"] == [Path(settings.BASE_DIR) / "locale"]
    assert "locale_overrides" in seen["ignored"]
