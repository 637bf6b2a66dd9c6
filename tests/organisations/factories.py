from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from organisations.choices import ApplicationStatus, LegalForm, MembershipRole, Tier
from organisations.models import (
    ActivityType,
    Application,
    Membership,
    Organisation,
    OrganisationActivity,
    OrganisationTarget,
    Prefecture,
    TargetGroup,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    """A user who can sign in with e-mail and PASSWORD (verified address)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    last_name = "山田"
    first_name = "花子"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


def prefecture(code="38"):
    return Prefecture.objects.get(code=code)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"つながり支援の会{n}")
    name_kana = factory.Sequence(lambda n: f"ツナガリシエンノカイ{'ア' * (n % 5 + 1)}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    legal_form = LegalForm.NPO
    tier = Tier.GENERAL
    representative = "理事長 佐藤 一郎"
    prefecture = factory.LazyFunction(prefecture)
    municipality = "八幡浜市"
    street_address = "1-2-3"
    postcode = "796-0000"
    contact_name = "鈴木 次郎"
    phone = "0894-00-0000"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    message = "地域の居場所づくりに取り組んでいます。"

    @factory.post_generation
    def activities(self, create, extracted, **kwargs):
        """activities=[("居場所づくり", True), ...]; default one main activity."""
        if not create:
            return
        for name, is_main in extracted or [("居場所づくり", True)]:
            OrganisationActivity.objects.create(
                organisation=self,
                activity_type=ActivityType.objects.get(name=name),
                is_main=is_main,
            )

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        if not create:
            return
        for name, is_main in extracted or [("高齢者", True)]:
            OrganisationTarget.objects.create(
                organisation=self, target_group=TargetGroup.objects.get(name=name), is_main=is_main
            )


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.STAFF


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    status = ApplicationStatus.SUBMITTED
    name = factory.Sequence(lambda n: f"みらい子ども食堂{n}")
    name_kana = "ミライコドモショクドウ"
    legal_form = LegalForm.VOLUNTARY
    representative = "代表 田中 三郎"
    postcode = "796-0001"
    prefecture = factory.LazyFunction(prefecture)
    municipality = "八幡浜市"
    street_address = "2-3-4"
    activity_summary = "毎週土曜日に子ども食堂を開き、地域の高齢者も招いています。"
    applicant_name = "田中 三郎"
    applicant_name_kana = "タナカ サブロウ"
    applicant_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    applicant_phone = "0894-11-2222"
    recommender = "八幡浜市"
    declares_no_antisocial_ties = True
    agrees_to_publication = True

    @factory.post_generation
    def taxonomy(self, create, extracted, **kwargs):
        if create:
            self.main_activity_types.add(ActivityType.objects.get(name="食を通じたつながり"))
            self.main_target_groups.add(TargetGroup.objects.get(name="こども・若者"))
