"""The structure's fixed vocabularies: kinds of principals and bodies, roles, and the values
a charter's rules take. `structure.models` imports them, and callers may import them from there.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrincipalKind(models.TextChoices):
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Kommun")
    ORGANISATION = "organisation", _("Annan organisation")


class BodyKind(models.TextChoices):
    LEADERSHIP_SEMINAR = "leadership_seminar", _("Ledningsseminarium")
    POLITICAL_COUNCIL = "political_council", _("Politiskt samråd")
    COUNTY_GROUP = "county_group", _("Länsgrupp")
    PREPARATION_COMMITTEE = "preparation_committee", _("Beredning")
    COUNCIL = "council", _("Råd")
    WORKING_COMMITTEE = "working_committee", _("Arbetsutskott (AU)")
    LOCAL_GROUP = "local_group", _("Lokal samverkansgrupp")
    OPERATIVE_GROUP = "operative_group", _("Operativ grupp")
    WORKING_GROUP = "working_group", _("Arbetsgrupp")
    NETWORK = "network", _("Nätverk")
    FUNCTION = "function", _("Funktion")


class BodyLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional nivå (länsnivå)")
    SUBREGIONAL = "subregional", _("Delregional nivå")
    LOCAL = "local", _("Lokal nivå")


class Mandate(models.TextChoices):
    DECIDES = "decides", _("Beslutande")
    RECOMMENDS = "recommends", _("Rekommenderar huvudmännen")
    NOT_DECISION_MAKING = "none", _("Inte beslutsfattande")


class Duration(models.TextChoices):
    LASTING = "lasting", _("Stående")
    TEMPORARY = "temporary", _("Tillfällig")


class LeadTimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("arbetsdagar")
    CALENDAR_DAYS = "calendar_days", _("kalenderdagar")
    WEEKS = "weeks", _("veckor")


class MinutesApproval(models.TextChoices):
    CHAIR_AND_ADJUSTER = (
        "chair_and_adjuster",
        _("Ordförande och en för mötet utsedd justeringsperson"),
    )
    CHAIR_AND_VICE_CHAIR = "chair_and_vice_chair", _("Ordförande och vice ordförande")
    VICE_CHAIR = "vice_chair", _("Vice ordförande")
    CHAIR = "chair", _("Ordförande")
    NONE = "none", _("Ingen justering, distribueras direkt")
    NOT_STATED = "", _("Anges inte")


class MinutesTaker(models.TextChoices):
    SECRETARY = "secretary", _("Sekreterare")
    APPOINTED_BY_MEETING = "appointed_by_meeting", _("Sekreterare som mötet utser")
    COORDINATOR = "coordinator", _("Koordinator")
    PROCESS_LEADER = "process_leader", _("Processledare")
    NOT_STATED = "", _("Anges inte")


class ChairRotation(models.TextChoices):
    YEARLY = "yearly", _("Växlar mellan huvudmännen varje kalenderår")
    NONE = "none", _("Ingen växling")


class Convener(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    CHAIR_AND_SECRETARY = "chair_and_secretary", _("Ordförande och sekreterare")
    PROCESS_LEADERS = "process_leaders", _("Processledarna")
    COORDINATOR = "coordinator", _("Koordinator")
    NOT_STATED = "", _("Anges inte")


class Substitutes(models.TextChoices):
    ALLOWED = "allowed", _("Ersättare finns")
    NOT_ALLOWED = "not_allowed", _("Inga ersättare")
    NOT_STATED = "", _("Anges inte")


class MeetingForm(models.TextChoices):
    IN_PERSON = "in_person", _("fysiskt")
    DIGITAL = "digital", _("digitalt")
    VIDEO = "video", _("per video")
    NOT_STATED = "", _("anges inte")


class CharterStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    IN_FORCE = "in_force", _("Gällande")
    SUPERSEDED = "superseded", _("Ersatt")


class DutyFrequency(models.TextChoices):
    """How often a standing duty (an entry of `Charter.duties`) recurs."""

    YEARLY = "yearly", _("varje år")
    EVERY_OTHER_YEAR = "every_other_year", _("vartannat år")
    PER_TERM = "per_term", _("varje termin")
    CONTINUOUS = "continuous", _("löpande")
    ONCE = "once", _("en gång")


class CompositionRole(models.TextChoices):
    MEMBER = "member", _("ledamot")
    PERMANENTLY_CO_OPTED = "permanently_co_opted", _("ständigt adjungerad")
    CO_OPTED = "co_opted", _("adjungerad")


class ReportFrequency(models.TextChoices):
    PER_TERM = "per_term", _("en gång per termin")
    YEARLY = "yearly", _("en gång per år")
    CONTINUOUS = "continuous", _("löpande")


class RoleLinkKind(models.TextChoices):
    MEMBER_OF = "member_of", _("ingår som ordinarie ledamot i")
    PRESENTER_IN = "presenter_in", _("är föredragande i")
    PARTICIPATES_IN = "participates_in", _("deltar i")


class Role(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    VICE_CHAIR = "vice_chair", _("Vice ordförande")
    MEMBER = "member", _("Ledamot")
    SUBSTITUTE = "substitute", _("Ersättare")
    SECRETARY = "secretary", _("Sekreterare")
    COORDINATOR = "coordinator", _("Koordinator")
    PROCESS_LEADER = "process_leader", _("Processledare")
    PERMANENTLY_CO_OPTED = "permanently_co_opted", _("Ständigt adjungerad")
    CO_OPTED = "co_opted", _("Adjungerad")


# Roles that hold a seat and count against the charter's composition.
SEAT_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER})
ROLE_ORDER = {role.value: index for index, role in enumerate(Role)}


class MembershipState(models.TextChoices):
    """Where an appointment stands on a day: it holds, it starts later, or it has ended."""

    CURRENT = "current", _("Nuvarande")
    PLANNED = "planned", _("Planerad")
    ENDED = "ended", _("Avslutad")
