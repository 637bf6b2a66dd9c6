"""The national vocabularies, as the secretariat starts with them.

Activity types and target groups follow the classification used in the
government's collection of good practices (取組事例集); prefectures follow JIS
X 0401. The secretariat may edit them afterwards, so this only adds what is
missing and never overwrites.
"""

from django.db import migrations

ACTIVITY_GROUPS = [
    ("つながりの場づくり", [
        "交流の場の提供", "居場所づくり", "食を通じたつながり", "働くことを通じたつながり",
    ]),
    ("見守り・支援体制の構築", ["地域の包括的見守り体制の構築", "アウトリーチ型支援の推進"]),
    ("情報提供・相談支援", [
        "ワンストップ相談窓口の設置", "支援情報のポータルサイト構築", "情報発信の充実",
        "SNS等を活用した相談支援",
    ]),
    ("地域課題解決型の取組", [
        "買い物支援や移動支援サービスの提供", "空き家等を活用した地域交流拠点の整備",
    ]),
    ("NPO等の活動支援・連携強化", ["地域のNPO等への支援", "官民連携プラットフォームの構築"]),
]

TARGET_GROUPS = [
    "多世代", "こども・若者", "中高年者", "高齢者", "障害者", "外国人", "被災者",
    "犯罪をした者等", "LGBTQ", "子育て世帯", "ひとり親世帯", "単身世帯", "不登校の児童生徒",
    "ひきこもりの状態にある人", "生活困窮状態の人", "薬物依存等を有する人", "支援者支援",
]

PREFECTURES = [
    ("北海道", "Hokkaido"), ("青森県", "Aomori"), ("岩手県", "Iwate"), ("宮城県", "Miyagi"),
    ("秋田県", "Akita"), ("山形県", "Yamagata"), ("福島県", "Fukushima"),
    ("茨城県", "Ibaraki"), ("栃木県", "Tochigi"), ("群馬県", "Gunma"), ("埼玉県", "Saitama"),
    ("千葉県", "Chiba"), ("東京都", "Tokyo"), ("神奈川県", "Kanagawa"), ("新潟県", "Niigata"),
    ("富山県", "Toyama"), ("石川県", "Ishikawa"), ("福井県", "Fukui"), ("山梨県", "Yamanashi"),
    ("長野県", "Nagano"), ("岐阜県", "Gifu"), ("静岡県", "Shizuoka"), ("愛知県", "Aichi"),
    ("三重県", "Mie"), ("滋賀県", "Shiga"), ("京都府", "Kyoto"), ("大阪府", "Osaka"),
    ("兵庫県", "Hyogo"), ("奈良県", "Nara"), ("和歌山県", "Wakayama"), ("鳥取県", "Tottori"),
    ("島根県", "Shimane"), ("岡山県", "Okayama"), ("広島県", "Hiroshima"),
    ("山口県", "Yamaguchi"), ("徳島県", "Tokushima"), ("香川県", "Kagawa"),
    ("愛媛県", "Ehime"), ("高知県", "Kochi"), ("福岡県", "Fukuoka"), ("佐賀県", "Saga"),
    ("長崎県", "Nagasaki"), ("熊本県", "Kumamoto"), ("大分県", "Oita"), ("宮崎県", "Miyazaki"),
    ("鹿児島県", "Kagoshima"), ("沖縄県", "Okinawa"),
]


def load(apps, schema_editor):
    ActivityGroup = apps.get_model("organisations", "ActivityGroup")
    ActivityType = apps.get_model("organisations", "ActivityType")
    TargetGroup = apps.get_model("organisations", "TargetGroup")
    Prefecture = apps.get_model("organisations", "Prefecture")

    for group_order, (group_name, items) in enumerate(ACTIVITY_GROUPS, start=1):
        group, _ = ActivityGroup.objects.get_or_create(
            name=group_name, defaults={"sort_order": group_order}
        )
        for item_order, item in enumerate(items, start=1):
            ActivityType.objects.get_or_create(
                name=item, defaults={"group": group, "sort_order": item_order}
            )
    for order, name in enumerate(TARGET_GROUPS, start=1):
        TargetGroup.objects.get_or_create(name=name, defaults={"sort_order": order})
    for number, (name, name_en) in enumerate(PREFECTURES, start=1):
        Prefecture.objects.get_or_create(
            code=f"{number:02d}", defaults={"name": name, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
