"""The demo site's texts, as data.

Everything here is fictional: the prefecture (みらい県), its network
(つながりネット), venues, phone numbers and people. The facts behind it —
two membership tiers, joining by application plus recommendation, KPIs such as
organisations reached or forum attendance, subcommittees, the April–March
fiscal year — follow the public reports in ``shared/seeds``.

News and events are dated relative to the day the command runs, so the site
always has recent news, three past and three upcoming events; the reports
belong to the three fiscal years before the current one.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from cms.dates import era_year, fiscal_year_of
from events.models import EventType
from home.models.news import NewsCategory
from home.models.reports import ReportType

from .stream import Item, button, h2, h3, ol, p, quote, table, ul

TOKYO = ZoneInfo("Asia/Tokyo")
NETWORK = "つながりネット"
NETWORK_LONG = "みらい県 孤独・孤立対策官民連携プラットフォーム「つながりネット」"
SECRETARIAT = "みらい県 福祉部 地域福祉課 孤独・孤立対策担当"
ISSUER = f"つながりネット事務局（{SECRETARIAT}）"
CONTACT = "つながりネット事務局（電話 000-000-0000／secretariat@example.org）"
REGISTRATION = "https://example.org/tsunagari/apply/"
ONLINE = "https://example.org/online/"
WEEKDAYS = "月火水木金土日"

# --- People ------------------------------------------------------------------

# Demo only: printed at the end of every run, never used outside DEBUG.
DEMO_PASSWORD = "tsunagari-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    username: str
    last_name: str
    first_name: str
    email: str
    role: str  # shown in the summary table, Japanese
    role_en: str  # the short English hint beside it
    groups: tuple[str, ...] = ()
    superuser: bool = False
    staff: bool = True  # opens the Wagtail admin, so needs a second factor


# One account per role the site knows so far. Member organisations' admins,
# members and subcommittee coordinators join this tuple when their apps land.
ACCOUNTS = (
    DemoAccount(
        "admin",
        "山田",
        "太郎",
        "admin@example.org",
        role="システム管理者",
        role_en="superuser",
        superuser=True,
    ),
    DemoAccount(
        "editor",
        "佐藤",
        "花子",
        "sato.hanako@example.org",
        role="事務局・編集担当（公開には承認が必要）",
        role_en="Editors: drafts pages, submits them for moderation",
        groups=("Editors",),
    ),
    DemoAccount(
        "secretariat",
        "鈴木",
        "一郎",
        "suzuki.ichiro@example.org",
        role="事務局・承認担当（ページの承認・公開、入会申込の審査）",
        role_en="Moderators + 事務局: approves pages, vets applications",
        groups=("Moderators", "事務局"),
    ),
)

# --- Site settings -------------------------------------------------------------

SITE_NAME = NETWORK
SITE_SETTINGS = {
    "network_name": NETWORK,
    "secretariat_name": SECRETARIAT,
    "address": "〒000-0000 みらい県みらい市中央1丁目1-1 みらい県庁 本庁舎5階",
    "phone": "000-000-0000",
    "email": "secretariat@example.org",
    "office_hours": "平日 8:30〜17:15（土日祝日・年末年始を除く）",
    "footer_note": "このサイトはデモ用です。団体名・電話番号などはすべて架空のものです。",
}

# --- Pages -----------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """A top-level page. ``kind`` picks the model: standard, news, events or reports."""

    slug: str
    title: str
    kind: str
    intro: str = ""
    body: tuple[Item, ...] = ()
    show_in_menus: bool = False
    search_description: str = ""


HOME = {
    "title": NETWORK,
    "seo_title": "みらい県 孤独・孤立対策官民連携プラットフォーム",
    "lead": "ひとりにしない、ひとりにならない。地域のつながりを、みんなで編みなおす。",
    "purpose": (
        "つながりネットは、みらい県と県内の市町村、社会福祉協議会、NPO、社会福祉法人、"
        "企業などが参加する、孤独・孤立対策の官民連携プラットフォームです。"
        "会員団体が顔の見える関係を築き、困りごと（ニーズ）と、人・場所・知恵などの資源（シーズ）を"
        "結びつけることで、誰もが緩やかなつながりを持てる地域をめざします。"
    ),
    "search_description": (
        "みらい県の孤独・孤立対策官民連携プラットフォーム「つながりネット」の公式サイト（デモ）"
    ),
    "body": (
        h2("つながりネットでできること"),
        ul(
            "会員団体どうしの情報共有と、分野を越えた連携事業の企画",
            "テーマ別の分科会（居場所づくり、若者の孤独・孤立）への参加",
            "フォーラム・研修会・視察会・交流会を通じた担い手の育成",
            "県民のみなさんへの相談窓口・居場所の情報発信",
        ),
        table(
            "数字で見るつながりネット（デモデータ）",
            ("会員団体", "138団体（幹事団体 12・一般団体 126）"),
            ("参加する市町村", "県内のすべての市町村"),
            ("分科会", "2（居場所づくり分科会、若者の孤独・孤立分科会）"),
            ("会費", "無料"),
        ),
        button("ひとりで悩んでいる方へ：相談窓口一覧", page="support"),
        button("つながりネットについて", page="about"),
    ),
}

ABOUT = PageSpec(
    slug="about",
    title="ネットワークについて",
    kind="standard",
    show_in_menus=True,
    intro="つながりネットの目的としくみ、参加している団体についてご紹介します。",
    search_description="つながりネットの設立の背景、目的、主な活動、会員の区分",
    body=(
        h2("設立の背景"),
        p(
            "令和6年4月に孤独・孤立対策推進法が施行され、孤独・孤立は個人の問題ではなく、"
            "社会全体で向き合う課題と位置づけられました。同法は、国や地方公共団体と、"
            "支援に取り組む民間の団体とが連携・協働して対策を進めることを求めています。",
            "みらい県では、行政と民間の支援団体が分野を越えてつながる場として、"
            "官民連携プラットフォーム「つながりネット」を設けました。",
        ),
        h2("ネットワークの目的"),
        p(
            "困りごとを抱える人や支援の担い手が直面している課題（ニーズ）と、"
            "会員団体が持つ人・もの・資金・場所・知識・情報といった資源（シーズ）を結びつけること。"
            "それがつながりネットのいちばんの役割です。",
            "顔の見える関係のなかで団体どうしの水平的な連携を重ね、"
            "日常のなかの「緩やかなつながり」のモデルを県内各地に広げていきます。",
        ),
        h2("主な活動"),
        ul(
            "ネットワーク会議（年2回程度）での活動方針の検討と情報交換",
            "分科会によるテーマ別・地域別の取組",
            "フォーラム、研修会、視察会、会員交流会の開催",
            "孤独・孤立対策強化月間（5月）を中心とした普及啓発",
            "相談窓口や居場所についての情報発信",
        ),
        h2("会員の区分"),
        table(
            "会員の区分と入会の条件",
            (
                "幹事団体",
                "県内で中核的な役割を担い、活動方針の検討や連携事業の企画に主体的に関わる団体。"
                "幹事団体でネットワーク会議を構成します。",
            ),
            (
                "一般団体",
                "孤独・孤立対策に関わる取組を行い、連携事業や分科会に参加する団体。",
            ),
            (
                "入会できる団体",
                "NPO法人、社会福祉法人、財団法人、社団法人、任意団体、民間企業、行政機関、"
                "社会福祉協議会など。個人での入会はできません。",
            ),
            ("会費", "無料"),
        ),
        button("設置要綱・会員規約を読む", page="charter"),
    ),
)

CHARTER = PageSpec(
    slug="charter",
    title="設置要綱・会員規約",
    kind="standard",
    intro=(
        "つながりネットの設置と運営、会員の入会・退会についての定めです。"
        "（デモサイト用の架空の規約です）"
    ),
    search_description="つながりネットの規約：会員の区分、入会、変更届、退会、除名、分科会、事業年度",
    body=(
        h2("第1章　総則"),
        p(
            "第1条（名称）　本会は、みらい県孤独・孤立対策官民連携プラットフォーム"
            "（愛称「つながりネット」。以下「本会」という。）と称する。",
            "第2条（目的）　本会は、孤独・孤立に悩む人を取り残さない地域をつくるため、"
            "行政機関と民間の団体が分野を越えて連携し、情報と資源を共有しながら"
            "対策を進めることを目的とする。",
            "第3条（活動）　本会は、前条の目的を達成するため、次の活動を行う。",
        ),
        ol(
            "会員間の情報共有と連携の推進",
            "会員が協力して行う連携事業の企画と実施",
            "研修会、フォーラム、視察会等の開催",
            "県民への包括的な情報発信",
            "その他、本会の目的を達成するために必要な活動",
        ),
        p("第4条（事業年度）　本会の事業年度は、毎年4月1日に始まり、翌年3月31日に終わる。"),
        h2("第2章　会員"),
        p("第5条（会員の区分）　本会の会員は、次の団体とする。"),
        ol(
            "幹事団体　孤独・孤立対策に関連する分野で県内において中核的な役割を担い、"
            "本会の運営に主体的に参画する団体",
            "一般団体　前号以外の団体で、孤独・孤立対策に関連する取組を行うもの",
        ),
        p(
            "第6条（入会資格）　会員となることができるのは、NPO法人、社会福祉法人、財団法人、"
            "社団法人、任意団体、民間企業、行政機関、社会福祉協議会等の団体とし、"
            "個人の入会は認めない。",
            "第7条（入会の手続）　入会を希望する団体は、入会申込書に、県、市町村又は幹事団体による"
            "推薦書を添えて事務局に提出する。",
            "2　事務局は、次の各号を確認したうえで入会の可否を決定し、"
            "その結果を申込団体に通知する。",
        ),
        ol(
            "団体の活動が孤独・孤立対策の推進に関連していること",
            "暴力団その他の反社会的勢力と関係がないことを申込団体が表明していること",
            "推薦書が添えられていること",
        ),
        p(
            "第8条（会費）　会費は徴収しない。",
            "第9条（変更の届出）　会員は、入会申込書に記載した事項に変更があったときは、"
            "速やかに変更届を事務局に提出しなければならない。",
            "第10条（会員情報の取扱い）　会員名簿に登録された団体の情報は、"
            "原則として会員間で共有し、本会のウェブサイト等で公開する。ただし、連絡先のうち会員限定とした項目は公開しない。",
            "第11条（退会）　会員は、退会届を事務局に提出して、任意に退会することができる。"
            "退会した団体は、会員名簿から削除する。",
            "第12条（除名）　会員が次の各号のいずれかに該当するときは、あらかじめ弁明の機会を"
            "与えたうえで、ネットワーク会議の議決により除名することができる。"
            "除名された団体は、会員名簿から削除する。",
        ),
        ol(
            "1年以上連絡が取れないとき",
            "この規約に違反し、又は本会の信用を著しく傷つけたとき",
            "解散し、又は活動を停止したとき",
            "反社会的勢力との関係が判明したとき",
        ),
        h2("第3章　会議・分科会・事務局"),
        p(
            "第13条（ネットワーク会議）　本会に、幹事団体で構成するネットワーク会議を置く。"
            "ネットワーク会議は、規約の改廃、幹事団体の選出、会員の除名その他の重要な事項を議決する。",
            "第14条（分科会）　本会は、活動上必要があるときは、特定のテーマ又は地域の課題に"
            "取り組むため、会員の一部で構成する分科会を置くことができる。",
            "第15条（事務局）　本会の事務局は、みらい県福祉部地域福祉課に置く。",
            "附則　この規約は、令和6年6月1日から施行する。",
        ),
    ),
)

PRIVACY = PageSpec(
    slug="privacy",
    title="プライバシーポリシー",
    kind="standard",
    intro=(
        "つながりネット事務局（みらい県 福祉部 地域福祉課）は、このサイトとネットワークの運営に"
        "必要な個人情報を、個人情報の保護に関する法律その他の関係法令に従って適正に取り扱います。"
    ),
    search_description="つながりネットにおける個人情報の取扱い",
    body=(
        h2("1　取得する情報"),
        ul(
            "会員団体の担当者の氏名・所属・連絡先（入会申込書、変更届、会員アカウントの登録時）",
            "イベントや研修会の申込みでお預かりする氏名・所属・連絡先・参加方法",
            "お問い合わせの際にお知らせいただいた内容",
            "サイトの閲覧に伴うアクセス記録（IPアドレス、閲覧日時、ブラウザの種類など）",
        ),
        h2("2　利用目的"),
        ul(
            "会員名簿の管理と会員への連絡",
            "イベントの受付・運営・連絡",
            "お問い合わせへの回答",
            "サイトの安全な運用と、個人を特定しない形での利用状況の把握",
        ),
        h2("3　要配慮個人情報について"),
        p(
            "孤独・孤立に関わるご相談には、心身の状態、病歴、障害、生活の困窮といった"
            "要配慮個人情報が含まれることがあります。このサイトや会員向けの掲示板は相談窓口ではありません。"
            "ご自身や他の方のこうした情報は書き込まないでください。",
            "やむを得ず要配慮個人情報をお預かりする場合は、あらかじめご本人の同意を得たうえで、"
            "必要な範囲に限って取得し、取り扱う職員を限定して管理します。",
        ),
        h2("4　第三者への提供"),
        p(
            "法令に基づく場合を除き、ご本人の同意なく第三者に提供しません。"
            "会員名簿のうち公開項目（団体名、所在する市町村、活動内容など）は、"
            "会員規約に基づいてサイトに掲載します。担当者個人の連絡先は公開しません。",
        ),
        h2("5　安全管理"),
        p(
            "アクセス権限の管理、通信の暗号化、操作記録の保存などにより、"
            "個人情報の漏えい・滅失・き損の防止に努めます。運用を外部に委託する場合は、"
            "委託先にも同等の管理を求め、必要な監督を行います。",
        ),
        h2("6　開示・訂正・利用停止"),
        p(
            "ご本人からの開示、訂正、利用停止の請求には、法令に基づいて対応します。"
            "会員団体の登録内容は、変更届または会員用ページから更新できます。",
        ),
        h2("7　Cookie（クッキー）"),
        p(
            "ログイン状態の維持などのためにCookieを使用します。広告を目的としたCookieは使用しません。",
        ),
        h2("8　お問い合わせ"),
        table(
            "個人情報の取扱いに関する窓口",
            ("窓口", f"つながりネット事務局（{SECRETARIAT}）"),
            ("電話", "000-000-0000（平日 8:30〜17:15）"),
            ("メール", "secretariat@example.org"),
            ("制定日", "令和6年6月1日"),
        ),
    ),
)

SUPPORT = PageSpec(
    slug="support",
    title="相談窓口一覧",
    kind="standard",
    show_in_menus=True,
    intro="ひとりで抱え込まずに、まずは話してみてください。名前を言わずに相談できる窓口もあります。",
    search_description="孤独・孤立、暮らしやこころの悩みを相談できる窓口の一覧",
    body=(
        h2("いますぐ話を聞いてほしいとき"),
        table(
            "全国の相談窓口",
            (
                "よりそいホットライン",
                "0120-279-338（24時間・無料）。暮らしの困りごとやこころの悩みなど、"
                "どんなことでも相談できます。",
            ),
            (
                "こころの健康相談統一ダイヤル",
                "0570-064-556。おかけになった地域の公的な相談窓口につながります"
                "（受付時間は地域により異なります）。",
            ),
        ),
        p(
            "番号や受付時間は変わることがあります。最新の情報は各窓口の公式案内でご確認ください。"
            "国の孤独・孤立対策のウェブサイト「あなたはひとりじゃない」では、"
            "電話やSNS・チャットで相談できる窓口を、悩みに合わせて探せます。",
        ),
        h2("みらい県の相談窓口"),
        table(
            "県の相談窓口（デモ用の架空の窓口・番号です）",
            ("くらしとこころの総合相談", "0120-000-000（平日 9:00〜20:00）"),
            (
                "わかもの相談ステーション",
                "000-000-0001（火〜土 10:00〜18:00）。15〜39歳の方とご家族",
            ),
            ("ひきこもり地域支援センター", "000-000-0002（平日 9:00〜17:00）"),
            (
                "外国人住民相談センター",
                "000-000-0003（平日 9:00〜17:00）。やさしい日本語、英語、中国語、ベトナム語ほか",
            ),
        ),
        h2("年末年始の窓口"),
        p(
            "12月29日から1月3日までは、県の窓口の多くがお休みになります。"
            "この期間は、24時間受け付けているよりそいホットラインなどをご利用ください。",
        ),
    ),
)

NEWS_INDEX = PageSpec(
    slug="news",
    title="お知らせ",
    kind="news",
    show_in_menus=True,
    intro="つながりネットからのお知らせ、募集、活動報告をお届けします。",
)
EVENT_INDEX = PageSpec(
    slug="events",
    title="イベント",
    kind="events",
    show_in_menus=True,
    intro="フォーラム、研修会、視察会、交流会などの予定と、これまでの開催記録です。",
)
REPORT_INDEX = PageSpec(
    slug="reports",
    title="報告書・会議資料",
    kind="reports",
    show_in_menus=True,
    intro="事業実施報告書、ネットワーク会議の資料と議事録、調査報告をPDFで公開しています。",
)

# Created in this order, which is also the tree order. The charter comes first
# because the about page links to it; it is not in the menu, so the menu still
# reads ネットワークについて, お知らせ, イベント, 報告書・会議資料, 相談窓口一覧.
SECTIONS = (CHARTER, ABOUT, NEWS_INDEX, EVENT_INDEX, REPORT_INDEX, SUPPORT, PRIVACY)

# --- Dates -----------------------------------------------------------------


def in_year_end_holidays(day: datetime.date) -> bool:
    """29 December to 3 January, when public offices are closed."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    """The last working day on or before ``day``: no weekends, no year-end holidays."""
    while day.weekday() >= 5 or in_year_end_holidays(day):
        day -= datetime.timedelta(days=1)
    return day


def weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    """The first ``weekday`` (0 = Monday) on or after ``day``, outside the year-end holidays."""
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    while in_year_end_holidays(day):
        day += datetime.timedelta(days=7)
    return day


def latest(today: datetime.date, month: int, day: int) -> datetime.date:
    """The most recent ``month``/``day`` on or before today."""
    candidate = datetime.date(today.year, month, day)
    return candidate if candidate <= today else candidate.replace(year=today.year - 1)


def at(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TOKYO)


def wareki(day: datetime.date) -> str:
    """A date in the Japanese calendar with its weekday, e.g. 令和7年6月20日（金）."""
    if day >= datetime.date(2019, 5, 1):
        number = day.year - 2018
        year = f"令和{'元' if number == 1 else number}年"
    else:
        year = f"{day.year}年"
    return f"{year}{day.month}月{day.day}日（{WEEKDAYS[day.weekday()]}）"


def fy(year: int) -> str:
    """令和6年度 for 2024."""
    return f"{era_year(year)}年度"


# --- Reports ---------------------------------------------------------------


@dataclass(frozen=True)
class ReportSpec:
    slug: str
    title: str
    report_type: str
    fiscal_year: int
    date: datetime.date
    summary: str
    body: tuple[Item, ...]
    document_title: str
    filename: str


def annual_report_date(today: datetime.date) -> datetime.date:
    """Last year's report comes out at the end of June (or today, if that is still ahead)."""
    return weekday_on_or_before(min(today, datetime.date(fiscal_year_of(today), 6, 27)))


