"""The quarterly report in three tiers (ежеквартальная отчетность, 000:46, 54, 62): the section's rows of the report
form (Appendix 2, five columns) go to the head of the base organisation; the district's report is built from the
accepted rows of its sections and goes to the ОМЦ; the ОМЦ's generalised data (обобщенные данные) is built from the
districts' reports and goes to the Ministry. Each upper tier is built from the lower one and names what is missing.
The plan of a section is the seven columns of Appendix 1, built from its leader, its members and its meetings."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from domain.common import DomainError
from domain.periods import Period, PeriodKind, periods_of_year
from domain.section.model import MEETING_FORMAT_RU, HeldMeeting, Person, PlannedMeeting


def dates_ru(days: tuple[date, ...] | list[date]) -> str:
    return ", ".join(d.strftime("%d.%m.%Y") for d in days)


# --- Appendix 1: the plan -------------------------------------------------------------------------------------


class PlanRow(BaseModel):
    """A section's row of the plan form (Приложение № 1, 000:84): the seven columns."""

    model_config = ConfigDict(frozen=True)

    no: int  # № п/п
    section: str  # Наименование методической секции
    leader: str  # Руководитель методической секции (ФИО, должность, контактная информация)
    composition: str  # Состав методической секции (ФИО специалистов и наименования учреждений)
    dates: str  # Даты проведения заседаний
    formats: str  # Форма проведения заседаний (в том числе онлайн)
    topics: str  # Темы заседаний

    def columns(self) -> tuple[str, ...]:
        return (str(self.no), self.section, self.leader, self.composition, self.dates, self.formats, self.topics)


def check_plan(year: int, meetings: tuple[PlannedMeeting, ...]) -> None:
    """A plan's meetings fall in its year and give every half-year at least one (не реже одного раза в полугодие,
    000:68); refused with the field and a Russian reason otherwise."""
    for meeting in meetings:
        if meeting.on.year != year:
            raise DomainError(
                "meeting_outside_year", f"Заседание {meeting.on:%d.%m.%Y} — не в {year} году плана.", "meetings"
            )
        if not meeting.topic.strip():
            raise DomainError("topic_required", f"Укажите тему заседания {meeting.on:%d.%m.%Y}.", "meetings")
    for half in periods_of_year(year, PeriodKind.HALF_YEAR):
        if not any(half.start <= m.on <= half.end for m in meetings):
            raise DomainError(
                "half_year_without_meeting",
                f"На {half.title_ru()} не запланировано ни одного заседания: заседания проводятся не реже одного "
                "раза в полугодие (000:68).",
                "meetings",
            )


def plan_row(
    no: int, section: str, leader: Person, members: tuple[Person, ...], meetings: tuple[PlannedMeeting, ...]
) -> PlanRow:
    ordered = sorted(meetings, key=lambda m: m.on)
    contacts = f", {leader.contacts}" if leader.contacts else ""
    return PlanRow(
        no=no,
        section=section,
        leader=f"{leader.full_name}, {leader.position}{contacts}",
        composition="; ".join(f"{p.full_name} ({p.organisation_name})" for p in members),
        dates=dates_ru([m.on for m in ordered]),
        formats="; ".join(f"{m.on:%d.%m.%Y} — {MEETING_FORMAT_RU[m.format]}" for m in ordered),
        topics="; ".join(f"{m.on:%d.%m.%Y} — {m.topic}" for m in ordered),
    )


# --- Appendix 2: the section's rows -----------------------------------------------------------------------------


class ReportRow(BaseModel):
    """A section's row of the report form (Приложение № 2, 000:98): the five columns."""

    model_config = ConfigDict(frozen=True)

    no: int  # № п/п
    section: str  # Наименование методической секции
    dates: str  # Дата проведения заседаний
    results: str  # Результаты (темы и формы заседаний, обсуждаемые вопросы, ход работы по обязательному перечню)
    responsible: str  # Ответственный

    def columns(self) -> tuple[str, ...]:
        return (str(self.no), self.section, self.dates, self.results, self.responsible)


def meetings_in(period: Period, meetings: tuple[HeldMeeting, ...]) -> tuple[HeldMeeting, ...]:
    """The meetings held in ``period`` (a cancelled one is not a meeting)."""
    return tuple(
        sorted((m for m in meetings if not m.cancelled and period.start <= m.on <= period.end), key=lambda m: m.on)
    )


