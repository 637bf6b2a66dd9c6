"""Demo good-practice write-ups (取組事例) by the demo member organisations.

``ensure_practices(stdout)`` adds the write-up index (/practices/) under the
home page and about ten write-ups, each published through a revision by its
organisation's admin account (see ``home.demo.organisations``). It looks
write-ups up by slug, so running it again creates nothing new and leaves
edited write-ups alone. Every word here was written for the demo.
"""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model

from home.models import HomePage
from organisations.models import ActivityType, Organisation, Prefecture, TargetGroup
from practices.models import (
    PracticeActivity,
    PracticeIndexPage,
    PracticePage,
    PracticePartner,
    PracticePhoto,
    PracticeResult,
    PracticeTarget,
)

from .organisations import CHATTY_LOGGERS, _quiet


@dataclass(frozen=True)
class DemoPractice:
    slug: str
    organisation: str  # demo organisation slug
    title: str
    year: int
    summary: str
    activities: tuple[tuple[str, bool], ...]
    targets: tuple[tuple[str, bool], ...]
    prefectures: tuple[str, ...]
    municipalities: str
    purpose: str
    beneficiaries: str
    content: str
    outreach: str
    qualitative: str
    results: tuple[tuple[str, str, str], ...]
    partners: tuple[str, ...]  # "slug:<demo org slug>" for members, else a name
    photo: tuple[str, str, str]  # (colour, alt text, caption)


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