def reports(today: datetime.date) -> list[ReportSpec]:
    """Five reports over the three fiscal years before the current one."""
    current = fiscal_year_of(today)
    y1, y2, y3 = current - 3, current - 2, current - 1
    annual_date = annual_report_date(today)
    meeting_2 = weekday_on_or_before(datetime.date(y2 + 1, 2, 25))
    meeting_1 = weekday_on_or_before(datetime.date(y3, 6, 20))
    survey_from = weekday_on_or_after(datetime.date(y1 + 1, 1, 15), 0)
    survey_to = weekday_on_or_before(datetime.date(y1 + 1, 2, 9))
    return [
        ReportSpec(
            slug=f"survey-{y1}",
            title="県内の居場所・つながりづくりに関する団体調査 報告書",
            report_type=ReportType.SURVEY,
            fiscal_year=y1,
            date=weekday_on_or_before(datetime.date(y1 + 1, 3, 22)),
            summary=(
                "県内のNPO法人や任意団体など420団体に、居場所づくりや相談支援の取組状況と課題を"
                "たずねたアンケート調査の結果です。92団体から回答がありました（回収率21.9％）。"
            ),
            body=(
                h2("調査の概要"),
                table(
                    "調査の方法",
                    ("調査対象", "県内に主な事務所を置くNPO法人・任意団体等 420団体"),
                    ("調査期間", f"{wareki(survey_from)}〜{wareki(survey_to)}"),
                    ("調査方法", "郵送とウェブフォームによる回答"),
                    ("回収数", "92団体（回収率21.9％）"),
                ),
                h2("主な結果"),
                ul(
                    "孤独・孤立対策に役立つ活動として最も多かったのは「居場所づくり」（46団体）で、"
                    "「相談窓口の開設」（21団体）、「食を通じたつながり」（17団体）が続きました。",
                    "活動上の課題は「担い手の高齢化・不足」（61％）、「活動資金の確保」（55％）、"
                    "「支援が必要な人に情報が届かない」（48％）の順に多く挙がりました。",
                    "7割の団体が「分野の異なる団体と連携したい」と答えた一方、"
                    "「連携先の探し方がわからない」という声も多く見られました。",
                ),
                h2("今後に向けて"),
                p(
                    "団体どうしが互いの活動を知り、気軽に相談し合える場が求められていることがわかりました。"
                    "この結果を、官民連携プラットフォームの設置と会員交流の企画に生かします。",
                    "回収率は2割強にとどまりました。次回は、市町村や中間支援団体を通じた呼びかけを"
                    "組み合わせ、より多くの団体の声を集めます。",
                ),
            ),
            document_title=f"{fy(y1)} 居場所・つながりづくりに関する団体調査 報告書",
            filename=f"tsunagari-survey-{y1}.pdf",
        ),
        ReportSpec(
            slug=f"annual-report-{y2}",
            title=f"{fy(y2)} 事業実施報告書",
            report_type=ReportType.ANNUAL,
            fiscal_year=y2,
            date=weekday_on_or_before(datetime.date(y2 + 1, 6, 27)),
            summary=(
                f"つながりネット設立初年度（{fy(y2)}）の活動と、成果指標（KPI）の達成状況をまとめました。"
                "周知団体数は目標を達成しましたが、伴走支援とフォーラムの参加者数は目標に届きませんでした。"
            ),
            body=(
                h2("事業の概要"),
                p(
                    "初年度は、県内の支援団体の掘り起こしとネットワークの土台づくりに力を入れました。"
                    "検討委員会を3回開き、団体の発掘、活動実態の把握、情報の共有、相談支援の進め方を協議しました。",
                ),
                h2("主な取組"),
                ul(
                    "福祉・子育て・介護の情報サイトや市町村を通じた、孤独・孤立対策に取り組む団体の発掘",
                    "面談とオンラインによる、団体への伴走支援",
                    "会場とオンラインのハイブリッドによるフォーラムの開催（2回）",
                    "先駆的な取組を行う団体の表彰と紹介",
                    "啓発リーフレットの作成",
                ),
                h2("目標の達成状況"),
                table(
                    "成果指標（KPI）の達成状況",
                    ("周知団体数", "目標 100団体 → 実績 100団体以上（達成）"),
                    ("伴走支援団体数", "目標 30団体 → 実績 延べ20団体（未達成）"),
                    ("フォーラム", "定員 250名・ハイブリッド開催 → 第1回 30名、第2回 43名"),
                    ("研修会・経営相談会", "目標 3回 → 実績 0回（未実施）"),
                    ("表彰・紹介", "目標 3団体 → 実績 10団体（表彰8団体、ゲストトーク2団体）"),
                    ("リーフレット", "目標 5,000部 → 一部の団体への配布にとどまる（未達成）"),
                    ("検討委員会", "3回開催"),
                ),
                h2("振り返りと次年度の課題"),
                p(
                    "初年度は関係づくりと周知が中心となりました。フォーラムの参加者が伸びなかったことから、"
                    "次年度は会員団体の広報網を活用して早めに告知し、研修会を確実に実施します。"
                    "伴走支援は、相談の入口を事務局に一本化して受け付けやすくします。",
                ),
            ),
            document_title=f"{fy(y2)} つながりネット 事業実施報告書",
            filename=f"tsunagari-annual-report-{y2}.pdf",
        ),
        ReportSpec(
            slug=f"network-meeting-{y2}-2-materials",
            title=f"{fy(y2)} 第2回ネットワーク会議 会議資料",
            report_type=ReportType.MATERIALS,
            fiscal_year=y2,
            date=meeting_2,
            summary=(
                f"{wareki(meeting_2)}に開いた第2回ネットワーク会議の次第と資料です。"
                "第1回会議で出た意見への対応状況を報告し、連携の土壌づくりと共通テーマについて協議しました。"
            ),
            body=(
                h2("次第"),
                ol(
                    "開会・趣旨説明",
                    "報告事項：第1回会議での意見と取組の状況",
                    "協議事項（1）：孤独・孤立対策に係る連携の土壌づくり",
                    "協議事項（2）：ネットワークの共通テーマ",
                    "事務連絡：次回の開催について",
                ),
                h2("資料一覧"),
                ul(
                    "資料1　みらい県の孤独・孤立対策の取組方針",
                    "資料2　第1回会議での意見と取組の状況",
                    "資料3　連携の土壌づくりと共通テーマ（事務局案）",
                    "参考資料　会員団体名簿",
                ),
                h3("共通テーマ（事務局案）"),
                ul(
                    "つながることへの普及啓発・機運づくり（つながりサポーターの養成、強化月間の広報など）",
                    "社会参加・地域参加の機会づくり（就労体験、ボランティア、文化・スポーツ、オンラインの場など）",
                ),
            ),
            document_title=f"{fy(y2)} 第2回ネットワーク会議 資料",
            filename=f"tsunagari-meeting-{y2}-2-materials.pdf",
        ),
        ReportSpec(
            slug=f"network-meeting-{y3}-1-minutes",
            title=f"{fy(y3)} 第1回ネットワーク会議 議事録",
            report_type=ReportType.MINUTES,
            fiscal_year=y3,
            date=meeting_1,
            summary=(
                f"{wareki(meeting_1)}に開いた第1回ネットワーク会議の議事録です。"
                "今年度の活動計画を承認し、テーマ別の分科会の設置に向けて準備を始めることを決めました。"
            ),
            body=(
                table(
                    "開催概要",
                    ("日時", f"{wareki(meeting_1)} 14:00〜16:00"),
                    ("会場", "みらい県庁 本庁舎 講堂（オンライン併用）"),
                    ("出席", "幹事団体 12団体中11団体（うち1団体は書面により表決を委任）"),
                    ("事務局", "みらい県 福祉部 地域福祉課"),
                ),
                h2("議事の要旨"),
                p(
                    "事務局から前年度の事業実施状況を報告し、伴走支援とフォーラムの参加者数が"
                    "目標に届かなかった要因について意見交換を行った。",
                    "幹事団体からは「居場所の運営団体どうしが学び合う場がほしい」"
                    "「若者は電話よりSNSで相談する。大学や若者支援団体と一緒に考えたい」との発言があった。",
                    "事務局から、テーマ別に会員の一部で集まる分科会の設置を提案し、協議した。",
                ),
                h2("決定事項"),
                ul(
                    f"{fy(y3)}の活動計画を原案のとおり承認する。",
                    "分科会の設置に向けて、事務局がテーマ案（居場所づくり、若者の孤独・孤立）と"
                    "運営方法を整理し、次回の会議に諮る。",
                    "フォーラムは会場とオンラインのハイブリッドで開き、告知を開催2か月前に始める。",
                ),
            ),
            document_title=f"{fy(y3)} 第1回ネットワーク会議 議事録",
            filename=f"tsunagari-meeting-{y3}-1-minutes.pdf",
        ),
        ReportSpec(
            slug=f"annual-report-{y3}",
            title=f"{fy(y3)} 事業実施報告書",
            report_type=ReportType.ANNUAL,
            fiscal_year=y3,
            date=annual_date,
            summary=(
                f"{fy(y3)}の活動と成果指標（KPI）の達成状況をまとめました。"
                "研修会の実施と分科会の準備が進み、フォーラムには前年度の2倍を超える参加がありました。"
            ),
            body=(
                h2("事業の概要"),
                p(
                    "2年目は、担い手の育成と分科会の立ち上げ準備に取り組みました。"
                    "つながりサポーター入門講座を3回開き、会員交流会をきっかけに"
                    "団体どうしの連携も生まれました。",
                ),
                h2("目標の達成状況"),
                table(
                    "成果指標（KPI）の達成状況",
                    ("周知団体数", "目標 100団体 → 実績 131団体（達成）"),
                    ("伴走支援団体数", "目標 30団体 → 実績 延べ26団体（未達成）"),
                    (
                        "フォーラム",
                        "定員 250名・ハイブリッド開催 → 168名（会場71名、オンライン97名）",
                    ),
                    ("研修会", "目標 3回 → 実績 3回（延べ148名）"),
                    ("表彰・紹介", "目標 3団体 → 実績 6団体"),
                    ("リーフレット", "目標 5,000部 → 実績 5,000部（会員団体と市町村窓口で配布）"),
                    ("分科会", "設置に向けた準備会を2回開催（次年度に2分科会を設置）"),
                ),
                h2("振り返りと次年度の課題"),
                p(
                    "伴走支援は目標に近づきましたが、活動資金や担い手の確保についての相談が多く、"
                    "1団体あたりの支援期間が長くなる傾向がありました。次年度は、専門アドバイザーと"
                    "会員団体の協力による相談体制を整えます。",
                ),
            ),
            document_title=f"{fy(y3)} つながりネット 事業実施報告書",
            filename=f"tsunagari-annual-report-{y3}.pdf",
        ),
    ]


