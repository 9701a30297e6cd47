"""Performance discipline of a region's year (``GET /api/region/{region_id}/discipline``): per site and for the
region, on time, late, open (not yet due, overdue, under review), average lateness, the worst obligation. Only
what the site itself owes is counted; the definitions are in ``api.region.performance``."""

from __future__ import annotations

from collections.abc import Sequence

from api.region.performance import DEFINITION_RU, owed_by_site
from api.region.schemas import Discipline, DisciplineCounts, DisciplineRow, WorstObligation
from api.region.year import Assessed, AssessedYear, RegionYear, by_site, site_head
from domain.submission.events import STATUS_RU


def discipline(wanted: RegionYear, read: AssessedYear) -> Discipline:
    """Each site's counts of what it owes, and the region's totals."""
    owed = [item for item in read.obligations if owed_by_site(item.row)]
    grouped = by_site(owed)
    rows = [
        DisciplineRow(**site_head(site), discipline=discipline_counts(grouped.get(site.id, []))) for site in read.sites
    ]
    return Discipline(
        region_id=wanted.region_id,
        year=wanted.year,
        as_of=read.today,
        definition_ru=DEFINITION_RU,
        sites=rows,
        totals=discipline_counts(owed),
    )


def worst_of(items: Sequence[Assessed]) -> WorstObligation | None:
    behind = [item for item in items if item.performance.outcome and item.lateness > 0]
    if not behind:
        return None
    item = max(behind, key=lambda i: (i.lateness, -i.row.effective_due.toordinal(), i.row.obligation_id))
    row = item.row
    return WorstObligation(
        obligation_id=row.obligation_id,
        site_id=row.site_id,
        key=row.key,
        instance=row.instance,
        title=row.title,
        clause=row.citation["clause"],
        status=row.status,
        status_ru=STATUS_RU.get(row.status, row.status),
        outcome=item.performance.outcome,
        effective_due=row.effective_due,
        lateness_working_days=item.lateness,
    )


def discipline_counts(items: Sequence[Assessed]) -> DisciplineCounts:
    def count(outcome: str) -> int:
        return sum(1 for item in items if item.performance.outcome == outcome)

    late = [item.lateness for item in items if item.performance.outcome == "late"]
    not_due, overdue, under_review = count("not_due"), count("overdue"), count("under_review")
    return DisciplineCounts(
        on_time=count("on_time"),
        late=len(late),
        open=not_due + overdue + under_review,
        open_not_due=not_due,
        open_overdue=overdue,
        under_review=under_review,
        average_lateness_working_days=round(sum(late) / len(late), 1) if late else None,
        worst=worst_of(items),
    )


def on_time_share(counts: DisciplineCounts) -> int | None:
    """Of what was due by today (fulfilled, or overdue and still awaited), the percentage fulfilled on time;
    None when nothing was due yet. What is under review is left out: the site sent it, its timeliness is known
    only once it is accepted."""
    due = counts.on_time + counts.late + counts.open_overdue
    return round(100 * counts.on_time / due) if due else None
