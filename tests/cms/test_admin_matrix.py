"""Issue 15's admin matrix: every URL under /admin/ × every role, on GET.

The URLs are found by walking the URL resolver (Wagtail's admin, the
register_admin_urls hooks, our viewsets and snippets), and made concrete from
one world built for the module: a page of each type with revisions, a
workflow under way, an image, a document, a snippet, each viewset's objects.
Page URLs are requested for a page of each type.

Each cell is the outcome the role must get:
  ok         200
  login      302 to the member sign-in (/accounts/login/)
  forbidden  403 (our refusal page for accounts without admin access, or
             Wagtail's), or Wagtail's redirect to the admin home with its
             "no permission" message
  gone       404 (the view has nothing to show here, e.g. a feature that is
             switched off, or an object of another kind)
  post       405: the view acts only on POST
  bad        400: the view wants parameters a bare GET does not have
  onward     302 to another admin page (e.g. the only parent a new page can have)
  error      500 (Wagtail's own error test view)
  2fa        302 to the second factor's set-up or code form

A URL pattern under /admin/ without a row in EXPECTED fails the test (deny by
default). The staff roles have passed a second factor (a TOTP authenticator
and allauth's "mfa" record in the session); one more role, staff that have
not, must meet the second factor on every admin URL.
"""

import fnmatch

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    Locale,
    Page,
    Site,
    Task,
    UploadedFile,
)

import pytest
from allauth.mfa.models import Authenticator

from cms.models import BackgroundFailure, OutboundEmail
from cms.translation.models import FuriganaReading
from events.models import Registration
from exchange.choices import Status as ListingStatus
from exchange.models import Listing
from kpi.models import Indicator
from organisations.choices import ApplicationStatus, MembershipRole
from organisations.models import (
    ActivityGroup,
    ActivityType,
    Prefecture,
    RegisterImport,
    TargetGroup,
)
from subcommittees import services
from subcommittees.models import Subcommittee
from support.models import CorrectionTopic, Trouble, Window, WindowCorrection, WindowProposal
from tests.conftest import point_default_site_at_home
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.home.factories import (
    DocumentFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
    StandardPageFactory,
)
from tests.organisations.conftest import make_personas
from tests.organisations.factories import ApplicationFactory, MembershipFactory, UserFactory
from tests.practices.helpers import make_image, make_index, make_practice
from tests.support.factories import make_window

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "org_admin",
    "coordinator",
    "non_member",
    "editor",
    "secretariat",
    "superuser",
]
STAFF = ("editor", "secretariat", "superuser")
NON_STAFF = ("member", "org_admin", "coordinator", "non_member")


def row(editor, secretariat, superuser, anonymous="login"):
    """A row: anonymous signs in, accounts without admin access are refused."""
    return {
        "anonymous": anonymous,
        **dict.fromkeys(NON_STAFF, "forbidden"),
        "editor": editor,
        "secretariat": secretariat,
        "superuser": superuser,
    }


EVERY_STAFF = row("ok", "ok", "ok")
# Wagtail's Moderators (the secretariat persona is in 事務局 and Moderators):
# publishing, unpublishing, moving, deleting pages, moderation.
PUBLISHERS = row("forbidden", "ok", "ok")
# Our register, vetting, vocabularies and subcommittees: the 事務局 group.
SECRETARIAT = row("forbidden", "ok", "ok")
SUPERUSER = row("forbidden", "forbidden", "ok")
NO_STAFF = row("forbidden", "forbidden", "forbidden")
POST_ONLY = row("post", "post", "post")
GONE = row("gone", "gone", "gone")
ONWARD = row("onward", "onward", "onward")
# Static admin assets: the same for everyone who may see the admin.
ASSET = row("ok", "ok", "ok", anonymous="ok")

VIEWSET = ("index", "index_results", "add", "edit", "delete", "history", "history_results",
           "usage")  # fmt: skip


def viewset(namespace, views, default, **rows):
    return {f"{namespace}:{view}": rows.get(view, default) for view in views}