PRACTICES = (
    DemoPractice(
        "ninchisho-cafe-hidamari",
        "saijo-hidamari",
        "認知症カフェ「ひだまり」",
        2024,
        "認知症の方とご家族、地域の人が月に2回、お茶を飲みながら語り合うカフェです。",
        (("交流の場の提供", True), ("居場所づくり", False)),
        (("高齢者", True), ("多世代", False)),
        ("38",),
        "西条市",
        _p("認知症の方とご家族が、診断のあとも地域とのつながりを失わずに暮らせるようにする。"),
        _p("認知症の方とそのご家族、介護に関心のある地域の方。"),
        _p(
            "第2・第4土曜日の午後、公民館の和室でカフェを開きました。",
            "専門職が同席し、介護の悩みをその場で相談できるようにしました。",
        ),
        _p("民生委員さんと一緒にチラシを手渡しし、かかりつけ医にも置いてもらいました。"),
        _p("ご家族どうしが連絡を取り合うようになり、カフェ以外でも会う関係が生まれました。"),
        (("開催", "24", "回"), ("参加者", "延べ312", "人")),
        ("slug:iyonada-minato-shakyo", "西条市地域包括支援センター"),
        ("#e8a87c", "テーブルを囲んでお茶を飲む高齢の方と家族", "第2土曜日のカフェの様子"),
    ),
    DemoPractice(
        "kodomo-shokudo-senior",
        "shimanami-kodomo-shokudo",
        "高齢の方がつくる子ども食堂",
        2024,
        "地域の高齢の方がボランティアとして調理を担い、子どもたちと一緒に食卓を囲みます。",
        (("食を通じたつながり", True), ("交流の場の提供", True)),
        (("こども・若者", True), ("高齢者", True), ("多世代", False)),
        ("38",),
        "今治市",
        _p("子どもの孤食を減らし、高齢の方には役割と出番をつくる。"),
        _p("小中学生とその保護者、地域の高齢のボランティア。"),
        _p(
            "毎週水曜日の夕方、集会所で食事を提供しました。献立と調理はシニアの「台所班」が担当しました。"
        ),
        _p("学校だよりに案内を載せ、初めての子には友だちと一緒に来てもらうよう声をかけました。"),
        _p(
            "子どもたちが高齢のボランティアを名前で呼ぶようになり、登下校時のあいさつも増えました。"
        ),
        (("提供食数", "延べ1,480", "食"), ("シニアボランティア", "23", "人"), ("開催", "46", "回")),
        ("slug:mikan-no-ki", "今治市社会福祉協議会", "地元の青果店"),
        ("#f6c26b", "大きな鍋でカレーを作る高齢のボランティアと子ども", "台所班と子どもたち"),
    ),
    DemoPractice(
        "sns-soudan-yoru",
        "yorisoi-chat",
        "夜間のSNS相談「よりそいチャット」",
        2023,
        "眠れない夜に、LINEで匿名のまま話を聴いてもらえる相談窓口を開きました。",
        (("SNS等を活用した相談支援", True), ("情報発信の充実", False)),
        (("こども・若者", True), ("単身世帯", False)),
        ("38", "37"),
        "",
        _p("電話では相談しにくい若い世代が、夜でも気軽に相談できる場をつくる。"),
        _p("10代から30代を中心とした、悩みを抱える人。"),
        _p(
            "毎日20時から24時まで、研修を受けた相談員がチャットで対応しました。",
            "必要に応じて、地域の支援機関に同意のうえでつなぎました。",
        ),
        _p("学校や大学の協力で、QRコード入りのカードを配りました。"),
        _p("「誰にも言えなかったことを初めて話せた」という声が多く寄せられました。"),
        (("相談件数", "2,140", "件"), ("支援機関へのつなぎ", "86", "件")),
        ("slug:aoi-soudan", "県立大学 学生相談室"),
        ("#8ec5e8", "スマートフォンの画面を見ながら話す相談員", "相談員の研修"),
    ),
    DemoPractice(
        "akiya-ibasho-engawa",
        "uwajima-akiya",
        "空き家を使った居場所「えんがわ」",
        2023,
        "使われていなかった古民家を地域の人と改修し、誰でも立ち寄れる居場所にしました。",
        (("空き家等を活用した地域交流拠点の整備", True), ("居場所づくり", True)),
        (("多世代", True), ("単身世帯", False)),
        ("38",),
        "宇和島市",
        _p("近所づきあいが減った地区に、用がなくても立ち寄れる場所をつくる。"),
        _p("地区の住民、とくにひとり暮らしの方。"),
        _p(
            "持ち主から借りた古民家を、住民ワークショップで片づけ・改修しました。",
            "週3日開け、お茶と手仕事の会を行っています。",
        ),
        _p("回覧板と、地区の祭りでの出張「えんがわ」で知ってもらいました。"),
        _p("ひとり暮らしの男性が常連になり、改修の大工仕事を教える側に回りました。"),
        (("開所日数", "138", "日"), ("来場者", "延べ1,920", "人")),
        ("宇和島市空き家バンク", "slug:iyonada-minato-shakyo"),
        ("#b5a48b", "古民家の縁側に座って話す住民たち", "改修を終えた「えんがわ」"),
    ),
    DemoPractice(
        "kaimono-idou-shien",
        "ozu-idou-hanbai",
        "買い物と通院の移動支援",
        2024,
        "山あいの集落に移動販売車を走らせ、あわせて通院の送迎と見守りを行いました。",
        (("買い物支援や移動支援サービスの提供", True), ("地域の包括的見守り体制の構築", False)),
        (("高齢者", True), ("単身世帯", True)),
        ("38",),
        "大洲市、内子町",
        _p("車がなくても、食料品の買い物と通院ができるようにする。"),
        _p("山あいの集落に住む、運転をやめた高齢の方。"),
        _p("週2回、8つの集落を移動販売車で回り、販売の合間に体調や困りごとを聞きました。"),
        _p("集落の世話役さんに停車場所と時間を決めてもらい、同じ時間に必ず来るようにしました。"),
        _p("販売日が集落の人が顔を合わせる日になり、体調の変化に早く気づけるようになりました。"),
        (("巡回", "96", "回"), ("利用者", "延べ2,304", "人"), ("送迎", "210", "件")),
        ("slug:iyonada-minato-shakyo", "地元スーパー"),
        ("#7fb77e", "移動販売車の前で野菜を選ぶ高齢の方", "集落の停車場所で"),
    ),
    DemoPractice(
        "hikikomori-outreach",
        "aoi-soudan",
        "ひきこもりの方へのアウトリーチ",
        2024,
        "家から出にくい方の自宅を、ご家族の了解のもと専門職が訪ね、少しずつ関係をつくりました。",
        (("アウトリーチ型支援の推進", True), ("ワンストップ相談窓口の設置", False)),
        (("ひきこもりの状態にある人", True), ("中高年者", False)),
        ("38",),
        "松山市",
        _p("相談窓口に来られない方とそのご家族に、支援の側から会いに行く。"),
        _p("長くひきこもりの状態にある方と、その家族。"),
        _p(
            "家族相談から始め、本人の了解が得られたら訪問しました。",
            "手紙や玄関先での短い会話など、本人のペースに合わせました。",
        ),
        _p("家族会や地域包括支援センターから、家族の相談を紹介してもらいました。"),
        _p("訪問を重ねるうちに、外出や居場所への参加につながった方がいました。"),
        (("訪問", "延べ164", "回"), ("家族相談", "58", "件")),
        ("松山市ひきこもり地域支援センター", "slug:mikan-no-ki"),
        ("#a3b8d9", "玄関先で話す相談員の後ろ姿", "訪問に向かう相談員"),
    ),
    DemoPractice(
        "tabunka-kouryukai",
        "niihama-tabunka",
        "外国人住民とつくる多文化交流会",
        2023,
        "技能実習生や留学生と地域の人が、料理と会話を通して知り合う交流会を開きました。",
        (("交流の場の提供", True), ("情報発信の充実", False)),
        (("外国人", True), ("多世代", False)),
        ("38",),
        "新居浜市",
        _p("外国から来た住民が、地域で相談できる相手を見つけられるようにする。"),
        _p("市内で暮らす外国人住民と、地域の住民。"),
        _p(
            "季節ごとに、各国の料理を一緒に作って食べる交流会を開きました。",
            "やさしい日本語での生活情報コーナーも設けました。",
        ),
        _p("受入れ企業と日本語教室を通じて、母語のチラシで案内しました。"),
        _p("交流会で知り合った住民が、ごみ出しや病院のことで相談に乗るようになりました。"),
        (("開催", "4", "回"), ("参加者", "延べ260", "人"), ("参加した国・地域", "11", "")),
        ("市内の日本語教室", "slug:sanuki-shimin-support"),
        ("#d9a3c4", "いろいろな国の料理が並ぶテーブルと参加者", "秋の交流会"),
    ),
    DemoPractice(
        "futoko-oyanokai",
        "mikan-no-ki",
        "不登校の子の親の会「こもれび」",
        2024,
        "学校に行きづらい子どもをもつ親どうしが、月1回集まって話し、情報を分け合う会です。",
        (("居場所づくり", True), ("ワンストップ相談窓口の設置", False)),
        (("不登校の児童生徒", True), ("子育て世帯", True)),
        ("38",),
        "松山市、東温市",
        _p("不登校の子をもつ親が孤立せず、安心して話せる場をもつ。"),
        _p("小学生から高校生までの、学校に行きづらい子どもの保護者。"),
        _p("毎月第3日曜日に親の会を開き、先輩の親の体験談やフリースクールの紹介を行いました。"),
        _p(
            "スクールカウンセラーと小児科に案内を置いてもらい、オンライン参加もできるようにしました。"
        ),
        _p("「うちだけではない」と知って気持ちが楽になったという声が多くありました。"),
        (("開催", "12", "回"), ("参加した保護者", "延べ148", "人")),
        ("市内のフリースクール", "slug:aoi-soudan"),
        ("#c9d98e", "輪になって座り話す保護者たち", "第3日曜日の親の会"),
    ),
    DemoPractice(
        "saigai-mimamori-net",
        "kuroshio-sasaeai",
        "災害時にも続く見守りネットワーク",
        2023,
        "平時の見守り訪問を、災害が起きたときの安否確認にそのまま使える仕組みにしました。",
        (("地域の包括的見守り体制の構築", True), ("アウトリーチ型支援の推進", True)),
        (("高齢者", True), ("被災者", True), ("障害者", False)),
        ("39", "38"),
        "高知市",
        _p("災害のときに、ひとり暮らしの高齢の方や障害のある方が取り残されないようにする。"),
        _p("沿岸地区の、避難に支援が必要な方。"),
        _p("見守り訪問の担当を地区ごとに決め、年2回の防災訓練で安否確認の手順を確かめました。"),
        _p("自主防災組織の会合に出向き、訪問の担い手を募りました。"),
        _p("訓練では、対象の方全員の安否を1時間以内に確認できました。"),
        (("見守り対象", "132", "世帯"), ("訪問ボランティア", "41", "人")),
        ("地区の自主防災組織", "slug:iyonada-minato-shakyo"),
        ("#e3c16f", "防災訓練で名簿を確認するボランティア", "年2回の安否確認訓練"),
    ),
    DemoPractice(
        "shiensha-shien-kenshu",
        "sanuki-shimin-support",
        "支援する人を支える研修会",
        2024,
        "相談や居場所の担い手が燃え尽きないよう、学びと語り合いの研修を続けました。",
        (("地域のNPO等への支援", True), ("官民連携プラットフォームの構築", False)),
        (("支援者支援", True),),
        ("37", "38"),
        "",
        _p("孤独・孤立の支援に携わる人が、ひとりで抱え込まずに活動を続けられるようにする。"),
        _p("NPO、社会福祉協議会、行政の相談員やボランティア。"),
        _p("傾聴とセルフケアの研修を年6回開き、研修後に団体をこえた語り合いの時間を設けました。"),
        _p("プラットフォームの会員団体に案内し、オンラインでも参加できるようにしました。"),
        _p("参加した団体どうしで、困難な事例を相談し合う関係ができました。"),
        (("研修", "6", "回"), ("参加者", "延べ214", "人"), ("参加団体", "38", "団体")),
        ("slug:yorisoi-chat", "slug:hiroshima-hitorioya", "県精神保健福祉センター"),
        ("#9d8ec5", "グループで話し合う研修の参加者", "セルフケア研修"),
    ),
)


