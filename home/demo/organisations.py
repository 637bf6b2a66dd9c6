"""Demo member organisations, their accounts, and synthetic ones for benchmarks.

``ensure_organisations(stdout)`` adds about fifteen fictional member
organisations — most in 愛媛県, a few in neighbouring prefectures — with
varied legal forms, both tiers, ★/☆ activity types and target groups, contact
details at every visibility level, and for each an admin account (some also a
member of staff). It looks organisations up by slug and accounts by username,
so running it again creates nothing new and changes nothing an admin edited.

Every name, address, phone number and person here is invented. Phone numbers
use the unassigned 000 exchange; e-mail addresses and websites use the
reserved example.org domain.

``make_synthetic_organisations(n)`` bulk-creates ``n`` plain organisations with
a few ★/☆ links each, for the directory's benchmark and query-count tests. It
never runs as part of the demo.
"""

import datetime
import io
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model

from allauth.account.models import EmailAddress

from cms.logs import quiet_loggers
from organisations.choices import (
    LegalForm,
    MembershipRole,
    OrganisationStatus,
    Tier,
    Visibility,
)
from organisations.models import (
    ActivityType,
    Membership,
    Organisation,
    OrganisationActivity,
    OrganisationPhoto,
    OrganisationTarget,
    Prefecture,
    TargetGroup,
)

DEMO_PASSWORD = "tsunagari-demo-2026"  # noqa: S105 - published demo password, DEBUG only
EHIME, KAGAWA, TOKUSHIMA, KOCHI, HIROSHIMA = "38", "37", "36", "39", "34"
PUBLIC, MEMBERS, SECRETARIAT = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.SECRETARIAT


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    name_kana: str
    legal_form: str
    tier: str
    prefecture: str  # JIS code
    municipality: str
    postcode: str
    street_address: str
    representative: str
    founded_on: datetime.date | None
    staff_count: int | None
    contact_name: str
    phone: str
    message: str
    description: str
    activities: tuple[tuple[str, bool], ...]  # (activity type, is main ★)
    targets: tuple[tuple[str, bool], ...]
    areas_prefectures: tuple[str, ...] = ()
    areas_municipalities: str = ""
    website: str = ""
    # Who may read each contact field: (street, contact name, phone, e-mail).
    visibility: tuple[str, str, str, str] = (PUBLIC, MEMBERS, MEMBERS, MEMBERS)
    has_staff: bool = False
    logo_colour: str = ""  # a simple generated logo in this colour, if set
    photos: tuple[tuple[str, str, str], ...] = ()  # (colour, alt text, caption)
    status: str = OrganisationStatus.ACTIVE

    @property
    def admin_username(self):
        return f"org-admin-{self.slug}"

    @property
    def staff_username(self):
        return f"org-staff-{self.slug}"

    @property
    def contact_email(self):
        return f"contact-{self.slug}@example.org"