# --- Events ----------------------------------------------------------------


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    event_type: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    venue_name: str = ""
    venue_address: str = ""
    online_url: str = ""
    capacity: int | None = None
    fee: str = "無料"
    organiser: str = "つながりネット事務局"
    registration_url: str = ""
    registration_deadline: datetime.date | None = None
    contact: str = CONTACT
    body: tuple[Item, ...] = field(default=())


CENTRE = "みらい県民センター"
CENTRE_ADDRESS = "〒000-0003 みらい県みらい市中央3丁目5-1"
HALL = "みらい県福祉会館"
HALL_ADDRESS = "〒000-0001 みらい県みらい市本町2丁目3-4"


def event_days(today: datetime.date) -> dict[str, datetime.date]:
    """When each event takes place: three well in the past, three ahead."""
    return {
        "ibasho-subcommittee-1": weekday_on_or_after(today - datetime.timedelta(days=150), 1),
        "supporter-training-online": weekday_on_or_after(today - datetime.timedelta(days=90), 2),
        "ibasho-visit": weekday_on_or_after(today - datetime.timedelta(days=40), 3),
        "members-exchange": weekday_on_or_after(today + datetime.timedelta(days=12), 4),
        "tsunagari-forum": weekday_on_or_after(today + datetime.timedelta(days=35), 5),
        "youth-subcommittee-2": weekday_on_or_after(today + datetime.timedelta(days=60), 1),
    }