def _image(title, colour):
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (800, 600), colour)
    draw = ImageDraw.Draw(picture)
    for step in range(5):
        inset = 40 + step * 40
        draw.rounded_rectangle(
            (inset, inset, 800 - inset, 600 - inset), radius=24, outline="#ffffff", width=4
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name=f"demo-practice-{colour.lstrip('#')}.png")
    image.save()
    return image


def _index():
    home = HomePage.objects.order_by("depth").first()
    if home is None:
        return None, False
    index = PracticeIndexPage.objects.first()
    if index is not None:
        return index, False
    index = PracticeIndexPage(
        title="取組事例",
        slug="practices",
        show_in_menus=True,
        intro="会員団体が取り組んできた実践を紹介します。取組の種類や対象、地域、年度から探せます。",
    )
    home.add_child(instance=index)
    return index, True


def ensure_practices(stdout=None):
    """Create the missing write-up index and demo write-ups; return (created, found)."""
    created = found = 0
    with _quiet(CHATTY_LOGGERS), transaction.atomic():
        index, _ = _index()
        if index is None:
            return 0, 0
        organisations = {o.slug: o for o in Organisation.objects.all()}
        activity_types = {a.name: a for a in ActivityType.objects.all()}
        target_groups = {t.name: t for t in TargetGroup.objects.all()}
        prefectures = {p.code: p for p in Prefecture.objects.all()}
        users = get_user_model().objects
        for demo in PRACTICES:
            organisation = organisations.get(demo.organisation)
            if organisation is None:
                continue
            if PracticePage.objects.filter(slug=demo.slug).exists():
                found += 1
                continue
            _create(
                demo,
                index,
                organisation,
                organisations,
                activity_types,
                target_groups,
                prefectures,
                users.filter(username=f"org-admin-{demo.organisation}").first(),
            )
            created += 1
    if stdout is not None:
        stdout.write(
            f"  取組事例 / write-ups        作成 created {created:>2}   既存 found {found:>2}"
        )
    return created, found