ORGANISATIONS = (
    DemoOrganisation(
        slug="mikan-no-ki",
        name="みかんの木 居場所ネットワーク",
        name_kana="ミカンノキイバショネットワーク",
        legal_form=LegalForm.NPO,
        tier=Tier.STEERING,
        prefecture=EHIME,
        municipality="松山市",
        postcode="790-0000",
        street_address="みなと町2-5-8 みかんビル1階",
        representative="理事長 高橋 由美",
        founded_on=datetime.date(2012, 4, 1),
        staff_count=18,
        contact_name="事務局 岡田 真理",
        phone="089-000-0101",
        message="誰でもふらっと立ち寄れる居場所を、市内6か所で開いています。一緒に場をつくる団体を探しています。",
        description=(
            "2012年に、子ども食堂を手伝っていた有志で立ち上げました。\n"
            "いまは市内6か所で、子どもから高齢の方まで誰でも来られる居場所を週に1〜2回開いています。\n\n"
            "地域の商店や社会福祉協議会と連携し、来られなくなった方への声かけも続けています。"
        ),
        activities=(
            ("居場所づくり", True),
            ("交流の場の提供", True),
            ("食を通じたつながり", False),
        ),
        targets=(("多世代", True), ("こども・若者", True), ("単身世帯", False)),
        areas_prefectures=(EHIME,),
        areas_municipalities="松山市、東温市、伊予市",
        website="https://mikan-no-ki.example.org/",
        visibility=(PUBLIC, PUBLIC, MEMBERS, PUBLIC),
        has_staff=True,
        logo_colour="#f29b1d",
        photos=(
            ("#f6c26b", "長机を囲んで話す大人と子どもたち", "毎週水曜日の「みんなの居間」"),
            ("#9cc98a", "畑で野菜を収穫する参加者", "近くの畑を借りて、野菜づくりもしています"),
        ),
    ),
    DemoOrganisation(
        slug="iyonada-minato-shakyo",
        name="伊予灘みなと地区社会福祉協議会",
        name_kana="イヨナダミナトチクシャカイフクシキョウギカイ",
        legal_form=LegalForm.SOCIAL_WELFARE_COUNCIL,
        tier=Tier.STEERING,
        prefecture=EHIME,
        municipality="伊予市",
        postcode="799-3100",
        street_address="しおさい通り1-1 みなと福祉センター内",
        representative="会長 村上 健一",
        founded_on=datetime.date(1998, 10, 1),
        staff_count=24,
        contact_name="地域福祉係 宇野 香織",
        phone="089-000-0202",
        message="見守りネットワークの広がりを、地区の皆さんと一緒に考えます。",
        description=(
            "地区の民生委員・自治会・商店と協力して、ひとり暮らしの方の見守り活動を進めています。\n"
            "見守り協力事業所は約120か所になりました。"
        ),
        activities=(
            ("地域の包括的見守り体制の構築", True),
            ("官民連携プラットフォームの構築", True),
            ("アウトリーチ型支援の推進", False),
        ),
        targets=(("高齢者", True), ("単身世帯", True), ("障害者", False)),
        areas_prefectures=(EHIME,),
        areas_municipalities="伊予市",
        website="https://iyonada-shakyo.example.org/",
        visibility=(PUBLIC, PUBLIC, PUBLIC, MEMBERS),
        has_staff=True,
        logo_colour="#1d6fb8",
    ),
    DemoOrganisation(
        slug="sakuranbo-fukushikai",
        name="さくらんぼ福祉会",
        name_kana="サクランボフクシカイ",
        legal_form=LegalForm.SOCIAL_WELFARE_CORPORATION,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="今治市",
        postcode="794-0000",
        street_address="さくら台3-14",
        representative="理事長 越智 正雄",
        founded_on=datetime.date(1991, 6, 15),
        staff_count=56,
        contact_name="相談支援課 矢野 亮",
        phone="0898-00-0303",
        message="はたらく場を通じて、地域の人とのつながりを増やしています。",
        description="障害のある方の就労支援事業所で、地域の方向けの喫茶とパン工房を運営しています。",
        activities=(("働くことを通じたつながり", True), ("交流の場の提供", False)),
        targets=(("障害者", True), ("ひきこもりの状態にある人", False)),
        areas_prefectures=(EHIME,),
        areas_municipalities="今治市",
        visibility=(PUBLIC, MEMBERS, MEMBERS, SECRETARIAT),
    ),
    DemoOrganisation(
        slug="shimanami-kodomo-shokudo",
        name="しまなみ子ども食堂ネット",
        name_kana="シマナミコドモショクドウネット",
        legal_form=LegalForm.VOLUNTARY,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="今治市",
        postcode="794-0001",
        street_address="",
        representative="代表 渡部 さやか",
        founded_on=datetime.date(2017, 9, 1),
        staff_count=35,
        contact_name="渡部 さやか",
        phone="0898-00-0404",
        message="島の子ども食堂どうしで、食材や運営の知恵を分け合っています。",
        description="島しょ部を含む9か所の子ども食堂のネットワークです。食材の寄付の受け付けも行っています。",
        activities=(("食を通じたつながり", True), ("居場所づくり", True)),
        targets=(("こども・若者", True), ("子育て世帯", True), ("ひとり親世帯", False)),
        areas_prefectures=(EHIME, HIROSHIMA),
        areas_municipalities="今治市、上島町",
        visibility=(MEMBERS, MEMBERS, MEMBERS, PUBLIC),
        logo_colour="#d9534f",
    ),
    DemoOrganisation(
        slug="aoi-soudan",
        name="あおい相談支援センター",
        name_kana="アオイソウダンシエンセンター",
        legal_form=LegalForm.ASSOCIATION,
        tier=Tier.STEERING,
        prefecture=EHIME,
        municipality="松山市",
        postcode="790-0002",
        street_address="ひばり町4-2-1 ひばりビル3階",
        representative="代表理事 河野 直樹",
        founded_on=datetime.date(2015, 4, 1),
        staff_count=12,
        contact_name="相談員 中村 あゆみ",
        phone="089-000-0505",
        message="暮らし・仕事・家族のこと、どこに相談すればよいか分からないときの最初の窓口です。",
        description=(
            "電話・来所・チャットで、分野を問わず相談を受けています。\n"
            "必要に応じて専門の機関や会員団体におつなぎします。"
        ),
        activities=(
            ("ワンストップ相談窓口の設置", True),
            ("SNS等を活用した相談支援", True),
            ("情報発信の充実", False),
        ),
        targets=(
            ("生活困窮状態の人", True),
            ("中高年者", True),
            ("ひきこもりの状態にある人", False),
        ),
        areas_prefectures=(EHIME,),
        website="https://aoi-soudan.example.org/",
        visibility=(PUBLIC, PUBLIC, PUBLIC, PUBLIC),
        has_staff=True,
    ),
    DemoOrganisation(
        slug="yorisoi-chat",
        name="よりそいチャット松山",
        name_kana="ヨリソイチャットマツヤマ",
        legal_form=LegalForm.NPO,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="松山市",
        postcode="790-0003",
        street_address="",
        representative="理事長 石井 みのり",
        founded_on=datetime.date(2020, 7, 1),
        staff_count=9,
        contact_name="石井 みのり",
        phone="",
        message="声に出しにくい気持ちを、チャットで受けとめます。毎日18時〜23時。",
        description="10代・20代を中心に、チャットでの相談を受けています。相談員は研修を受けたボランティアです。",
        activities=(("SNS等を活用した相談支援", True),),
        targets=(("こども・若者", True), ("LGBTQ", True), ("不登校の児童生徒", False)),
        areas_prefectures=(EHIME,),
        website="https://yorisoi-chat.example.org/",
        visibility=(PUBLIC, SECRETARIAT, MEMBERS, MEMBERS),
    ),
    DemoOrganisation(
        slug="ozu-idou-hanbai",
        name="おおず移動販売サービス",
        name_kana="オオズイドウハンバイサービス",
        legal_form=LegalForm.COMPANY,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="大洲市",
        postcode="795-0000",
        street_address="かわべり町8-3",
        representative="代表取締役 菊池 浩二",
        founded_on=datetime.date(2009, 3, 2),
        staff_count=14,
        contact_name="営業課 菊池 里奈",
        phone="0893-00-0707",
        message="移動販売車で山あいの集落を回りながら、お客さまの様子にも気を配っています。",
        description="週5日、4台の移動販売車で約80の集落を回っています。市と見守り協定を結んでいます。",
        activities=(
            ("買い物支援や移動支援サービスの提供", True),
            ("地域の包括的見守り体制の構築", False),
        ),
        targets=(("高齢者", True), ("単身世帯", False)),
        areas_prefectures=(EHIME,),
        areas_municipalities="大洲市、内子町",
        website="https://ozu-idou.example.org/",
        visibility=(PUBLIC, PUBLIC, PUBLIC, MEMBERS),
        logo_colour="#2e8b57",
    ),
    DemoOrganisation(
        slug="uwajima-akiya",
        name="うわじま空き家再生舎",
        name_kana="ウワジマアキヤサイセイシャ",
        legal_form=LegalForm.NPO,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="宇和島市",
        postcode="798-0000",
        street_address="ほりばた2-7",
        representative="理事長 清水 大輔",
        founded_on=datetime.date(2018, 11, 11),
        staff_count=6,
        contact_name="清水 大輔",
        phone="0895-00-0808",
        message="古い町家を直して、誰でも使える地域の茶の間にしています。",
        description="空き家を借り受けて改修し、地域の交流拠点として開いています。外国人住民の日本語教室も開催。",
        activities=(
            ("空き家等を活用した地域交流拠点の整備", True),
            ("交流の場の提供", False),
        ),
        targets=(("多世代", True), ("外国人", False)),
        areas_prefectures=(EHIME,),
        areas_municipalities="宇和島市",
        visibility=(MEMBERS, PUBLIC, MEMBERS, MEMBERS),
    ),
    DemoOrganisation(
        slug="niihama-tabunka",
        name="にいはま多文化ともだちの会",
        name_kana="ニイハマタブンカトモダチノカイ",
        legal_form=LegalForm.VOLUNTARY,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="新居浜市",
        postcode="792-0000",
        street_address="",
        representative="代表 グエン・ティ・ラン",
        founded_on=datetime.date(2019, 5, 20),
        staff_count=None,
        contact_name="事務局 佐伯 恵",
        phone="0897-00-0909",
        message="ことばや国のちがいをこえて、まちの友だちを増やしています。",
        description="月2回の交流会と、やさしい日本語での生活情報の発信をしています。",
        activities=(("交流の場の提供", True), ("情報発信の充実", False)),
        targets=(("外国人", True), ("子育て世帯", False)),
        areas_prefectures=(EHIME,),
        areas_municipalities="新居浜市、西条市",
        visibility=(PUBLIC, MEMBERS, SECRETARIAT, MEMBERS),
    ),
    DemoOrganisation(
        slug="saijo-hidamari",
        name="さいじょう ひきこもり家族会 ひだまり",
        name_kana="サイジョウヒキコモリカゾクカイヒダマリ",
        legal_form=LegalForm.VOLUNTARY,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="西条市",
        postcode="793-0000",
        street_address="",
        representative="代表 近藤 和子",
        founded_on=datetime.date(2010, 2, 1),
        staff_count=None,
        contact_name="近藤 和子",
        phone="0897-00-1010",
        message="家族だけで抱え込まないで。月に一度、同じ立場の家族で話しています。",
        description="ひきこもりの状態にある方のご家族の会です。本人向けの居場所も月1回開いています。",
        activities=(("居場所づくり", True), ("ワンストップ相談窓口の設置", False)),
        targets=(
            ("ひきこもりの状態にある人", True),
            ("中高年者", True),
            ("支援者支援", False),
        ),
        areas_prefectures=(EHIME,),
        areas_municipalities="西条市",
        visibility=(SECRETARIAT, MEMBERS, MEMBERS, SECRETARIAT),
    ),
    DemoOrganisation(
        slug="minami-iyo-town",
        name="みなみ伊予町 保健福祉課",
        name_kana="ミナミイヨチョウホケンフクシカ",
        legal_form=LegalForm.GOVERNMENT,
        tier=Tier.STEERING,
        prefecture=EHIME,
        municipality="みなみ伊予町",
        postcode="799-0000",
        street_address="役場通り1",
        representative="町長 山本 誠",
        founded_on=None,
        staff_count=None,
        contact_name="地域共生係",
        phone="0892-00-1111",
        message="町内の支援情報をひとつのサイトにまとめ、相談につなげています。",
        description="町の孤独・孤立対策の担当課です。町内の団体と支援者の連絡会を運営しています。",
        activities=(
            ("官民連携プラットフォームの構築", True),
            ("支援情報のポータルサイト構築", True),
            ("情報発信の充実", False),
        ),
        targets=(("多世代", True), ("支援者支援", True)),
        areas_prefectures=(EHIME,),
        areas_municipalities="みなみ伊予町",
        website="https://minami-iyo.example.org/",
        visibility=(PUBLIC, PUBLIC, PUBLIC, PUBLIC),
        has_staff=True,
        logo_colour="#6a4c93",
    ),
    DemoOrganisation(
        slug="sanuki-shimin-support",
        name="さぬき市民活動サポートセンター",
        name_kana="サヌキシミンカツドウサポートセンター",
        legal_form=LegalForm.NPO,
        tier=Tier.GENERAL,
        prefecture=KAGAWA,
        municipality="高松市",
        postcode="760-0000",
        street_address="ことでん通り5-1",
        representative="理事長 大西 恭子",
        founded_on=datetime.date(2006, 8, 1),
        staff_count=7,
        contact_name="大西 恭子",
        phone="087-000-1212",
        message="小さな団体の立ち上げや運営の相談にのっています。県境をこえた連携も歓迎です。",
        description="NPO・市民活動団体の運営相談、助成金情報の提供、団体どうしの交流会を行っています。",
        activities=(("地域のNPO等への支援", True), ("官民連携プラットフォームの構築", False)),
        targets=(("支援者支援", True),),
        areas_prefectures=(KAGAWA, EHIME),
        website="https://sanuki-support.example.org/",
        visibility=(PUBLIC, PUBLIC, MEMBERS, PUBLIC),
    ),
    DemoOrganisation(
        slug="kuroshio-sasaeai",
        name="くろしお災害ささえあいネット",
        name_kana="クロシオサイガイササエアイネット",
        legal_form=LegalForm.ASSOCIATION,
        tier=Tier.GENERAL,
        prefecture=KOCHI,
        municipality="高知市",
        postcode="780-0000",
        street_address="はりまや町9-9",
        representative="代表理事 岡林 修",
        founded_on=datetime.date(2014, 3, 11),
        staff_count=11,
        contact_name="事務局 浜田 美咲",
        phone="088-000-1313",
        message="災害のあと、仮設住宅や在宅で孤立しがちな方を訪ねています。",
        description="被災地での訪問活動の経験をもとに、平時からの見守りと防災の取組を進めています。",
        activities=(
            ("アウトリーチ型支援の推進", True),
            ("地域の包括的見守り体制の構築", False),
        ),
        targets=(("被災者", True), ("高齢者", True)),
        areas_prefectures=(KOCHI, EHIME),
        visibility=(PUBLIC, MEMBERS, MEMBERS, MEMBERS),
    ),
    DemoOrganisation(
        slug="hiroshima-hitorioya",
        name="ひろしま ひとり親サポートの会",
        name_kana="ヒロシマヒトリオヤサポートノカイ",
        legal_form=LegalForm.NPO,
        tier=Tier.GENERAL,
        prefecture=HIROSHIMA,
        municipality="福山市",
        postcode="720-0000",
        street_address="ばら通り3-3",
        representative="理事長 藤井 恵子",
        founded_on=datetime.date(2016, 1, 10),
        staff_count=15,
        contact_name="藤井 恵子",
        phone="084-000-1414",
        message="ひとりで子育てをする家庭に、食品の宅配と相談で寄り添います。",
        description="月1回の食品宅配と、LINEや電話での相談を行っています。",
        activities=(("ワンストップ相談窓口の設置", True), ("食を通じたつながり", True)),
        targets=(("ひとり親世帯", True), ("子育て世帯", True), ("生活困窮状態の人", False)),
        areas_prefectures=(HIROSHIMA,),
        website="https://hitorioya-support.example.org/",
        visibility=(MEMBERS, MEMBERS, PUBLIC, MEMBERS),
    ),
    DemoOrganisation(
        slug="awa-tachinaori",
        name="あわ立ち直り応援ネット",
        name_kana="アワタチナオリオウエンネット",
        legal_form=LegalForm.ASSOCIATION,
        tier=Tier.GENERAL,
        prefecture=TOKUSHIMA,
        municipality="徳島市",
        postcode="770-0000",
        street_address="しんまち1-8",
        representative="代表理事 森 隆",
        founded_on=datetime.date(2013, 12, 1),
        staff_count=8,
        contact_name="森 隆",
        phone="088-000-1515",
        message="罪を犯した人の立ち直りを、仕事と住まいの面から応援しています。",
        description="協力雇用主と連携した就労支援と、住まい探しの同行を行っています。",
        activities=(("働くことを通じたつながり", True), ("アウトリーチ型支援の推進", True)),
        targets=(("犯罪をした者等", True), ("薬物依存等を有する人", False)),
        areas_prefectures=(TOKUSHIMA,),
        visibility=(SECRETARIAT, SECRETARIAT, MEMBERS, MEMBERS),
    ),
    # Withdrawn: not listed, its profile is a 404 for everyone but the secretariat.
    DemoOrganisation(
        slug="iyo-mukashibanashi",
        name="いよ昔ばなしの会",
        name_kana="イヨムカシバナシノカイ",
        legal_form=LegalForm.VOLUNTARY,
        tier=Tier.GENERAL,
        prefecture=EHIME,
        municipality="砥部町",
        postcode="791-2100",
        street_address="",
        representative="代表 日野 貞夫",
        founded_on=datetime.date(2001, 4, 1),
        staff_count=None,
        contact_name="日野 貞夫",
        phone="089-000-1616",
        message="高齢者施設で昔ばなしの語りをしていました。",
        description="",
        activities=(("交流の場の提供", True),),
        targets=(("高齢者", True),),
        status=OrganisationStatus.WITHDRAWN,
    ),
)


