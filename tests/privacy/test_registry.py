"""The inventory of personal data is complete: every personal-looking field is declared."""

from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from privacy import registry

APPS = {
    "cms",
    "sitesearch",  # search
    "home",
    "organisations",
    "practices",
    "events",
    "tsunagari_forum",  # forum
    "subcommittees",
    "privacy",
}


def test_every_app_of_ours_is_walked():
    labels = {config.label for config in registry.our_app_configs()}
    assert labels >= APPS
    assert "auth" not in labels and "forum_conversation" not in labels


def test_every_personal_looking_field_of_our_models_is_registered():
    """A new model with an e-mail, a name or a user link must say how it is kept and erased."""
    missing = registry.unregistered_fields(registry.our_models())
    assert missing == [], (
        "Declare these in the app's personal_data.py (privacy.registry.register, "
        f"or not_personal with a reason): {missing}"
    )


def test_the_libraries_models_are_covered_too():
    """Third-party models are checked the same way: a library upgrade adding a user link
    or an e-mail field shows up here."""
    from django.apps import apps

    assert registry.unregistered_fields(apps.get_models()) == []


def test_every_registration_names_a_real_field():
    assert registry.unknown_registrations() == []


def test_the_third_party_data_we_know_of_is_registered():
    User = get_user_model()
    for model, field in [
        (User, "email"),
        (User, "last_name"),
        ("account.EmailAddress", "email"),
        ("mfa.Authenticator", "data"),
        ("sessions.Session", "session_data"),
        ("forum_member.ForumProfile", "signature"),
        ("forum_conversation.Post", "poster"),
        ("forum_conversation.Post", "username"),
        ("forum_conversation.Topic", "poster"),
        ("wagtailcore.Page", "owner"),
    ]:
        assert registry.is_registered(model, field), (model, field)


def test_every_registered_field_has_a_retention_rule():
    entries = registry.fields()
    assert len(entries) > 50
    for entry in entries:
        assert str(entry.retention.rule)
        assert entry.retention.days is None or entry.retention.days >= 0
        assert entry.retention.as_dict()["rule"]
    for purger in registry.purgers():
        assert purger.retention.days is not None, purger.key


@isolate_apps("privacy")
def test_the_check_fails_for_an_unregistered_personal_field():
    class Volunteer(models.Model):
        contact_email = models.EmailField()
        phone_number = models.CharField(max_length=20)
        home_address = models.CharField(max_length=200)
        last_ip = models.GenericIPAddressField()
        mentor = models.ForeignKey(get_user_model(), on_delete=models.CASCADE)
        kind = models.CharField(max_length=20)  # not personal-looking
        description = models.TextField()  # "ip" inside a word is not an address

        class Meta:
            app_label = "privacy"

        def __str__(self):
            return self.kind

    assert registry.unregistered_fields([Volunteer]) == [
        ("privacy.Volunteer", "contact_email"),
        ("privacy.Volunteer", "phone_number"),
        ("privacy.Volunteer", "home_address"),
        ("privacy.Volunteer", "last_ip"),
        ("privacy.Volunteer", "mentor"),
    ]
    registry.not_personal(Volunteer, ["home_address"], reason="test")
    try:
        assert ("privacy.Volunteer", "home_address") not in registry.unregistered_fields(
            [Volunteer]
        )
    finally:
        registry._not_personal.pop(("privacy.Volunteer", "home_address"))