EXPECTED = {
    # Our sign-in redirect (cms/urls.py) and Wagtail's 404 catch-all.
    "admin/login/": row("login", "login", "login"),
    "wagtailadmin_login": row("login", "login", "login"),
    "admin/test404/": EVERY_STAFF,
    "admin/^.*/$": GONE,
    "wagtailadmin_home": EVERY_STAFF,
    "wagtailadmin_error_test": row("error", "error", "error"),  # raises on purpose
    "wagtailadmin_sprite": ASSET,
    "wagtailadmin_javascript_catalog": ASSET,
    # Wagtail's password reset is off: allauth's has the rate limits.
    "wagtailadmin_password_reset": row("gone", "gone", "gone", anonymous="gone"),
    "wagtailadmin_password_reset_done": row("gone", "gone", "gone", anonymous="gone"),
    "wagtailadmin_password_reset_confirm": row("gone", "gone", "gone", anonymous="gone"),
    "wagtailadmin_password_reset_complete": row("gone", "gone", "gone", anonymous="gone"),
    "wagtailadmin_account": EVERY_STAFF,
    "wagtailadmin_logout": POST_ONLY,
    "wagtailadmin_dismissibles": EVERY_STAFF,
    "wagtailadmin_editing_sessions:ping": POST_ONLY,
    "wagtailadmin_editing_sessions:release": POST_ONLY,
    "wagtailadmin_block_preview": GONE,  # needs a block in the query
    # The admin API behind the page explorer and choosers
    "wagtailadmin_api:pages:listing": EVERY_STAFF,
    "wagtailadmin_api:pages:detail": EVERY_STAFF,
    "wagtailadmin_api:pages:find": GONE,
    "wagtailadmin_api:pages:action": POST_ONLY,
    "wagtailadmin_api:documents:listing": EVERY_STAFF,
    "wagtailadmin_api:documents:detail": EVERY_STAFF,
    "wagtailadmin_api:documents:find": GONE,
    "wagtailadmin_api:images:listing": EVERY_STAFF,
    "wagtailadmin_api:images:detail": EVERY_STAFF,
    "wagtailadmin_api:images:find": GONE,
    # Pages
    "wagtailadmin_explore_root": EVERY_STAFF,
    "wagtailadmin_explore": EVERY_STAFF,
    "wagtailadmin_explore_results": EVERY_STAFF,
    "wagtail_bulk_action/wagtailcore/page/delete": GONE,  # no ids chosen
    "wagtail_bulk_action/wagtailimages/image/delete": GONE,
    "wagtail_bulk_action/wagtaildocs/document/delete": GONE,
    "wagtail_bulk_action/auth/user/delete": row("forbidden", "forbidden", "gone"),
    "wagtailadmin_pages:add": EVERY_STAFF,
    # Index pages exist once (max_count); nothing is added above the home page.
    "wagtailadmin_pages:add@home.HomePage": NO_STAFF,
    "wagtailadmin_pages:add@*IndexPage": NO_STAFF,
    "wagtailadmin_pages:preview_on_add": EVERY_STAFF,
    "wagtailadmin_pages:preview_on_add@home.HomePage": NO_STAFF,
    "wagtailadmin_pages:type_use": EVERY_STAFF,
    "wagtailadmin_pages:type_use_results": EVERY_STAFF,
    "wagtailadmin_pages:choose_parent": ONWARD,  # one parent possible: straight to it
    "wagtailadmin_pages:choose_parent@home.StandardPage": EVERY_STAFF,
    "wagtailadmin_pages:usage": EVERY_STAFF,
    "wagtailadmin_pages:edit": EVERY_STAFF,
    "wagtailadmin_pages:preview_on_edit": EVERY_STAFF,
    "wagtailadmin_pages:view_draft": EVERY_STAFF,
    "wagtailadmin_pages:add_subpage": ONWARD,
    "wagtailadmin_pages:delete": PUBLISHERS,
    # Deleting the home page or a section index: superusers only.
    "wagtailadmin_pages:delete@home.HomePage": SUPERUSER,
    "wagtailadmin_pages:delete@*IndexPage": SUPERUSER,
    "wagtailadmin_pages:unpublish": PUBLISHERS,
    "wagtailadmin_pages:convert_alias": GONE,  # not an alias
    "wagtailadmin_pages:search": EVERY_STAFF,
    "wagtailadmin_pages:search_results": EVERY_STAFF,
    "wagtailadmin_pages:move": PUBLISHERS,
    # The confirmation too (Wagtail checked it only on POST: cms/wagtail_hooks.py).
    "wagtailadmin_pages:move_confirm": PUBLISHERS,
    "wagtailadmin_pages:set_page_position": POST_ONLY,
    "wagtailadmin_pages:copy": EVERY_STAFF,
    "wagtailadmin_pages:workflow_action": PUBLISHERS,
    "wagtailadmin_pages:collect_workflow_action_data": PUBLISHERS,
    "wagtailadmin_pages:confirm_workflow_cancellation": EVERY_STAFF,
    "wagtailadmin_pages:workflow_preview": PUBLISHERS,
    "wagtailadmin_pages:set_privacy": PUBLISHERS,
    "wagtailadmin_pages:lock": POST_ONLY,
    "wagtailadmin_pages:unlock": POST_ONLY,
    "wagtailadmin_pages:revisions_index": ONWARD,  # the page's history
    "wagtailadmin_pages:revisions_view": EVERY_STAFF,
    "wagtailadmin_pages:revisions_revert": EVERY_STAFF,
    "wagtailadmin_pages:revisions_unschedule": PUBLISHERS,
    "wagtailadmin_pages:revisions_compare": EVERY_STAFF,
    "wagtailadmin_pages:workflow_history": EVERY_STAFF,
    "wagtailadmin_pages:workflow_history_detail": EVERY_STAFF,
    "wagtailadmin_pages:history": EVERY_STAFF,
    "wagtailadmin_pages:history_results": EVERY_STAFF,
    # Choosers (Wagtail opens them to every admin user: they choose, not edit)
    "wagtailadmin_choose_page": EVERY_STAFF,
    "wagtailadmin_choose_page_child": EVERY_STAFF,
    "wagtailadmin_choose_page_search": EVERY_STAFF,
    "wagtailadmin_choose_page_chosen_multiple": EVERY_STAFF,
    "wagtailadmin_choose_page_external_link": EVERY_STAFF,
    "wagtailadmin_choose_page_email_link": EVERY_STAFF,
    "wagtailadmin_choose_page_phone_link": EVERY_STAFF,
    "wagtailadmin_choose_page_anchor_link": EVERY_STAFF,
    "wagtailadmin_tag_autocomplete": EVERY_STAFF,
    "wagtailadmin_tag_model_autocomplete": GONE,  # images have no tag model of their own
    "wagtaildocs_chooser:choose": EVERY_STAFF,
    "wagtaildocs_chooser:choose_results": EVERY_STAFF,
    "wagtaildocs_chooser:chosen": EVERY_STAFF,
    "wagtaildocs_chooser:chosen_multiple": EVERY_STAFF,
    "wagtaildocs_chooser:create": EVERY_STAFF,
    "wagtailimages_chooser:choose": EVERY_STAFF,
    "wagtailimages_chooser:choose_results": EVERY_STAFF,
    "wagtailimages_chooser:chosen": EVERY_STAFF,
    "wagtailimages_chooser:chosen_multiple": EVERY_STAFF,
    "wagtailimages_chooser:create": EVERY_STAFF,
    "wagtailimages_chooser:select_format": EVERY_STAFF,
    "wagtailadmin_workflows:task_chooser": EVERY_STAFF,
    "wagtailadmin_workflows:task_chooser_results": EVERY_STAFF,
    "wagtailadmin_workflows:task_chooser_create": EVERY_STAFF,
    "wagtailadmin_workflows:task_chosen": EVERY_STAFF,
    # Collections, workflows, redirects, sites, locales, users, groups: superusers
    "wagtailadmin_collections:index": SUPERUSER,
    "wagtailadmin_collections:add": SUPERUSER,
    "wagtailadmin_collections:edit": SUPERUSER,
    "wagtailadmin_collections:delete": row("gone", "gone", "ok"),
    "wagtailadmin_collections:set_privacy": SUPERUSER,
    "wagtailadmin_workflows:index": SUPERUSER,
    "wagtailadmin_workflows:index_results": SUPERUSER,
    "wagtailadmin_workflows:add": SUPERUSER,
    "wagtailadmin_workflows:enable": POST_ONLY,
    "wagtailadmin_workflows:disable": SUPERUSER,
    "wagtailadmin_workflows:edit": SUPERUSER,
    "wagtailadmin_workflows:usage": SUPERUSER,
    "wagtailadmin_workflows:usage_results": SUPERUSER,
    "wagtailadmin_workflows:remove[page_pk]": POST_ONLY,
    "wagtailadmin_workflows:remove[page_pk,workflow_pk]": POST_ONLY,
    "wagtailadmin_workflows:add_task": SUPERUSER,
    "wagtailadmin_workflows:select_task_type": row("forbidden", "forbidden", "onward"),
    "wagtailadmin_workflows:task_index": SUPERUSER,
    "wagtailadmin_workflows:task_index_results": SUPERUSER,
    "wagtailadmin_workflows:edit_task": SUPERUSER,
    "wagtailadmin_workflows:disable_task": SUPERUSER,
    "wagtailadmin_workflows:enable_task": POST_ONLY,
    "wagtailredirects:index": SUPERUSER,
    "wagtailredirects:index_results": SUPERUSER,
    "wagtailredirects:add": SUPERUSER,
    "wagtailredirects:edit": SUPERUSER,
    "wagtailredirects:delete": SUPERUSER,
    "wagtailredirects:start_import": SUPERUSER,
    "wagtailredirects:process_import": row("forbidden", "forbidden", "post"),
    **viewset("wagtailsites", (*VIEWSET, "copy"), SUPERUSER),
    **viewset("wagtaillocales", (*VIEWSET, "copy"), SUPERUSER),
    **viewset("wagtailusers_users", (*VIEWSET, "copy"), SUPERUSER),
    **viewset("wagtailusers_groups", VIEWSET, SUPERUSER),
    # Reports
    "wagtailadmin_reports:locked_pages": PUBLISHERS,
    "wagtailadmin_reports:locked_pages_results": PUBLISHERS,
    "wagtailadmin_reports:workflow": EVERY_STAFF,
    "wagtailadmin_reports:workflow_results": EVERY_STAFF,
    "wagtailadmin_reports:workflow_tasks": EVERY_STAFF,
    "wagtailadmin_reports:workflow_tasks_results": EVERY_STAFF,
    "wagtailadmin_reports:site_history": EVERY_STAFF,
    "wagtailadmin_reports:site_history_results": EVERY_STAFF,
    "wagtailadmin_reports:aging_pages": EVERY_STAFF,
    "wagtailadmin_reports:aging_pages_results": EVERY_STAFF,
    "wagtailadmin_reports:page_types_usage": EVERY_STAFF,
    "wagtailadmin_reports:page_types_usage_results": EVERY_STAFF,
    # Forms (no form page type on this site)
    "wagtailforms:index": EVERY_STAFF,
    "wagtailforms:index_results": EVERY_STAFF,
    "wagtailforms:list_submissions": GONE,
    "wagtailforms:list_submissions_results": GONE,
    "wagtailforms:delete_submissions": NO_STAFF,
    # Site settings: superusers
    "wagtailsettings:edit[app_name,model_name]/home/sitesettings": row(
        "forbidden", "forbidden", "onward"
    ),
    "wagtailsettings:edit[app_name,model_name]/cms_translation/machinetranslationsettings": row(
        "forbidden", "forbidden", "onward"
    ),
    "wagtailsettings:edit[app_name,model_name,pk]/home/sitesettings": SUPERUSER,
    "wagtailsettings:edit[app_name,model_name,pk]/cms_translation/machinetranslationsettings": (
        SUPERUSER
    ),
    "wagtailsettings:preview_on_edit/home/sitesettings": row("forbidden", "forbidden", "gone"),
    "wagtailsettings:preview_on_edit/cms_translation/machinetranslationsettings": row(
        "forbidden", "forbidden", "gone"
    ),
    # Translations (wagtail-localize)
    "wagtail_localize:javascript_catalog": EVERY_STAFF,
    "wagtail_localize:submit_page_translation": EVERY_STAFF,
    "wagtail_localize:submit_snippet_translation": GONE,  # the snippet is not translatable
    "wagtail_localize:update_translations": EVERY_STAFF,
    "wagtail_localize:edit_string_translation": POST_ONLY,
    "wagtail_localize:edit_override": POST_ONLY,
    "wagtail_localize:download_pofile": EVERY_STAFF,
    "wagtail_localize:upload_pofile": POST_ONLY,
    "wagtail_localize:machine_translate": POST_ONLY,
    "wagtail_localize:preview_translation[translation_id]": EVERY_STAFF,
    # Pages have one preview mode, the default "" (no URL of its own).
    "wagtail_localize:preview_translation[translation_id,mode]": GONE,
    "wagtail_localize:stop_translation": POST_ONLY,
    "wagtail_localize:convert_to_alias": GONE,
    "wagtail_localize:translations_report": EVERY_STAFF,
    "wagtail_localize:translations_report_results": EVERY_STAFF,
    "wagtail_localize:snippets_api_listing": EVERY_STAFF,
    "wagtail_localize:snippets_api_detail": EVERY_STAFF,
    # Documents and images (Editors and Moderators have them on the root collection)
    "wagtaildocs:index": EVERY_STAFF,
    "wagtaildocs:index_results": EVERY_STAFF,
    "wagtaildocs:add": EVERY_STAFF,
    "wagtaildocs:edit": EVERY_STAFF,
    "wagtaildocs:delete": EVERY_STAFF,
    "wagtaildocs:add_multiple": EVERY_STAFF,
    "wagtaildocs:edit_multiple": POST_ONLY,
    "wagtaildocs:create_multiple_from_uploaded_document": POST_ONLY,
    "wagtaildocs:delete_multiple": POST_ONLY,
    "wagtaildocs:delete_upload_multiple": POST_ONLY,
    "wagtaildocs:document_usage": EVERY_STAFF,
    "wagtailimages:index": EVERY_STAFF,
    "wagtailimages:index_results": EVERY_STAFF,
    "wagtailimages:edit": EVERY_STAFF,
    "wagtailimages:delete": EVERY_STAFF,
    "wagtailimages:url_generator": GONE,  # dynamic image serve URLs are off
    "wagtailimages:url_generator_output": GONE,
    "wagtailimages:preview": EVERY_STAFF,
    "wagtailimages:add": EVERY_STAFF,
    "wagtailimages:image_usage": EVERY_STAFF,
    "wagtailimages:add_multiple": EVERY_STAFF,
    "wagtailimages:edit_multiple": POST_ONLY,
    "wagtailimages:create_multiple_from_uploaded_image": POST_ONLY,
    "wagtailimages:delete_multiple": POST_ONLY,
    "wagtailimages:delete_upload_multiple": POST_ONLY,
    # Snippets: the furigana readings, edited by superusers
    "wagtailsnippets:index": SUPERUSER,
    **viewset(
        "wagtailsnippets_cms_translation_furiganareading",
        ("list", "list_results", "add", "edit", "delete", "usage", "history", "history_results",
         "copy"),
        SUPERUSER,
    ),  # fmt: skip
    **viewset(
        "wagtailsnippetchoosers_cms_translation_furiganareading",
        ("choose", "choose_results", "chosen", "chosen_multiple", "create"),
        EVERY_STAFF,
        create=SUPERUSER,
    ),
    # Ours: vetting, the register, vocabularies, subcommittees (事務局)
    "applications:index": SECRETARIAT,
    "applications:index_results": SECRETARIAT,
    "applications:inspect": SECRETARIAT,
    "applications:accept": row("forbidden", "post", "post"),
    "applications:decline": row("forbidden", "post", "post"),
    "applications:letter": row("forbidden", "gone", "gone"),  # no letter uploaded
    **viewset(
        "organisation_register",
        (*VIEWSET, "status", "audit"),
        SECRETARIAT,
        delete=SUPERUSER,
    ),
    "organisations_register_import": SECRETARIAT,
    # Each upload's report is its uploader's only.
    "organisations_register_import_report": row("forbidden", "ok", "gone"),
    "organisations_register_template": SECRETARIAT,
    "organisations_register_export": SECRETARIAT,
    **viewset("activitygroup", (*VIEWSET, "reorder"), SECRETARIAT, delete=SUPERUSER,
              reorder=row("forbidden", "post", "post")),
    **viewset("activitytype", VIEWSET, SECRETARIAT, delete=SUPERUSER),
    **viewset("targetgroup", (*VIEWSET, "reorder"), SECRETARIAT, delete=SUPERUSER,
              reorder=row("forbidden", "post", "post")),
    **viewset("prefecture", VIEWSET, SECRETARIAT, add=SUPERUSER, delete=SUPERUSER),
    # Subcommittees are never deleted (they are closed): nobody opens delete.
    **viewset("subcommittee_admin", VIEWSET, SECRETARIAT, delete=NO_STAFF),
    # Support windows and the trouble vocabulary (相談窓口): the 事務局 keeps them.
    **viewset("support_windows", VIEWSET, SECRETARIAT),
    **viewset("support_troubles", (*VIEWSET, "reorder"), SECRETARIAT, delete=SUPERUSER,
              reorder=row("forbidden", "post", "post")),
    # Members' proposals: the 事務局 reads and marks them; they are made on the site.
    **viewset("support_proposals", VIEWSET, SECRETARIAT, add=SUPERUSER, delete=SUPERUSER),
    # Deletion requests (privacy) and reports (reports): the 事務局's queues.
    "privacy_deletion_requests": SECRETARIAT,
    "privacy_confirm_deletion": row("forbidden", "post", "post"),
    "reports_admin_queue": SECRETARIAT,
    # Event registrations (personal data, 合理的配慮): the 事務局 only; nobody
    # adds or deletes them here (they come from the form, and are purged).
    **viewset("event_registrations", VIEWSET, SECRETARIAT, add=NO_STAFF,
              delete=NO_STAFF),
    "events_summary": SECRETARIAT,
    "events_check_in": SECRETARIAT,
    "events_message": SECRETARIAT,
    "events_check_in_toggle": row("forbidden", "post", "post"),
    # Background work (cms/admin_background.py): the 事務局 reads and retries;
    # nobody adds, edits or deletes a row, superusers included (nor sees the
    # history and usage views, which want "change").
    **viewset("cms_outbox", (*VIEWSET, "inspect", "retry"), NO_STAFF, index=SECRETARIAT,
              index_results=SECRETARIAT, inspect=SECRETARIAT, retry=SECRETARIAT),
    **viewset("cms_failures", (*VIEWSET, "inspect", "retry"), NO_STAFF, index=SECRETARIAT,
              index_results=SECRETARIAT, inspect=SECRETARIAT, retry=SECRETARIAT),
    # 相談窓口: the 事務局 imports windows and reads residents' corrections
    # (sent from the site, so only a superuser adds or deletes one here).
    "support_windows_import": SECRETARIAT,
    **viewset("support_corrections", VIEWSET, SECRETARIAT, add=SUPERUSER, delete=SUPERUSER),
    # ニーズ×シーズ: members post their needs and offers on the site; the
    # 事務局 edits or hides any; only a superuser adds or deletes one here.
    **viewset("exchange_listings", VIEWSET, SECRETARIAT, add=SUPERUSER, delete=SUPERUSER),
    # The fiscal year in numbers: the 事務局's dashboard, targets, entries and
    # exports; marking a year reported is a POST.
    "kpi_dashboard": SECRETARIAT,
    "kpi_new_indicator": SECRETARIAT,
    "kpi_indicator": SECRETARIAT,
    "kpi_reported": row("forbidden", "post", "post"),
    "kpi_export": SECRETARIAT,
    "kpi_print": SECRETARIAT,
}  # fmt: skip

