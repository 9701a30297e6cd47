"""The values a methodological section's state machines share: its card (направление, управленческий округ,
базовая методическая организация), the people in it and the meetings it holds."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class SectionCard(BaseModel):
    """A methodological section as its plan and report name it."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    name: str  # «Методическая секция специалистов отделений срочного социального обслуживания»
    direction: str  # направление работы секции
    district: str  # управленческий округ
    base_organisation: str  # базовая методическая организация округа


class MeetingFormat(StrEnum):
    """Формат заседания (000:70)."""

    IN_PERSON = "in_person"  # очный
    CORRESPONDENCE = "correspondence"  # заочный
    ONLINE = "online"  # онлайн


MEETING_FORMAT_RU: dict[MeetingFormat, str] = {
    MeetingFormat.IN_PERSON: "очный",
    MeetingFormat.CORRESPONDENCE: "заочный",
    MeetingFormat.ONLINE: "онлайн",
}


class Person(BaseModel):
    """A worker of a social-service organisation (работник организации социального обслуживания)."""

    model_config = ConfigDict(frozen=True)

    person_id: str
    full_name: str
    position: str  # должность
    organisation_id: str
    organisation_name: str
    contacts: str = ""  # контактная информация (plan column 3)


class PlannedMeeting(BaseModel):
    """A meeting of the annual plan: its date, format and topic (plan columns 5–7)."""

    model_config = ConfigDict(frozen=True)

    on: date
    format: MeetingFormat
    topic: str


class HeldMeeting(BaseModel):
    """A meeting held (заседание), with its guests (приглашенные, 000:72); a cancelled one counts for nothing."""

    model_config = ConfigDict(frozen=True)

    on: date
    format: MeetingFormat
    topics: tuple[str, ...]
    guests: tuple[str, ...] = ()
    cancelled: bool = False