def _deadline(day: datetime.date, days_before: int = 7) -> datetime.date:
    return day - datetime.timedelta(days=days_before)


def events(today: datetime.date) -> list[EventSpec]:
    days = event_days(today)
    forum = days["tsunagari-forum"]
    return [
        EventSpec(
            slug="ibasho-subcommittee-1",
            title="居場所づくり分科会 第1回会合",
            event_type=EventType.MEETING,
            start=at(days["ibasho-subcommittee-1"], "14:00"),
            end=at(days["ibasho-subcommittee-1"], "16:00"),
            summary=(
                "県内で居場所を運営する会員団体が集まり、分科会の進め方と今年度のテーマを話し合いました。"
            ),
            venue_name=f"{HALL} 3階 第2会議室",
            venue_address=HALL_ADDRESS,
            capacity=25,
            organiser="つながりネット 居場所づくり分科会",
            registration_url=f"{REGISTRATION}ibasho-subcommittee-1/",
            registration_deadline=_deadline(days["ibasho-subcommittee-1"]),
            body=(
                h2("当日の内容"),
                ul(
                    "世話人の選出と分科会の運営方法の確認",
                    "参加団体からの活動紹介（8団体）",
                    "今年度のテーマ「はじめて来る人をどう迎えるか」の決定",
                ),
                p(
                    "分科会に登録している18団体のうち、15団体21名が出席しました。"
                    "次回は、居場所の視察をかねて開催します。",
                ),
            ),
        ),
        EventSpec(
            slug="supporter-training-online",
            title="つながりサポーター入門講座（オンライン）",
            event_type=EventType.TRAINING,
            start=at(days["supporter-training-online"], "18:30"),
            end=at(days["supporter-training-online"], "20:00"),
            summary=(
                "身近な人の小さな変化に気づき、声をかけ、必要な支援につなぐ"
                "「つながりサポーター」の基礎を学ぶオンライン講座です。"
            ),
            online_url=f"{ONLINE}supporter-training/",
            capacity=100,
            registration_url=f"{REGISTRATION}supporter-training-online/",
            registration_deadline=_deadline(days["supporter-training-online"], 3),
            body=(
                h2("プログラム"),
                ol(
                    "講義「孤独・孤立とは何か。誰にでも起こりうること」",
                    "事例紹介：地域の見守り活動から相談につながったケース",
                    "グループワーク：声をかけるときのひと言を考える",
                ),
                p(
                    "会員団体の職員、民生委員・児童委員、市町村の職員など74名が参加しました。"
                    "録画は会員用ページで公開しています。",
                ),
            ),
        ),
        EventSpec(
            slug="ibasho-visit",
            title="居場所視察会：多世代食堂「ひだまり」",
            event_type=EventType.VISIT,
            start=at(days["ibasho-visit"], "10:30"),
            end=at(days["ibasho-visit"], "12:30"),
            summary=(
                "子どもから高齢者までが一緒に食卓を囲む多世代食堂を訪ね、"
                "運営の工夫やボランティアの関わり方を学びました。"
            ),
            venue_name="多世代食堂「ひだまり」（NPO法人ひだまりの家）",
            venue_address="〒000-0002 みらい県さくら市緑町1丁目8-2",
            capacity=15,
            organiser="つながりネット 居場所づくり分科会",
            registration_url=f"{REGISTRATION}ibasho-visit/",
            registration_deadline=_deadline(days["ibasho-visit"], 10),
            body=(
                h2("視察の内容"),
                ul(
                    "運営団体による説明（立ち上げの経緯、資金、ボランティアの体制）",
                    "昼食の準備と食事の見学（参加者も一緒に食事をしました）",
                    "意見交換：はじめて来る人を迎えるための工夫",
                ),
                p("会員12団体から15名が参加しました。視察の報告はお知らせに掲載しています。"),
            ),
        ),
        EventSpec(
            slug="members-exchange",
            title="会員交流会「ニーズとシーズをつなぐ」",
            event_type=EventType.EXCHANGE,
            start=at(days["members-exchange"], "13:30"),
            end=at(days["members-exchange"], "16:00"),
            summary=(
                "「こんなことに困っている」「こんなことなら手伝える」を持ち寄る会員どうしの交流会です。"
                "連携のきっかけづくりにご活用ください。"
            ),
            venue_name=f"{CENTRE} 2階 大会議室",
            venue_address=CENTRE_ADDRESS,
            capacity=60,
            registration_url=f"{REGISTRATION}members-exchange/",
            registration_deadline=_deadline(days["members-exchange"]),
            body=(
                h2("内容"),
                ul(
                    "参加団体の1分間自己紹介",
                    "テーマ別テーブルトーク（居場所、食、就労、移動・買い物支援）",
                    "「ニーズ・シーズカード」の交換",
                ),
                h2("対象と持ち物"),
                p(
                    "つながりネットの会員団体の方が対象です（1団体2名まで）。"
                    "団体紹介のチラシを30部ほどお持ちください。",
                ),
            ),
        ),
        EventSpec(
            slug="tsunagari-forum",
            title=f"{fy(fiscal_year_of(forum))} つながりフォーラム",
            event_type=EventType.FORUM,
            start=at(forum, "13:30"),
            end=at(forum, "16:30"),
            summary=(
                "孤独・孤立を「誰にでも起こりうること」として考える年に一度のフォーラムです。"
                "会場とオンラインのハイブリッドで開き、基調講演と会員団体の実践発表を行います。"
            ),
            venue_name=f"{CENTRE} 大ホール",
            venue_address=CENTRE_ADDRESS,
            online_url=f"{ONLINE}tsunagari-forum/",
            capacity=250,
            registration_url=f"{REGISTRATION}tsunagari-forum/",
            registration_deadline=_deadline(forum, 10),
            body=(
                h2("プログラム"),
                table(
                    "当日の流れ",
                    ("13:30", "開会・趣旨説明（みらい県 福祉部）"),
                    (
                        "13:45",
                        "基調講演「緩やかなつながりが人を支える」（講師：大学教員・地域福祉）",
                    ),
                    ("14:45", "休憩"),
                    ("15:00", "実践発表：居場所づくり、地域の見守り、若者支援の3団体"),
                    ("16:00", "パネルトーク・質疑応答"),
                    ("16:30", "閉会"),
                ),
                p(
                    "手話通訳と要約筆記があります。配慮が必要な方は、申込みフォームでお知らせください。"
                    "オンラインで参加する方には、前日までに視聴用のURLをお送りします。",
                ),
            ),
        ),
        EventSpec(
            slug="youth-subcommittee-2",
            title="若者の孤独・孤立分科会 第2回会合",
            event_type=EventType.MEETING,
            start=at(days["youth-subcommittee-2"], "15:00"),
            end=at(days["youth-subcommittee-2"], "17:00"),
            summary=(
                "若者の居場所と相談のあり方をテーマに、大学の学生相談室や若者支援団体と意見交換します。"
            ),
            venue_name=f"{HALL} 2階 研修室",
            venue_address=HALL_ADDRESS,
            online_url=f"{ONLINE}youth-subcommittee/",
            capacity=30,
            organiser="つながりネット 若者の孤独・孤立分科会",
            registration_url=f"{REGISTRATION}youth-subcommittee-2/",
            registration_deadline=_deadline(days["youth-subcommittee-2"]),
            body=(
                h2("議題"),
                ol(
                    "第1回会合の振り返り",
                    "話題提供：大学の学生相談室から見た若者の孤立",
                    "意見交換：SNS相談と地域の居場所をどうつなぐか",
                ),
                p(
                    "分科会に参加していない会員団体の方も傍聴できます。申込みフォームでお知らせください。"
                ),
            ),
        ),
    ]


