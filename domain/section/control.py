"""The ОМЦ's control of the sections (контроль работы методических секций, 000:66) as one view of a year: the
sections without an approved plan, the quarterly reports not in by their date at every tier, and the half-years that
ended without a meeting held — read from the sections' and the tiers' obligations as their cycles record them."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from domain.periods import parse_period_key

# The obligations of the regulation the control reads (domain/regulations/sverdlovsk.py).
PLAN = "annual_plan"
MEETINGS = "section_meetings"
REPORTS = ("quarterly_report", "district_quarterly_report", "regional_quarterly_data")
TIER_RU = {
    "quarterly_report": "секция → базовая организация",
    "district_quarterly_report": "базовая организация → ОМЦ",
    "regional_quarterly_data": "ОМЦ → Министерство",
}
DONE = "approved"


class ObligationLine(BaseModel):
    """An obligation instance of a site of the region, as the ``obligations`` projection has it."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    site_name: str
    key: str
    instance: str
    status: str
    effective_due: date | None


class Gap(BaseModel):
    """Something the control shows: whose, what, the period and the date it was due."""

    model_config = ConfigDict(frozen=True)

    site_id: str
    site_name: str
    key: str  # the obligation ("annual_plan", "district_quarterly_report"…); "" when the cycle is not open
    what: str  # Russian
    period: str  # Russian: «2 квартал 2027», «2 полугодие 2027», «2027 год»
    due: date | None
    status: str


class Control(BaseModel):
    model_config = ConfigDict(frozen=True)

    year: int
    sections: int
    without_plan: tuple[Gap, ...]
    missing_reports: tuple[Gap, ...]
    halves_without_meeting: tuple[Gap, ...]


def _late(line: ObligationLine, today: date) -> bool:
    return line.status != DONE and line.effective_due is not None and line.effective_due < today


def control(year: int, sections: list[tuple[str, str]], lines: list[ObligationLine], today: date) -> Control:
    """``sections``: (site id, name) of the region's sections in force; ``lines``: the obligation instances of the
    year of every site of the region (sections, base organisations, the ОМЦ). A plan counts only once approved, at
    any date; a report or a half-year only once its date has passed."""

    def gap(line: ObligationLine, what: str) -> Gap:
        period = parse_period_key(year, line.instance).title_ru() if line.instance != "annual" else f"{year} год"
        return Gap(
            site_id=line.site_id,
            site_name=line.site_name,
            key=line.key,
            what=what,
            period=period,
            due=line.effective_due,
            status=line.status,
        )

    plans = {line.site_id: line for line in lines if line.key == PLAN}
    without_plan = []
    for site_id, name in sections:
        plan = plans.get(site_id)
        if plan is None:
            opened = Gap(
                site_id=site_id,
                site_name=name,
                key="",
                what="цикл года не открыт",
                period=f"{year} год",
                due=None,
                status="no_cycle",
            )
            without_plan.append(opened)
        elif plan.status != DONE:
            without_plan.append(gap(plan, "годовой план не утвержден"))
    missing = [
        gap(line, f"квартальный отчет ({TIER_RU[line.key]})")
        for line in lines
        if line.key in REPORTS and _late(line, today)
    ]
    halves = [gap(line, "полугодие без заседания") for line in lines if line.key == MEETINGS and _late(line, today)]

    def order(g: Gap) -> tuple[date, str]:
        return (g.due or date.max, g.site_name)

    return Control(
        year=year,
        sections=len(sections),
        without_plan=tuple(without_plan),
        missing_reports=tuple(sorted(missing, key=order)),
        halves_without_meeting=tuple(sorted(halves, key=order)),
    )