@dataclass
class OrganisationsRun:
    created: int = 0
    found: int = 0
    accounts_created: int = 0
    # (username, e-mail, password, role, role in English), as load_demo prints them
    accounts: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def ensure_organisations(stdout=None):
    """Create the demo organisations and their accounts that are missing; print a summary."""
    run = OrganisationsRun()
    password = _PasswordHash()
    with quiet_loggers(), transaction.atomic():
        for demo in ORGANISATIONS:
            organisation = Organisation.objects.filter(slug=demo.slug).first()
            if organisation is None:
                organisation = _create_organisation(demo)
                run.created += 1
            else:
                run.found += 1
            run.accounts_created += _ensure_account(
                organisation, demo.admin_username, MembershipRole.ADMIN, password
            )
            if demo.has_staff:
                run.accounts_created += _ensure_account(
                    organisation, demo.staff_username, MembershipRole.STAFF, password
                )
    first = ORGANISATIONS[0]
    run.accounts = [
        (
            first.admin_username,
            _email(first.admin_username),
            DEMO_PASSWORD,
            f"団体管理者（{first.name}）",
            "organisation admin: edits the profile, manages staff",
        ),
        (
            first.staff_username,
            _email(first.staff_username),
            DEMO_PASSWORD,
            f"団体スタッフ（{first.name}）",
            "member: sees members-only contact details",
        ),
    ]
    if stdout is not None:
        _report(run, stdout)
    return run


