"""cms.panels: slots that pages name and apps fill (home, not_found, search_empty)."""

import logging

from django.template import engines

import pytest

from cms import panels
from tests.home.factories import NewsIndexPageFactory

# Small templates of our own, so these tests need neither the database nor
# the real panels' markup.
TEMPLATES = {
    "test/panel.html": "<p>{{ text }}</p>\n",
    "test/request.html": "<p>{{ request.path }}|{{ who|default:'-' }}</p>",
    "test/blank.html": "\n   \n",
    "test/broken.html": "{% include 'test/missing.html' %}",
}


@pytest.fixture(autouse=True)
def registry(monkeypatch):
    """Each test registers into a copy: the apps' own panels come back afterwards."""
    copy = {slot: dict(registered) for slot, registered in panels._registry.items()}
    monkeypatch.setattr(panels, "_registry", copy)
    return copy


@pytest.fixture
def render(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
        }
    ]

    def render(slot, **context):
        template = engines["django"].from_string('{% load panel_tags %}{% panels "' + slot + '" %}')
        return template.render(context)

    return render


def text(value):
    return {"text": value}


def test_a_slot_shows_its_panels_by_order_then_name(render):
    panels.register("test", "c", template="test/panel.html", context=text("third"), order=20)
    panels.register("test", "b", template="test/panel.html", context=text("second"), order=10)
    panels.register("test", "a", template="test/panel.html", context=text("first"), order=10)
    panels.register("other", "x", template="test/panel.html", context=text("elsewhere"))

    assert [panel.name for panel in panels.panels_for("test")] == ["a", "b", "c"]
    assert render("test") == "<p>first</p>\n<p>second</p>\n<p>third</p>"


def test_registering_a_name_again_replaces_the_panel(render):
    panels.register("test", "a", template="test/panel.html", context=text("old"))
    panels.register("test", "a", template="test/panel.html", context=text("new"))
    assert render("test") == "<p>new</p>"
    panels.unregister("test", "a")
    assert render("test") == ""


def test_an_unknown_slot_renders_nothing(render):
    assert panels.panels_for("nobody-fills-this") == []
    assert render("nobody-fills-this") == ""


def test_the_context_function_reads_the_page_context_and_the_panel_gets_request(rf, render):
    panels.register("test", "a", template="test/request.html", context=lambda c: {"who": c["me"]})
    panels.register("test", "b", template="test/request.html", order=200)
    html = render("test", request=rf.get("/somewhere/"), me="<b>")
    # The panel sees its own values and the request, not the page's other variables.
    assert html == "<p>/somewhere/|&lt;b&gt;</p>\n<p>/somewhere/|-</p>"


def test_a_panel_with_nothing_to_show_renders_nothing(render):
    panels.register("test", "none", template="test/panel.html", context=lambda c: None)
    panels.register("test", "blank", template="test/blank.html")
    panels.register("test", "shown", template="test/panel.html", context=text("kept"))
    assert render("test") == "<p>kept</p>"


def test_a_failing_panel_is_logged_and_left_out(render, caplog):
    def fail(context):
        raise RuntimeError("provider bug")

    panels.register("test", "fails", template="test/panel.html", context=fail, order=1)
    panels.register("test", "broken", template="test/broken.html", order=2)
    panels.register("test", "missing", template="test/no-such-template.html", order=3)
    panels.register("test", "shown", template="test/panel.html", context=text("kept"), order=4)

    with caplog.at_level(logging.ERROR, logger="cms.panels"):
        assert render("test") == "<p>kept</p>"
    failed = [record.getMessage() for record in caplog.records]
    assert failed == [
        "Panel 'fails' of slot 'test' failed; left out",
        "Panel 'broken' of slot 'test' failed; left out",
        "Panel 'missing' of slot 'test' failed; left out",
    ]


# --- The apps' own panels ----------------------------------------------------


def test_apps_register_their_panels_in_ready():
    def names(slot):
        return [panel.name for panel in panels.panels_for(slot)]

    assert names("home") == [
        "support",
        "news",
        "events",
        "exchange",
        "reports",
        "figures",
        "network",
    ]
    assert names("home_network") == ["directory", "practices", "subcommittees"]
    assert names("not_found") == ["support_crisis", "news", "events", "reports"]
    assert names("search_empty") == ["support_crisis"]


@pytest.mark.django_db
def test_home_page_shows_the_apps_sections_and_cards_in_order(client, home_page):
    html = client.get("/").content.decode()
    headings = [
        "相談窓口をさがす",
        "お知らせ",
        "イベント",
        "報告書・会議資料",
        "会員団体とつながる",
    ]
    positions = [html.index(f'">{heading}</h2>') for heading in headings]
    assert positions == sorted(positions)
    network = html[positions[-1] :]
    cards = ["団体を探す</a></h3>", "取組事例</h3>", "分科会</h3>"]
    positions = [network.index(card) for card in cards]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_not_found_page_links_the_sections_that_exist(client, home_page, event_index):
    NewsIndexPageFactory(parent=home_page)
    html = client.get("/no-such-page/").content.decode()
    assert (
        '<li><a href="/news/">お知らせ</a></li>\n<li><a href="/events/">イベント</a></li>' in html
    )
    assert "/reports/" not in html  # this site has no report index


@pytest.mark.django_db
def test_an_empty_search_shows_the_search_empty_slot(client, event_index):
    panels.register(
        "search_empty",
        "events",
        template="includes/section_link.html",
        context=lambda context: {"section": "events", "query": context["query"]},
    )
    link = '<li><a href="/events/">イベント</a></li>'
    assert link in client.get("/search/", {"q": "どこにもない言葉"}).content.decode()
    assert link not in client.get("/search/").content.decode()  # no search, no slot