def _create(
    demo, index, organisation, organisations, activity_types, target_groups, prefectures, user
):
    page = PracticePage(
        title=demo.title,
        slug=demo.slug,
        organisation=organisation,
        year=demo.year,
        summary=demo.summary,
        areas_municipalities=demo.municipalities,
        purpose=demo.purpose,
        beneficiaries=demo.beneficiaries,
        content=demo.content,
        outreach=demo.outreach,
        qualitative_results=demo.qualitative,
        live=False,
        owner=user,
    )
    page.areas_prefectures = [prefectures[code] for code in demo.prefectures]
    page.activities = [
        PracticeActivity(activity_type=activity_types[name], is_main=main)
        for name, main in demo.activities
    ]
    page.targets = [
        PracticeTarget(target_group=target_groups[name], is_main=main)
        for name, main in demo.targets
    ]
    partners = []
    for partner in demo.partners:
        if partner.startswith("slug:"):
            member = organisations.get(partner.removeprefix("slug:"))
            if member is not None:
                partners.append(PracticePartner(organisation=member, name=""))
        else:
            partners.append(PracticePartner(name=partner))
    page.partners = partners
    page.results = [PracticeResult(label=a, value=b, unit=c) for a, b, c in demo.results]
    colour, alt_text, caption = demo.photo
    page.photos = [
        PracticePhoto(image=_image(demo.title, colour), alt_text=alt_text, caption=caption)
    ]
    index.add_child(instance=page)
    # Written by the organisation's admin; published as if the secretariat had
    # approved it (the admin has no publish permission of their own).
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    return page