# Patterns this test does not request, each with its reason. Keep it short.
SKIPPED = {}


# --- The world ---------------------------------------------------------------


def _with_revisions(page, user):
    """A published page with a draft after it: revisions to view and compare."""
    page.save_revision(user=user).publish(user=user)
    page.title += "（改訂）"
    page.save_revision(user=user)
    return Page.objects.get(pk=page.pk).specific


def build_world():
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from wagtail.admin.models import EditingSession
    from wagtail.images import get_image_model

    from wagtail_localize.models import (
        OverridableSegment,
        StringSegment,
        Translation,
        TranslationSource,
    )

    from privacy.models import DeletionRequest

    home = point_default_site_at_home()
    personas = make_personas()
    secretariat = personas["secretariat"]
    superuser = UserFactory(username="root")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    coordinator = MembershipFactory(
        organisation=personas["org_b"], role=MembershipRole.STAFF, user__username="coordinator"
    ).user
    subcommittee = services.create_subcommittee(
        by=secretariat,
        name="こども食堂分科会",
        slug="kodomo",
        theme="こども食堂の運営",
        visibility=Subcommittee.Visibility.MEMBERS,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
        coordinators=[coordinator],
    )
    users = {
        "member": personas["org_a_staff"],
        "org_admin": personas["org_a_admin"],
        "coordinator": coordinator,
        "non_member": personas["outsider"],
        "editor": UserFactory(username="editor", groups=["Editors"]),
        "secretariat": secretariat,
        "superuser": superuser,
    }

    news_index = NewsIndexPageFactory(parent=home)
    report_index = ReportIndexPageFactory(parent=home)
    event_index = EventIndexPageFactory(parent=home)
    practice_index = make_index(home)
    pages = {
        "home.HomePage": home,
        "home.StandardPage": StandardPageFactory(parent=home),
        "home.NewsIndexPage": news_index,
        "home.NewsPage": NewsPageFactory(parent=news_index),
        "home.ReportIndexPage": report_index,
        "home.ReportPage": ReportPageFactory(parent=report_index),
        "events.EventIndexPage": event_index,
        "events.EventPage": EventPageFactory(parent=event_index),
        "practices.PracticeIndexPage": practice_index,
        "practices.PracticePage": make_practice(practice_index, personas["org_a"]),
    }
    pages = {label: _with_revisions(page, superuser) for label, page in pages.items()}

    # A page in moderation: the default workflow's first task is under way.
    moderated = _with_revisions(
        StandardPageFactory(parent=home, title="審査中", slug="in-moderation"), superuser
    )
    workflow = moderated.get_workflow()  # the default one, 事務局の承認 (home 0005)
    workflow_state = workflow.start(moderated, superuser)
    task_state = workflow_state.current_task_state

    image = make_image()
    document = DocumentFactory()
    collection = Collection.get_first_root_node().add_child(name="報告書")
    english = Locale.objects.get_or_create(language_code="en")[0]
    source, _ = TranslationSource.get_or_create_from_instance(pages["home.NewsPage"])
    translation = Translation.objects.create(source=source, target_locale=english)
    translation.save_target(user=superuser)
    session = EditingSession.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(pages["home.NewsPage"].pk),
        last_seen_at=timezone.now(),
    )

    def upload(model):
        return UploadedFile.objects.create(
            file=SimpleUploadedFile("upload.txt", b"x"),
            for_content_type=ContentType.objects.get_for_model(model),
            uploaded_by_user=superuser,
        )

    objects = {
        "page": pages["home.StandardPage"],
        "pages": pages,
        "moderated": moderated,
        "workflow": workflow,
        "workflow_state": workflow_state,
        "task_state": task_state,
        "task": Task.objects.get(pk=task_state.task_id),
        "image": image,
        "document": document,
        "image_upload": upload(get_image_model()),
        "document_upload": upload(get_document_model()),
        "collection": collection,
        "redirect": Redirect.objects.create(old_path="/old-page", redirect_link="/"),
        "snippet": FuriganaReading.objects.create(word="市場", reading="いちば"),
        "locale": english,
        "site": Site.objects.get(is_default_site=True),
        "user": personas["outsider"],
        "group": Group.objects.get(name="Editors"),
        "application": ApplicationFactory(status=ApplicationStatus.SUBMITTED),
        "organisation": personas["org_b"],
        "register_import": RegisterImport.objects.create(
            created_by=secretariat, filename="r.csv", content=b"\xef\xbb\xbf"
        ),
        "activitygroup": ActivityGroup.objects.first(),
        "activitytype": ActivityType.objects.first(),
        "targetgroup": TargetGroup.objects.first(),
        "prefecture": Prefecture.objects.first(),
        "subcommittee": subcommittee,
        "support_window": make_window(name="マトリクスの窓口"),
        "support_trouble": Trouble.objects.first(),
        "support_proposal": WindowProposal.objects.create(
            organisation=personas["org_b"],
            name="提案",
            summary="提案",
            hours="月",
            phone="0120-000-000",
        ),
        "translation": translation,
        "translation_source": source,
        "string_segment": StringSegment.objects.filter(source=source).first(),
        "overridable_segment": OverridableSegment.objects.filter(source=source).first(),
        "editing_session": session,
        "registration": Registration.objects.create(
            event=pages["events.EventPage"],
            name="申込 太郎",
            email="taro@example.jp",
            status="confirmed",
        ),
        "deletion_request": DeletionRequest.objects.create(
            user=personas["outsider"], name="削除 申出", email="leaving@example.jp"
        ),
        "outbound_email": OutboundEmail.objects.create(
            to=["member@example.jp"], subject="送信失敗", body="本文", last_error="SMTPError"
        ),
        "background_failure": BackgroundFailure.objects.create(
            task="search.tasks.update_search_index", args=["home.newspage", [1]]
        ),
        "support_correction": WindowCorrection.objects.create(
            window=Window.objects.first(),
            topic=CorrectionTopic.choices[0][0],
            details="番号がちがう",
        ),
        "exchange_listing": Listing.objects.create(
            organisation=personas["org_b"],
            kind="need",
            resource_type="place",
            title="会場を探しています",
            description="調理できる場所",
            status=ListingStatus.OPEN,
        ),
        "kpi_indicator": Indicator.objects.create(
            key="matrix-leaflets", name="配布したチラシ", unit="部"
        ),
    }
    return {"users": users, "objects": objects}