# --- News ------------------------------------------------------------------


@dataclass(frozen=True)
class NewsSpec:
    slug: str
    title: str
    date: datetime.date
    category: str
    summary: str
    body: tuple[Item, ...]


def news(today: datetime.date) -> list[NewsSpec]:
    """About ten items over the last eight months or so, newest first."""
    current = fiscal_year_of(today)
    days = event_days(today)

    def ago(n: int) -> datetime.date:
        return weekday_on_or_before(today - datetime.timedelta(days=n))

    def after(day: datetime.date, n: int) -> datetime.date:
        return weekday_on_or_before(min(today, day + datetime.timedelta(days=n)))

    annual_date = annual_report_date(today)
    return [
        NewsSpec(
            slug="forum-participants-wanted",
            title="「つながりフォーラム」の参加者を募集しています",
            date=ago(4),
            category=NewsCategory.EVENT,
            summary=(
                "会場とオンラインのハイブリッドで開く、つながりネット最大の催しです。"
                "基調講演と会員団体の実践発表を予定しています。定員250名、参加無料です。"
            ),
            body=(
                p(
                    "今年度のつながりフォーラムを、みらい県民センター大ホールとオンラインで開催します。",
                    "基調講演では、日常のなかの緩やかなつながりが人を支えるしくみについてお話しいただき、"
                    "後半は会員団体が居場所づくり、地域の見守り、若者支援の実践を発表します。",
                ),
                ul(
                    "定員：250名（会場とオンラインの合計、先着順）",
                    "参加費：無料",
                    "対象：会員団体の方、県内の支援者、関心のある県民の方",
                ),
                button("詳細・申込みはこちら", page="events/tsunagari-forum"),
            ),
        ),
        NewsSpec(
            slug="members-wanted",
            title="会員団体を募集しています",
            date=ago(18),
            category=NewsCategory.RECRUITMENT,
            summary="孤独・孤立対策に関わる取組を行う団体の入会を、随時受け付けています。会費は無料です。",
            body=(
                p(
                    "NPO法人、社会福祉法人、財団法人・社団法人、任意団体、民間企業、行政機関、"
                    "社会福祉協議会など、孤独・孤立対策に関わる活動をしている団体であれば、"
                    "分野を問わず参加できます。個人での入会は受け付けていません。",
                ),
                h2("入会の手続き"),
                ol(
                    "入会申込書に、団体の概要と活動内容を記入します。",
                    "県、市町村または幹事団体から推薦書を受けます。推薦先に心当たりがない場合は"
                    "事務局にご相談ください。",
                    "2つの書類を事務局に提出します。事務局が、活動が孤独・孤立対策に関わること、"
                    "反社会的勢力と関係がないこと、推薦があることを確認し、結果をお知らせします。",
                ),
                button("設置要綱・会員規約を読む", page="charter"),
            ),
        ),
        NewsSpec(
            slug="ibasho-visit-report",
            title="居場所視察会を開催しました（多世代食堂「ひだまり」）",
            date=after(days["ibasho-visit"], 3),
            category=NewsCategory.REPORT,
            summary=(
                "会員12団体15名が、さくら市の多世代食堂「ひだまり」を訪ねました。"
                "はじめて来る人を迎える工夫や、ボランティアが無理なく続けられる体制について学びました。"
            ),
            body=(
                p(
                    "「ひだまり」は、毎週木曜の昼に開かれる多世代食堂です。"
                    "一食300円（子どもは無料）で、毎回40人ほどが集まります。",
                    "見学では、受付で名前を書かなくてよいこと、ひとりで来た人の隣に顔なじみの"
                    "ボランティアがさりげなく座ることなど、「来やすさ」を支える小さな工夫が紹介されました。",
                ),
                quote(
                    "「ごはんを食べに来た」が、いちばん気軽な理由になるんです。"
                    "相談ごとは、そのあとで必要な人だけでいい。",
                    "運営団体のスタッフ",
                ),
                p(
                    "参加者からは「自分の地域でも月1回から始めてみたい」"
                    "「食材の寄付を受けるしくみを知りたい」といった声がありました。"
                    "居場所づくり分科会では、今回の学びをもとに立ち上げの手引きをまとめます。",
                ),
            ),
        ),
        NewsSpec(
            slug="support-list-updated",
            title="相談窓口一覧を更新しました",
            date=ago(55),
            category=NewsCategory.NOTICE,
            summary=(
                "相談窓口の情報を見直し、外国人住民のための窓口と、SNS・チャットで相談できる窓口の案内を"
                "追加しました。"
            ),
            body=(
                p(
                    "「相談窓口一覧」を更新しました。今回は、多言語で相談できる外国人住民相談センターと、"
                    "電話が苦手な方でもSNSやチャットで相談できる窓口の探し方を加えています。",
                    "支援の現場で相談先を案内するときにご活用ください。"
                    "掲載内容の誤りや変更に気づいたときは、事務局までお知らせください。",
                ),
                button("相談窓口一覧を見る", page="support"),
            ),
        ),
        NewsSpec(
            slug="supporter-training-report",
            title="「つながりサポーター入門講座」を開催しました",
            date=after(days["supporter-training-online"], 6),
            category=NewsCategory.REPORT,
            summary=(
                "オンラインの入門講座に、会員団体の職員や民生委員など74名が参加しました。"
                "アンケートでは9割近くが「今後の活動に役立つ」と答えました。"
            ),
            body=(
                p(
                    "つながりサポーターは、身近な人の小さな変化に気づき、声をかけ、"
                    "必要に応じて相談窓口につなぐ役割を担う人です。講座では、講義と事例紹介のあと、"
                    "少人数のグループで「声をかけるときのひと言」を考えました。",
                ),
                table(
                    "参加者アンケートの結果（回答52名）",
                    ("内容に満足した", "90％（47名）"),
                    ("今後の活動に役立つ", "88％（46名）"),
                    ("次回も参加したい", "81％（42名）"),
                ),
                p("いただいた声をふまえ、次回は地域ごとに少人数で集まる形での開催も検討します。"),
            ),
        ),
        NewsSpec(
            slug=f"annual-report-{current - 1}-published",
            title=f"{fy(current - 1)} 事業実施報告書を公開しました",
            date=after(annual_date, 3),
            category=NewsCategory.REPORT,
            summary=(
                "昨年度のつながりネットの活動と、成果指標（KPI）の達成状況をまとめた報告書を公開しました。"
            ),
            body=(
                p("昨年度の主な成果は次のとおりです。詳しくは報告書（PDF）をご覧ください。"),
                ul(
                    "周知団体数は、目標の100団体に対して131団体でした。",
                    "フォーラムには168名（会場71名、オンライン97名）が参加しました。",
                    "伴走支援は延べ26団体で、目標の30団体には届きませんでした。",
                ),
                button("報告書を見る", page=f"reports/annual-report-{current - 1}"),
            ),
        ),
        NewsSpec(
            slug="mimamori-agreement",
            title="民間事業者7社と「地域見守り協定」を結びました",
            date=ago(150),
            category=NewsCategory.PRESS,
            summary=(
                "スーパー、宅配、新聞販売などを営む県内の7社と、地域の見守りに関する協定を結びました。"
                "日々の仕事の中で気づいた異変を、市町村や相談窓口につなぎます。"
            ),
            body=(
                p(
                    "みらい県とつながりネットは、県内で事業を営む7社と「地域見守り協定」を結びました。"
                    "（この記事はデモ用の架空の内容です）",
                ),
                h2("協定の主な内容"),
                ul(
                    "仕事の中で気づいた異変（郵便物がたまっている、何日も姿を見ないなど）を"
                    "市町村の窓口に連絡する",
                    "店舗や車両に相談窓口の案内を掲示する",
                    "従業員がつながりサポーター講座を受講できるようにする",
                ),
                p("協定を結んだ事業者は、つながりネットの一般団体としても活動します。"),
            ),
        ),
        NewsSpec(
            slug="subcommittees-launched",
            title="「居場所づくり分科会」と「若者の孤独・孤立分科会」を設置しました",
            date=ago(172),
            category=NewsCategory.NOTICE,
            summary=(
                "ネットワーク会議での協議を受けて、テーマ別の分科会を2つ立ち上げました。"
                "会員団体であれば、どちらの分科会にも参加を申し込めます。"
            ),
            body=(
                p(
                    "分科会は、会員の一部が集まり、特定のテーマや地域の課題に継続して取り組む場です。"
                    "今年度は次の2つの分科会で活動を始めます。",
                ),
                table(
                    "設置した分科会",
                    (
                        "居場所づくり分科会",
                        "居場所を運営している団体や立ち上げを考えている団体が、運営の工夫や課題を共有します。"
                        "参加18団体。",
                    ),
                    (
                        "若者の孤独・孤立分科会",
                        "若者支援団体、大学、市町村などが、若者の居場所と相談のあり方を考えます。参加11団体。",
                    ),
                ),
                p("参加を希望する団体は、会員用ページから申し込むか、事務局までご連絡ください。"),
            ),
        ),
        NewsSpec(
            slug="accompanying-support-wanted",
            title="伴走支援を受ける団体を募集します",
            date=ago(205),
            category=NewsCategory.RECRUITMENT,
            summary=(
                "活動の立ち上げや運営に悩む団体に、事務局と専門のアドバイザーが面談やオンラインで"
                "継続して相談に乗ります。今年度は30団体程度を予定しています。"
            ),
            body=(
                p(
                    "「活動を始めたいが何から手をつければよいかわからない」"
                    "「担い手が足りない」といった悩みに、事務局と専門のアドバイザーが伴走します。",
                ),
                ul(
                    "対象：県内で孤独・孤立対策に関わる活動をしている団体（会員でなくても申し込めます）",
                    "内容：活動計画づくり、担い手の確保、資金の調達、広報などの相談",
                    "回数：1団体あたり3回程度（面談またはオンライン）",
                    "費用：無料",
                ),
                p("申込みは随時受け付けています。事務局までメールでご連絡ください。"),
            ),
        ),
        NewsSpec(
            slug="year-end-support",
            title="年末年始の相談窓口のご案内",
            date=weekday_on_or_before(latest(today, 12, 12)),
            category=NewsCategory.NOTICE,
            summary="年末年始は多くの窓口がお休みになります。休み中も利用できる相談窓口をまとめました。",
            body=(
                p(
                    "12月29日から1月3日までは、県や市町村の多くの相談窓口がお休みになります。"
                    "休み中でも、24時間つながる電話相談や、SNS・チャットで相談できる窓口があります。",
                ),
                table(
                    "年末年始も利用できる主な窓口",
                    ("よりそいホットライン", "0120-279-338（24時間・無料）"),
                    (
                        "くらしとこころの総合相談（みらい県・架空の番号）",
                        "0120-000-000（12月30日〜1月2日は13:00〜19:00）",
                    ),
                ),
                button("相談窓口一覧を見る", page="support"),
            ),
        ),
    ]
