"""``{% get_permission %}``: ours stands in for machina's library of that name."""

from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory

import pytest

from forum.templatetags import forum_permission_checks

rf = RequestFactory()


def render(source, **context):
    return Template("{% load forum_permission_tags %}" + source).render(Context(context))


def test_machinas_library_name_loads_ours():
    template = Template("{% load forum_permission_tags %}")
    library = template.engine.template_libraries["forum_permission_tags"]
    assert library is forum_permission_checks.register


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
    request.forum_permission_handler = forum_permission_checks.PermissionHandler()
    with pytest.raises(TemplateSyntaxError, match="Only the following methods"):
        render(f"{{% get_permission '{method}' request.user as ok %}}", request=request)
