"""Demo subcommittees (分科会) for ``manage.py load_demo``.

``ensure_subcommittees(stdout)`` adds three subcommittees — two public, one
members-only — with coordinators and members from the demo organisations'
accounts (see ``home.demo.organisations``), a pending join request, meeting
records, and a few topics with replies in each forum. It runs after the demo
organisations exist, looks subcommittees up by slug and topics by subject, and
creates only what is missing, so a second run changes nothing. Every word here
was written for the demo.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from organisations import access as org_access
from organisations.models import Prefecture, TargetGroup

from . import services
from .models import JoinRequest, MeetingRecord, MembershipRole, Subcommittee


@dataclass(frozen=True)
class DemoTopic:
    subject: str
    poster: str  # username
    body: str
    replies: tuple[tuple[str, str], ...] = ()  # (username, body)


@dataclass(frozen=True)
class DemoMeeting:
    days_from_today: int
    title: str
    agenda: str
    minutes: str
    visibility: str


@dataclass(frozen=True)
class DemoSubcommittee:
    slug: str
    name: str
    theme: str
    description: str
    visibility: str
    join_policy: str
    prefectures: tuple[str, ...]
    municipalities: str
    target_groups: tuple[str, ...]
    coordinators: tuple[str, ...]
    members: tuple[str, ...]
    meetings: tuple[DemoMeeting, ...]
    topics: tuple[DemoTopic, ...]
    pending_requests: tuple[tuple[str, str], ...] = ()  # (username, message)


PUBLIC, MEMBERS = Subcommittee.Visibility.PUBLIC, Subcommittee.Visibility.MEMBERS

SUBCOMMITTEES = (
    DemoSubcommittee(
        slug="kodomo-ibasho",
        name="こども・若者の居場所分科会",
        theme="放課後や週末に、こどもと若者が安心して過ごせる居場所を地域に広げる",
        description=(
            "こども食堂、学習支援、フリースペースを運営する団体が集まり、"
            "運営の工夫や困りごとを持ち寄っています。\n"
            "年に4回の定例会と、フォーラムでの情報交換が活動の中心です。"
        ),
        visibility=PUBLIC,
        join_policy=Subcommittee.JoinPolicy.OPEN,
        prefectures=("38",),
        municipalities="今治市、新居浜市、松山市",
        target_groups=("こども・若者",),
        coordinators=("org-admin-shimanami-kodomo-shokudo",),
        members=(
            "org-admin-mikan-no-ki",
            "org-staff-mikan-no-ki",
            "org-admin-niihama-tabunka",
        ),
        meetings=(
            DemoMeeting(
                -40,
                "第2回 定例会",
                "1. 夏休み期間の開所日の調整\n2. 食材の寄付の受け方",
                "夏休みは各団体の開所日を持ち寄り、空白の週が出ないように調整することにしました。\n"
                "食材の寄付は、フードバンクを通じた受け取りに一本化します。",
                "public",
            ),
            DemoMeeting(
                21,
                "第3回 定例会",
                "1. ボランティアの確保と研修\n2. 冬休みの合同イベント",
                "",
                "public",
            ),
        ),
        topics=(
            DemoTopic(
                "夏休みの開所日、どうしていますか",
                "org-admin-shimanami-kodomo-shokudo",
                "夏休みは利用が増える一方で、ボランティアさんが帰省などで少なくなります。"
                "皆さんはどのように開所日を決めていますか？",
                (
                    (
                        "org-admin-mikan-no-ki",
                        "うちは6月中にボランティアさんの予定を聞いて、"
                        "来られる日だけ開けるようにしています。",
                    ),
                    (
                        "org-admin-niihama-tabunka",
                        "外国にルーツのある子が多いので、日本語の宿題を見る日を"
                        "別に作りました。大学生の協力が助かっています。",
                    ),
                ),
            ),
            DemoTopic(
                "アレルギー対応の献立の共有",
                "org-staff-mikan-no-ki",
                "卵・乳を使わない献立で、こどもに人気だったものを集めたいと思います。",
                (("org-admin-shimanami-kodomo-shokudo", "豆腐ハンバーグはいつも好評です。"),),
            ),
        ),
    ),
    DemoSubcommittee(
        slug="hikikomori-kazoku",
        name="ひきこもり・家族支援分科会",
        theme="ひきこもり状態にある方とご家族を、相談から社会参加までつなぐ",
        description=(
            "家族会、相談支援機関、オンライン相談を行う団体が、"
            "個別の支援の進め方を相談し合う参加者限定の分科会です。\n"
            "個人が特定される情報はフォーラムに書かず、必要な場合は会議で共有します。"
        ),
        visibility=MEMBERS,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
        prefectures=("38",),
        municipalities="西条市、松山市",
        target_groups=("ひきこもりの状態にある人",),
        coordinators=("org-admin-saijo-hidamari",),
        members=(
            "org-admin-aoi-soudan",
            "org-admin-yorisoi-chat",
            "org-staff-yorisoi-chat",
        ),
        pending_requests=(
            (
                "org-staff-mikan-no-ki",
                "居場所に来ている若者のご家族から相談を受けることが増え、参加を希望します。",
            ),
        ),
        meetings=(
            DemoMeeting(
                -14,
                "ケース検討会（10月）",
                "1. 相談から居場所への橋渡し\n2. 家族向け講座の準備",
                "相談窓口から居場所へつなぐときは、初回に相談員が同行することを確認しました。",
                "members",
            ),
            DemoMeeting(
                10,
                "家族向け講座 打ち合わせ",
                "講座の講師と会場の確定",
                "",
                "members",
            ),
        ),
        topics=(
            DemoTopic(
                "初回面談につなぐまでの工夫",
                "org-admin-saijo-hidamari",
                "電話での相談のあと、面談に来られるまでに時間がかかる方が多いです。"
                "間をつなぐ工夫があれば教えてください。",
                (
                    (
                        "org-admin-yorisoi-chat",
                        "チャットでのやりとりを続けながら、面談の日程は本人に決めてもらっています。",
                    ),
                    (
                        "org-admin-aoi-soudan",
                        "ご家族だけ先に来ていただく形も、最初の一歩として有効でした。",
                    ),
                ),
            ),
        ),
    ),
    DemoSubcommittee(
        slug="kaimono-ido",
        name="移動・買い物支援分科会",
        theme="中山間地域の高齢者の買い物と移動を、見守りと組み合わせて支える",
        description=(
            "移動販売、乗り合い送迎、社会福祉協議会の見守り活動を組み合わせ、"
            "買い物に出にくい高齢者の孤立を防ぐ方法を考えています。"
        ),
        visibility=PUBLIC,
        join_policy=Subcommittee.JoinPolicy.REQUEST,
        prefectures=("38",),
        municipalities="大洲市、伊予市",
        target_groups=("高齢者",),
        coordinators=("org-admin-ozu-idou-hanbai",),
        members=(
            "org-admin-minami-iyo-town",
            "org-staff-minami-iyo-town",
            "org-admin-iyonada-minato-shakyo",
        ),
        meetings=(
            DemoMeeting(
                -30,
                "移動販売ルートの見直し会議",
                "見守りの声かけと販売ルートの調整",
                "販売車が立ち寄る集会所で、社協の見守り員が月1回同席することにしました。",
                "public",
            ),
        ),
        topics=(
            DemoTopic(
                "移動販売での見守りの記録方法",
                "org-admin-ozu-idou-hanbai",
                "販売のときに気になったお客さまのことを、どこまで記録して誰に伝えるか悩んでいます。",
                (
                    (
                        "org-admin-iyonada-minato-shakyo",
                        "社協では、本人の同意を得たうえで、地区の民生委員に伝える流れにしています。",
                    ),
                ),
            ),
        ),
    ),
)


def _users(usernames):
    """The demo accounts that exist and may be members (staff of an active member)."""
    found = get_user_model().objects.filter(username__in=usernames)
    by_name = {user.username: user for user in found}
    return [
        by_name[name]
        for name in usernames
        if name in by_name and org_access.is_member(by_name[name])
    ]


def ensure_subcommittees(stdout=None):
    """Create the missing demo subcommittees, memberships, meetings and topics."""
    created = found = topics = 0
    with transaction.atomic():
        for demo in SUBCOMMITTEES:
            subcommittee = Subcommittee.objects.filter(slug=demo.slug).first()
            if subcommittee is None:
                subcommittee = _create(demo)
                created += 1
            else:
                found += 1
            topics += _ensure_topics(subcommittee, demo)
    if stdout is not None:
        stdout.write(
            f"  分科会 / subcommittees      作成 created {created:>2}   既存 found {found:>2}"
            f"   話題 topics {topics:>2}"
        )
    return created, found


def _create(demo):
    subcommittee = Subcommittee.objects.create(
        slug=demo.slug,
        name=demo.name,
        theme=demo.theme,
        description=demo.description,
        visibility=demo.visibility,
        join_policy=demo.join_policy,
        municipalities=demo.municipalities,
    )
    subcommittee.prefectures.set(Prefecture.objects.filter(code__in=demo.prefectures))
    subcommittee.target_groups.set(TargetGroup.objects.filter(name__in=demo.target_groups))
    for user in _users(demo.coordinators):
        services._add_member(subcommittee, user, MembershipRole.COORDINATOR)
    for user in _users(demo.members):
        services._add_member(subcommittee, user)
    for user in _users([name for name, _message in demo.pending_requests]):
        message = dict(demo.pending_requests)[user.username]
        JoinRequest.objects.get_or_create(
            subcommittee=subcommittee, user=user, status="pending", defaults={"message": message}
        )
    services.ensure_forum(subcommittee)
    services.sync_forum(subcommittee)
    today = timezone.localdate()
    coordinator = next(iter(_users(demo.coordinators)), None)
    for meeting in demo.meetings:
        MeetingRecord.objects.create(
            subcommittee=subcommittee,
            date=today + datetime.timedelta(days=meeting.days_from_today),
            title=meeting.title,
            agenda=meeting.agenda,
            minutes=meeting.minutes,
            visibility=meeting.visibility,
            created_by=coordinator,
        )
    return subcommittee


def _ensure_topics(subcommittee, demo):
    """Topics and approved replies in the subcommittee's forum (once the forum exists)."""
    if subcommittee.forum_id is None:
        return 0
    from forum.notifications import silenced

    # Loading demo data e-mails nobody: no post event is recorded for these posts.
    with silenced():
        created = _create_topics(subcommittee, demo)
    if created:
        subcommittee.forum.refresh_from_db()
        subcommittee.forum.update_trackers()
    return created


def _create_topics(subcommittee, demo):
    from machina.apps.forum_conversation.models import Post, Topic

    users = {user.username: user for user in _users(demo.coordinators + demo.members)}
    created = 0
    for spec in demo.topics:
        poster = users.get(spec.poster)
        if poster is None:
            continue
        if Topic.objects.filter(forum_id=subcommittee.forum_id, subject=spec.subject).exists():
            continue
        topic = Topic.objects.create(
            forum_id=subcommittee.forum_id,
            poster=poster,
            subject=spec.subject,
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        Post.objects.create(
            topic=topic, poster=poster, subject=spec.subject, content=spec.body, approved=True
        )
        for username, body in spec.replies:
            replier = users.get(username)
            if replier is not None:
                Post.objects.create(
                    topic=topic,
                    poster=replier,
                    subject=f"Re: {spec.subject}",
                    content=body,
                    approved=True,
                )
        created += 1
    return created