def section_row(
    section: str, period: Period, meetings: tuple[HeldMeeting, ...], progress: str, responsible: str
) -> ReportRow:
    """The section's row for a quarter: the meetings held in it with their topics, formats and guests, and how the
    study of the mandatory list of questions (обязательный перечень вопросов, D8) went."""
    held = meetings_in(period, meetings)
    lines = [
        f"{m.on:%d.%m.%Y}, {MEETING_FORMAT_RU[m.format]}: {'; '.join(m.topics)}"
        + (f" (приглашены: {', '.join(m.guests)})" if m.guests else "")
        for m in held
    ]
    if not held:
        lines.append(f"Заседаний в {period.title_ru()} не было.")
    if progress.strip():
        lines.append(f"Обязательный перечень вопросов: {progress.strip()}")
    return ReportRow(
        no=1,
        section=section,
        dates=dates_ru([m.on for m in held]) or "—",
        results="\n".join(lines),
        responsible=responsible,
    )


# --- the district's report, built from its sections' accepted rows ---------------------------------------------


class DistrictReport(BaseModel):
    """The district's report for a quarter (отчет базовой методической организации в ОМЦ): the accepted rows of its
    sections, renumbered, and the sections whose row is not in."""

    model_config = ConfigDict(frozen=True)

    district: str
    period: Period
    rows: tuple[ReportRow, ...]
    missing: tuple[str, ...]  # names of the sections without an accepted row

    @property
    def meetings(self) -> int:
        return sum(len([d for d in row.dates.split(", ") if d and d != "—"]) for row in self.rows)


def district_report(
    district: str, period: Period, sections: list[str], accepted: dict[str, ReportRow]
) -> DistrictReport:
    """``sections``: the district's sections in force (names); ``accepted``: the accepted rows, by section name."""
    rows = tuple(
        accepted[name].model_copy(update={"no": i})
        for i, name in enumerate((n for n in sections if n in accepted), start=1)
    )
    return DistrictReport(
        district=district, period=period, rows=rows, missing=tuple(n for n in sections if n not in accepted)
    )


# --- the ОМЦ's generalised data, built from the districts' reports -----------------------------------------------


class DistrictLine(BaseModel):
    model_config = ConfigDict(frozen=True)

    district: str
    sections: int  # sections in force
    reported: int  # sections whose row is in the district's report
    meetings: int  # meetings held in the quarter
    report_in: bool  # the district's report reached the ОМЦ
    missing: tuple[str, ...]  # sections without a row


class RegionalData(BaseModel):
    """The ОМЦ's generalised data for a quarter (обобщенные данные о работе методических секций, 000:62)."""

    model_config = ConfigDict(frozen=True)

    period: Period
    lines: tuple[DistrictLine, ...]

    @property
    def sections(self) -> int:
        return sum(line.sections for line in self.lines)

    @property
    def reported(self) -> int:
        return sum(line.reported for line in self.lines)

    @property
    def meetings(self) -> int:
        return sum(line.meetings for line in self.lines)

    @property
    def districts_missing(self) -> tuple[str, ...]:
        return tuple(line.district for line in self.lines if not line.report_in)


def regional_data(period: Period, districts: dict[str, list[str]], reports: dict[str, DistrictReport]) -> RegionalData:
    """``districts``: every district with its sections in force; ``reports``: the districts' accepted reports. A
    district whose report is not in counts its sections as not reported."""
    lines = []
    for district, sections in districts.items():
        report = reports.get(district)
        if report is None:
            lines.append(
                DistrictLine(
                    district=district, sections=len(sections), reported=0, meetings=0, report_in=False,
                    missing=tuple(sections),
                )
            )  # fmt: skip
            continue
        lines.append(
            DistrictLine(
                district=district, sections=len(sections), reported=len(report.rows), meetings=report.meetings,
                report_in=True, missing=report.missing,
            )
        )  # fmt: skip
    return RegionalData(period=period, lines=tuple(lines))


# --- the cadence of meetings --------------------------------------------------------------------------------------


def halves_without_meeting(year: int, meetings: tuple[HeldMeeting, ...], today: date) -> tuple[Period, ...]:
    """The half-years of ``year`` that ended by ``today`` with no meeting held (000:68, D5): calendar halves, any
    format counts, a cancelled meeting does not."""
    return tuple(
        half
        for half in periods_of_year(year, PeriodKind.HALF_YEAR)
        if half.end < today and not meetings_in(half, meetings)
    )
