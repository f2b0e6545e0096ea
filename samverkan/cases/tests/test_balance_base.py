"""Test data for the balanslista, made directly with the ORM (not through the services).

- `published`: approved and published minutes of LSG (public charter): what is public.
- `internal`: approved minutes of LSG's AU, whose minutes are not public (no charter).
- `six`: the region and five municipalities of Västerbotten, in the order the list shows.
- The member persona (Bo Lind) sits in LSG, not in the AU; the other coordinator nowhere here.
"""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from samverkan.cases.models import (
    Case,
    CaseStatus,
    CaseStep,
    DecisionState,
    PrincipalDecision,
    Recommendation,
    StepRole,
)
from samverkan.minutes.models import EntryKind, Minutes, MinutesEntry, MinutesItem, MinutesStatus
from samverkan.minutes.tests.base import held_meeting
from samverkan.structure.models import Body, Principal
from samverkan.testing.base import BaseTestCase, Personas, principal

# Västerbotten's region first, then five of its municipalities by name.
SIX = ("24", "2403", "2481", "2401", "2482", "2480")
_numbers = itertools.count(1)


def minutes_of(body: Body, day: datetime.date, *, published: bool) -> Minutes:
    now = timezone.now()
    return Minutes.objects.create(
        meeting=held_meeting(body, day),
        status=MinutesStatus.APPROVED,
        approved_at=now,
        public=published,
        published_at=now if published else None,
    )


class BalanceBuilders(Personas):
    published: Minutes
    internal: Minutes
    item: MinutesItem
    internal_item: MinutesItem
    six: list[Principal]

    @classmethod
    def make_balance_basics(cls) -> None:
        cls.published = minutes_of(cls.body, datetime.date(2026, 3, 10), published=True)
        cls.internal = minutes_of(cls.au, datetime.date(2026, 3, 3), published=False)
        cls.item = MinutesItem.objects.create(minutes=cls.published, title="Rekommendationer")
        cls.internal_item = MinutesItem.objects.create(minutes=cls.internal, title="Beredning")
        cls.six = [principal(code) for code in SIX]

    @classmethod
    def make_case(
        cls,
        title: str,
        *,
        body: Body | None = None,
        raised_in: Body | None = None,
        raised_on: datetime.date = datetime.date(2026, 1, 15),
        status: str = CaseStatus.RAISED,
        public: bool = False,
        closed_on: datetime.date | None = None,
    ) -> Case:
        """A case held by `body` (LSG by default); `public` handles it in published minutes."""
        held_by = body or cls.body
        case = Case.objects.create(
            structure=held_by.structure,
            number=f"SAM 2026/{next(_numbers)}",
            title=title,
            raised_in=raised_in or held_by,
            current_body=held_by,
            raised_on=raised_on,
            status=status,
            closed_on=closed_on,
        )
        if public:
            CaseStep.objects.create(
                case=case,
                body=cls.body,
                role=StepRole.PREPARE,
                received_on=raised_on,
                minutes=cls.published,
            )
        return case

    @classmethod
    def make_recommendation(
        cls,
        title: str,
        *,
        public: bool = True,
        decided_on: datetime.date = datetime.date(2026, 3, 10),
        principals: list[Principal] | None = None,
        decided: int = 0,
        case: Case | None = None,
        routed: bool = True,
    ) -> Recommendation:
        """A recommendation from LSG's published minutes (or the AU's internal ones) to
        `principals` (the six by default), of which the first `decided` have adopted it."""
        minutes, item = (cls.published, cls.item) if public else (cls.internal, cls.internal_item)
        entry = MinutesEntry.objects.create(item=item, kind=EntryKind.RECOMMENDATION, text=title)
        recommendation = Recommendation.objects.create(
            structure=cls.structure,
            body=minutes.meeting.body,
            case=case,
            minutes=minutes,
            entry=entry,
            number=f"REK 2026/{next(_numbers)}",
            title=title,
            text=title,
            decided_on=decided_on,
            routed_at=timezone.now() if routed else None,
        )
        for index, who in enumerate(principals or cls.six):
            done = index < decided
            PrincipalDecision.objects.create(
                recommendation=recommendation,
                principal=who,
                state=DecisionState.ADOPTED
                if done
                else (DecisionState.SENT if routed else DecisionState.NOT_SENT),
                decided_on=decided_on + datetime.timedelta(days=20 + index) if done else None,
            )
        return recommendation


class BalanceData(BalanceBuilders, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.make_balance_basics()