@pytest.fixture(scope="module")
def world(module_db, tmp_path_factory):
    """Built once for the module; its files live in a media directory of its own."""
    media_root = tmp_path_factory.mktemp("admin-matrix-media")
    with override_settings(MEDIA_ROOT=media_root):
        return {**build_world(), "media_root": media_root}


# --- Every admin URL, made concrete ------------------------------------------


def admin_patterns():
    """[(key, name, route, params)] for every URL pattern under /admin/.

    ``key`` is the URL name; a name shared by two patterns (Wagtail reuses
    some, with and without an argument) gets its parameters appended.
    """
    found = []

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if namespace and inner:
                    inner = f"{namespace}:{inner}"
                walk(pattern.url_patterns, route, inner or namespace)
            elif isinstance(pattern, URLPattern) and route.startswith(ADMIN_ROUTES):
                name = pattern.name and (
                    f"{namespace}:{pattern.name}" if namespace else pattern.name
                )
                params = tuple(pattern.pattern.regex.groupindex)
                found.append((name, route, params))

    walk(get_resolver().url_patterns)
    names = [name for name, _, _ in found]
    patterns = []
    for name, route, params in found:
        if name is None:
            key = route
        elif names.count(name) > 1:
            key = f"{name}[{','.join(params)}]"
        else:
            key = name
        patterns.append((key, name, route, params))
    return patterns