def _create_organisation(demo):
    street_vis, name_vis, phone_vis, email_vis = demo.visibility
    today = timezone.localdate()
    organisation = Organisation.objects.create(
        slug=demo.slug,
        name=demo.name,
        name_kana=demo.name_kana,
        legal_form=demo.legal_form,
        tier=demo.tier,
        status=demo.status,
        representative=demo.representative,
        founded_on=demo.founded_on,
        staff_count=demo.staff_count,
        postcode=demo.postcode,
        prefecture=Prefecture.objects.get(code=demo.prefecture),
        municipality=demo.municipality,
        street_address=demo.street_address,
        street_address_visibility=street_vis,
        website=demo.website,
        contact_name=demo.contact_name,
        contact_name_visibility=name_vis,
        phone=demo.phone,
        phone_visibility=phone_vis,
        email=demo.contact_email,
        email_visibility=email_vis,
        message=demo.message,
        description=demo.description,
        areas_municipalities=demo.areas_municipalities,
        joined_on=today - datetime.timedelta(days=400),
        left_on=today - datetime.timedelta(days=30)
        if demo.status != OrganisationStatus.ACTIVE
        else None,
    )
    organisation.areas_prefectures.set(Prefecture.objects.filter(code__in=demo.areas_prefectures))
    activity_types = {item.name: item for item in ActivityType.objects.all()}
    target_groups = {item.name: item for item in TargetGroup.objects.all()}
    OrganisationActivity.objects.bulk_create(
        OrganisationActivity(
            organisation=organisation, activity_type=activity_types[name], is_main=is_main
        )
        for name, is_main in demo.activities
    )
    OrganisationTarget.objects.bulk_create(
        OrganisationTarget(
            organisation=organisation, target_group=target_groups[name], is_main=is_main
        )
        for name, is_main in demo.targets
    )
    if demo.logo_colour:
        organisation.logo = _make_image(
            f"{demo.name} ロゴ", demo.logo_colour, (240, 240), round_=True
        )
        organisation.logo_alt_text = f"{demo.name}のロゴ"
        organisation.save(update_fields=["logo", "logo_alt_text"])
    for order, (colour, alt_text, caption) in enumerate(demo.photos):
        OrganisationPhoto.objects.create(
            organisation=organisation,
            image=_make_image(f"{demo.name} 写真{order + 1}", colour, (960, 640)),
            alt_text=alt_text,
            caption=caption,
            sort_order=order,
        )
    return organisation


