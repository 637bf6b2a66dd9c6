"""``{% get_permission %}`` from forum_permissions, our faster copy of machina's tag."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

import pytest

from forum.templatetags import forum_permissions

rf = RequestFactory()
# The libraries a template loads: {% load a b %} gives a and b.
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def render(source, **context):
    return Template("{% load forum_permissions %}" + source).render(Context(context))


def test_our_forum_templates_load_ours():
    templates = Path(settings.BASE_DIR) / "templates" / "machina"
    asking = [path for path in templates.rglob("*.html") if "get_permission" in path.read_text()]
    assert asking
    for path in asking:
        loaded = {name for names in LOAD.findall(path.read_text()) for name in names.split()}
        assert "forum_permissions" in loaded, path
        assert "forum_permission_tags" not in loaded, path


def test_a_public_method_of_the_handler_answers():
    class Handler:
        def can_add_post(self, topic, user):
            return (topic, user) == ("topic", "user")

    request = rf.get("/")
    request.forum_permission_handler = Handler()
    html = render(
        "{% get_permission 'can_add_post' topic user as ok %}{{ ok }}",
        request=request,
        topic="topic",
        user="user",
    )
    assert html == "True"


@pytest.mark.parametrize("method", ["_perform_basic_permission_check", "no_such_check", "__init__"])
def test_only_public_methods_may_be_called(method):
    request = rf.get("/")
    request.forum_permission_handler = forum_permissions.permission_handler()
    with pytest.raises(TemplateSyntaxError, match="Only the following methods"):
        render(f"{{% get_permission '{method}' request.user as ok %}}", request=request)