ADMIN_ROUTES = ("admin/", "django-admin/")

# The page views that render a page's own fields are requested for a page of
# each type (cell "name@app.Model"); the others for a standard page.
PAGE_TYPE_URLS = {
    f"wagtailadmin_pages:{view}"
    for view in ("add", "preview_on_add", "edit", "preview_on_edit", "view_draft", "delete",
                 "revisions_view", "revisions_compare", "history", "workflow_history",
                 "choose_parent", "type_use")
}  # fmt: skip
# URLs about a page in moderation: the page the default workflow runs on.
WORKFLOW_URLS = {
    "wagtailadmin_pages:workflow_action",
    "wagtailadmin_pages:collect_workflow_action_data",
    "wagtailadmin_pages:confirm_workflow_cancellation",
    "wagtailadmin_pages:workflow_preview",
    "wagtailadmin_pages:workflow_history_detail",
}
# Views whose URL names a page type and the parent page to add it under.
ADD_URLS = {"wagtailadmin_pages:add", "wagtailadmin_pages:preview_on_add"}
# namespace (or URL name) -> the world's object a "pk" stands for
PK_OBJECTS = {
    "wagtailadmin_collections": "collection",
    "wagtailadmin_workflows": "workflow",
    "wagtailadmin_workflows:edit_task": "task",
    "wagtailadmin_workflows:disable_task": "task",
    "wagtailadmin_workflows:enable_task": "task",
    "wagtailsnippets_cms_translation_furiganareading": "snippet",
    "wagtailsnippetchoosers_cms_translation_furiganareading": "snippet",
    "wagtail_localize": "snippet",
    "wagtaildocs_chooser": "document",
    "wagtailimages_chooser": "image",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_api:images": "image",
    "applications": "application",
    "organisation_register": "organisation",
    "organisations_register_import_report": "register_import",
    "activitygroup": "activitygroup",
    "activitytype": "activitytype",
    "targetgroup": "targetgroup",
    "prefecture": "prefecture",
    "subcommittee_admin": "subcommittee",
    "support_windows": "support_window",
    "support_troubles": "support_trouble",
    "support_proposals": "support_proposal",
    "privacy_confirm_deletion": "deletion_request",
    "event_registrations": "registration",
    "events_check_in_toggle": "registration",
    "cms_outbox": "outbound_email",
    "cms_failures": "background_failure",
    "support_corrections": "support_correction",
    "exchange_listings": "exchange_listing",
    "wagtaillocales": "locale",
    "wagtailsites": "site",
    "wagtailsettings": "site",
    "wagtailusers_users": "user",
    "wagtailusers_groups": "group",
}
MODEL_ARGS = {
    "wagtail_bulk_action": [
        {"app_label": "wagtailcore", "model_name": "page", "action": "delete"},
        {"app_label": "wagtailimages", "model_name": "image", "action": "delete"},
        {"app_label": "wagtaildocs", "model_name": "document", "action": "delete"},
        {"app_label": "auth", "model_name": "user", "action": "delete"},
    ],
    "wagtailadmin_workflows:add_task": [
        {"app_label": "wagtailcore", "model_name": "groupapprovaltask"}
    ],
    "wagtailadmin_tag_model_autocomplete": [{"app_name": "wagtailimages", "model_name": "image"}],
    "wagtailsettings": [
        {"app_name": "home", "model_name": "sitesettings"},
        {"app_name": "cms_translation", "model_name": "machinetranslationsettings"},
    ],
    "wagtail_localize": [{"app_label": "cms_translation", "model_name": "furiganareading"}],
    "wagtailadmin_editing_sessions:ping": [{"app_label": "wagtailcore", "model_name": "page"}],
}