def _email(username):
    return f"{username}@example.org"


def _ensure_account(organisation, username, role, password):
    """The account and its membership; returns 1 if the account was created."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if created:
        user = user_model(username=username, email=_email(username), password=password.encoded())
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not Membership.objects.filter(user=user).exists():
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return int(created)


class _PasswordHash:
    """The demo password hashed once per run (hashing is deliberately slow)."""

    def __init__(self):
        self._encoded = None

    def encoded(self):
        if self._encoded is None:
            self._encoded = make_password(DEMO_PASSWORD)
        return self._encoded


def _make_image(title, colour, size, round_=False):
    """A plain generated picture (a coloured shape), so the demo needs no image files."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    width, height = size
    picture = PILImage.new("RGB", size, "#ffffff" if round_ else colour)
    draw = ImageDraw.Draw(picture)
    if round_:
        draw.ellipse((16, 16, width - 16, height - 16), fill=colour)
        draw.ellipse((width // 3, height // 3, width * 2 // 3, height * 2 // 3), fill="#ffffff")
    else:
        for step in range(6):
            inset = step * min(width, height) // 14
            shade = 255 - step * 18
            draw.rectangle(
                (inset, inset, width - inset, height - inset),
                outline=(shade, shade, shade),
                width=3,
            )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image_model = get_image_model()
    image = image_model(title=title)
    slug = "".join(c for c in colour if c.isalnum())
    image.file = ImageFile(buffer, name=f"demo-{slug}-{width}x{height}.png")
    image.save()
    return image


def _report(run, stdout):
    """Print the summary in load_demo's style (each line ends in a newline, so a
    command's OutputWrapper and a plain stream print the same)."""

    def line(text=""):
        stdout.write(f"{text}\n")

    line()
    line("会員団体 / member organisations")
    line(
        f"  作成 created {run.created:>2}   既存 found {run.found:>2}   "
        f"アカウント作成 accounts created {run.accounts_created:>2}"
    )
    line()
    line("  メールアドレスとパスワードでログインします。 / Sign in with the e-mail and password:")
    rows = [("ユーザー名 / username", "メール / e-mail", "パスワード / password", "役割 / role")]
    rows += [account[:4] for account in run.accounts]
    widths = [max(_width(row[column]) for row in rows) + 2 for column in range(3)]
    for index, row in enumerate(rows):
        cells = (_pad(cell, width) for cell, width in zip(row[:3], widths, strict=True))
        line("  " + "".join(cells) + row[3])
        if index:
            line("  " + " " * sum(widths) + f"({run.accounts[index - 1][4]})")
    line(
        "  他の団体の管理者も org-admin-<slug>@example.org（同じパスワード） / "
        "every organisation has an admin org-admin-<slug>@example.org, same password"
    )


def _width(text):
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text, width):
    return text + " " * max(0, width - _width(text))


# --- Synthetic organisations (benchmarks and query-count tests only) --------

KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
SYNTHETIC_FORMS = [value for value, _label in LegalForm.choices]


def make_synthetic_organisations(n, *, prefix="synthetic", seed=2026, prefecture_codes=None):
    """Bulk-create ``n`` active organisations with 2–4 activity and 1–3 target links each.

    Deterministic for a given seed. Slugs are ``<prefix>-<i>``, so several
    batches can coexist. About one in eight is a steering member; prefectures
    are drawn from ``prefecture_codes`` (default: 愛媛県 and its neighbours).
    Returns the number created.
    """
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    prefectures = list(
        Prefecture.objects.filter(
            code__in=prefecture_codes or [EHIME, KAGAWA, TOKUSHIMA, KOCHI, HIROSHIMA]
        )
    )
    activity_ids = list(ActivityType.objects.values_list("pk", flat=True))
    target_ids = list(TargetGroup.objects.values_list("pk", flat=True))
    organisations = []
    for i in range(n):
        reading = "".join(rng.choice(KANA) for _ in range(6))
        organisations.append(
            Organisation(
                slug=f"{prefix}-{i}",
                name=f"{prefix} 団体{i:05d}",
                name_kana=reading,
                legal_form=rng.choice(SYNTHETIC_FORMS),
                tier=Tier.STEERING if rng.random() < 0.125 else Tier.GENERAL,
                representative="代表 試験 太郎",
                prefecture=rng.choice(prefectures),
                municipality="試験市",
                street_address="1-1",
                phone="000-000-0000",
                email=f"{prefix}-{i}@example.org",
                message="ベンチマーク用の架空の団体です。" * 3,
            )
        )
    with transaction.atomic():
        created = Organisation.objects.bulk_create(organisations, batch_size=500)
        if not created or created[0].pk is None:  # backends that return no ids
            created = list(Organisation.objects.filter(slug__startswith=f"{prefix}-"))
        activities, targets = [], []
        for organisation in created:
            for j, pk in enumerate(rng.sample(activity_ids, rng.randint(2, 4))):
                activities.append(
                    OrganisationActivity(
                        organisation=organisation, activity_type_id=pk, is_main=j == 0
                    )
                )
            for j, pk in enumerate(rng.sample(target_ids, rng.randint(1, 3))):
                targets.append(
                    OrganisationTarget(
                        organisation=organisation, target_group_id=pk, is_main=j == 0
                    )
                )
        OrganisationActivity.objects.bulk_create(activities, batch_size=1000)
        OrganisationTarget.objects.bulk_create(targets, batch_size=1000)
    return len(created)