def _pk_object(name, objects):
    for candidate in (name, name.rsplit(":", 1)[0]):
        if candidate in PK_OBJECTS:
            return objects[PK_OBJECTS[candidate]]
    raise LookupError(f"no object for the pk of {name}")


def _model_args(name):
    for candidate in (name, name.rsplit(":", 1)[0]):
        if candidate in MODEL_ARGS:
            return MODEL_ARGS[candidate]
    return [{}]


def concrete_urls(key, name, route, params, objects):
    """[(cell key, URL)] for one pattern: one URL, or one per page type."""
    if name is None:  # our /admin/login/ redirect, Wagtail's 404 catch-alls
        return [(key, "/" + route.replace("^.*/$", "no-such-view/"))]
    if name in WORKFLOW_URLS:
        pages = {"": objects["moderated"]}
    elif name in PAGE_TYPE_URLS:
        pages = objects["pages"]
    else:
        pages = {"": objects["page"]}
    urls = []
    for page_type, page in pages.items():
        for model_args in _model_args(name):
            kwargs = {param: _value(param, name, page, model_args, objects) for param in params}
            cell = f"{key}@{page_type}" if page_type else key
            if len(_model_args(name)) > 1:
                cell += "/" + "/".join(str(v) for v in model_args.values())
            urls.append((cell, reverse(name, kwargs=kwargs)))
    return urls


def _value(param, name, page, model_args, objects):
    if param in model_args:
        return model_args[param]
    if param in ("content_type_app_name", "app_label") and name.startswith("wagtailadmin_pages:"):
        return page._meta.app_label
    if param in ("content_type_model_name", "model_name") and name.startswith(
        "wagtailadmin_pages:"
    ):
        return page._meta.model_name
    if param == "parent_page_id" and name in ADD_URLS:
        return page.get_parent().pk
    if param == "object_id":
        return str(page.pk)
    if param == "pk" and (name.startswith("wagtailadmin_pages:") or "api:pages" in name):
        return page.pk
    if param == "pk":
        return _pk_object(name, objects).pk
    if param == "uploaded_file_id":
        return objects["image_upload" if "images" in name else "document_upload"].pk
    if param == "task_id" and name == "wagtailadmin_workflows:task_chosen":
        return objects["task"].pk
    simple = {
        "page_id": page.pk,
        "parent_page_id": page.pk,
        "page_to_move_id": page.pk,
        "destination_id": objects["pages"]["home.HomePage"].pk,
        "revision_id": page.latest_revision_id,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "workflow_state_id": objects["workflow_state"].pk,
        "task_state_id": objects["task_state"].pk,
        "task_id": objects["task"].pk,
        "action_name": "approve",
        "image_id": objects["image"].pk,
        "document_id": objects["document"].pk,
        "doc_id": objects["document"].pk,
        "collection_id": objects["collection"].pk,
        "redirect_id": objects["redirect"].pk,
        "filter_spec": "original",
        "mode": "default",
        "translation_id": objects["translation"].pk,
        "translation_source_id": objects["translation_source"].pk,
        "string_segment_id": objects["string_segment"].pk,
        "overridable_segment_id": getattr(objects["overridable_segment"], "pk", 1),
        "session_id": objects["editing_session"].pk,
        "uidb64": "MQ",
        "token": "set-password",
        "page_pk": Page.get_first_root_node().pk,
        "workflow_pk": objects["workflow"].pk,
        "action": "delete",
        "event_id": objects["pages"]["events.EventPage"].pk,
        "key": objects["kpi_indicator"].key,
        "file_format": "csv",
    }
    return simple[param]


def all_urls(objects):
    return [
        cell
        for key, name, route, params in admin_patterns()
        if key not in SKIPPED
        for cell in concrete_urls(key, name, route, params, objects)
    ]


# --- Requests ----------------------------------------------------------------


def outcome(response):
    status = response.status_code
    location = response.get("Location", "")
    if status == 200:
        return "ok"
    if status == 302 and location.startswith(("/accounts/login/", "/admin/login/")):
        return "login"
    if status == 302 and location.startswith(("/accounts/2fa/", "/accounts/reauthenticate")):
        return "2fa"
    if status == 403 or (status == 302 and location == "/admin/"):
        return "forbidden"
    if status == 404:
        return "gone"
    if status == 405:
        return "post"
    if status == 400:
        return "bad"
    if status == 500:
        return "error"
    if status == 302 and location.startswith("/admin/"):
        return "onward"
    return f"{status} {location}"


def sign_in(client, user, *, second_factor=True):
    """Sign ``user`` in; staff have a TOTP authenticator, and the session passed it.

    Also after a view signed the user out (Wagtail's logout view does on GET,
    answering 405 only after).
    """
    from django.test import RequestFactory

    from allauth.account.internal.flows.login import record_authentication

    client.force_login(user)
    if second_factor and user.has_perm("wagtailadmin.access_admin"):
        authenticator, _ = Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
        )
        request = RequestFactory().get("/")
        request.session = client.session
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")
        request.session.save()
    return client


def expected_row(cell):
    """The row for a cell: its own, a page-type pattern's, or its URL name's."""
    if cell in EXPECTED:
        return EXPECTED[cell]
    for pattern, expected in EXPECTED.items():
        if "*" in pattern and fnmatch.fnmatchcase(cell, pattern):
            return expected
    return EXPECTED.get(cell.split("@")[0])


def test_every_admin_url_has_a_row(world):
    keys = {key for key, _, _, _ in admin_patterns()}
    cells = all_urls(world["objects"])
    assert [cell for cell, _ in cells if expected_row(cell) is None] == [], (
        "admin URLs without a row in EXPECTED (deny by default: decide who may open them)"
    )
    names = keys | {cell for cell, _ in cells}
    stale = [pattern for pattern in EXPECTED if "*" not in pattern and pattern not in names]
    assert stale == [], "rows for admin URLs that no longer exist"
    assert set(SKIPPED) <= keys


def _signed_in_client(world, role, *, second_factor=True):
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        sign_in(client, world["users"][role], second_factor=second_factor)
    return client


def _walk(world, role, expected_of, *, second_factor=True):
    """GET every admin URL as ``role``: (cells requested, {cell: mismatch})."""
    client = _signed_in_client(world, role, second_factor=second_factor)
    mismatches = {}
    cells = all_urls(world["objects"])
    for cell, url in cells:
        got = outcome(client.get(url))
        expected = expected_of(cell)
        if got != expected:
            mismatches[f"{cell} {url}"] = f"expected {expected}, got {got}"
        if role != "anonymous" and "_auth_user_id" not in client.session:
            # Wagtail's logout view signs out on GET before answering 405.
            client = _signed_in_client(world, role, second_factor=second_factor)
    return len(cells), mismatches


@pytest.fixture
def matrix_settings(settings, world):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    settings.MEDIA_ROOT = world["media_root"]
    return settings


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, world, matrix_settings):
    cells, mismatches = _walk(world, role, lambda cell: expected_row(cell)[role])
    print(f"\nadmin matrix, {role}: {cells} URLs, {len(mismatches)} mismatches")  # noqa: T201
    assert not mismatches, "\n".join(f"{cell}: {what}" for cell, what in mismatches.items())


@pytest.mark.parametrize("role", STAFF)
def test_staff_without_the_second_factor_meet_it_on_every_admin_url(role, world, matrix_settings):
    """The same URLs, signed in without passing a second factor: each one asks for it.

    The editor has no authenticator (sent to set one up); the secretariat and
    the superuser have one that the session never passed (asked for the code).
    """
    user = world["users"][role]
    if role == "editor":
        Authenticator.objects.filter(user=user).delete()
    else:
        Authenticator.objects.get_or_create(
            user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "x"}}
        )
    cells, mismatches = _walk(world, role, lambda cell: "2fa", second_factor=False)
    summary = f"{role} without a second factor: {cells} URLs, {len(mismatches)} mismatches"
    print(f"\nadmin matrix, {summary}")  # noqa: T201
    assert not mismatches, "\n".join(f"{cell}: {what}" for cell, what in mismatches.items())


def test_matrix_size(world):
    urls = len(all_urls(world["objects"]))
    patterns = len(admin_patterns()) - len(SKIPPED)
    rows = len(ROLES) + len(STAFF)
    print(  # noqa: T201
        f"\nadmin matrix: {patterns} URL patterns as {urls} URLs × {len(ROLES)} roles"
        f" + {len(STAFF)} staff without a second factor = {urls * rows} cells"
    )
    assert urls > 300
