"""The daily digest without I/O (issue 15 §3): when it is sent — 09:00 in the region on a working day of the
production calendar, holidays, decreed transfers and a working Saturday included — and what it holds: each open
task in one section (overdue, due this week, waiting), nothing when there is nothing to tell."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from api.calendar.service import library_calendar
from domain.calendar import ProductionCalendar
from domain.notifications import (
    DIGEST_SHOWN,
    DigestItem,
    DigestSection,
    OpenTask,
    compose_digest,
    digest_stream,
    digest_subject,
    next_digest_at,
    sort_tasks,
    week_end,
)

KHMAO = "Asia/Yekaterinburg"
CALENDAR = library_calendar([2026, 2027])


def local(day: date, hour: int = 9, minute: int = 0, zone: str = KHMAO) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def test_the_digest_is_sent_at_nine_in_the_region_on_the_next_working_day() -> None:
    # Tuesday 3 November 2026 before 09:00 in Khanty-Mansiysk: that morning.
    assert next_digest_at(CALENDAR, local(date(2026, 11, 3), 8, 59), KHMAO) == local(date(2026, 11, 3))
    # Just after it: not Wednesday 4 November (День народного единства), but Thursday the 5th.
    assert next_digest_at(CALENDAR, local(date(2026, 11, 3), 9, 0) + timedelta(milliseconds=3), KHMAO) == local(
        date(2026, 11, 5)
    )
    # Friday after nine: Monday.
    assert next_digest_at(CALENDAR, local(date(2026, 12, 4), 12), KHMAO) == local(date(2026, 12, 7))
    # 31 December 2026 is a day off by decree, then the New Year holidays: Monday 11 January 2027.
    assert next_digest_at(CALENDAR, local(date(2026, 12, 30), 10), KHMAO) == local(date(2027, 1, 11))
    # A Saturday made working by decree (20 February 2027) gets its digest.
    assert next_digest_at(CALENDAR, local(date(2027, 2, 19), 10), KHMAO) == local(date(2027, 2, 20))


def test_nine_is_the_regions_own_nine() -> None:
    moscow = "Europe/Moscow"
    instant = next_digest_at(CALENDAR, datetime(2026, 12, 7, 5, tzinfo=UTC), moscow)  # 08:00 in Moscow, 10:00 in KhMAO
    assert instant == datetime(2026, 12, 7, 6, tzinfo=UTC)
    assert next_digest_at(CALENDAR, datetime(2026, 12, 7, 5, tzinfo=UTC), KHMAO) == local(date(2026, 12, 8))


def test_an_administrators_correction_moves_the_digest() -> None:
    corrected = ProductionCalendar(
        years=CALENDAR.years,
        holidays=CALENDAR.holidays | {date(2026, 12, 7)},
        working_weekends=CALENDAR.working_weekends,
    )
    assert next_digest_at(corrected, local(date(2026, 12, 4), 12), KHMAO) == local(date(2026, 12, 8))


def test_beyond_the_calendar_held_there_is_no_answer() -> None:
    only_2026 = library_calendar([2026])
    assert next_digest_at(only_2026, local(date(2026, 12, 30), 10), KHMAO) is None


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 20)))
def test_the_next_digest_is_the_first_working_morning_after(naive: datetime) -> None:
    after = naive.replace(tzinfo=UTC)
    instant = next_digest_at(CALENDAR, after, KHMAO)
    assert instant is not None and instant > after
    day = instant.astimezone(ZoneInfo(KHMAO))
    assert (day.hour, day.minute, day.second) == (9, 0, 0)
    assert CALENDAR.is_working_day(day.date())
    skipped = after.astimezone(ZoneInfo(KHMAO)).date()
    while skipped < day.date():  # no working morning after ``after`` was passed over
        if CALENDAR.is_working_day(skipped):
            assert local(skipped) <= after
        skipped += timedelta(days=1)


def item(title: str, due: date | None) -> DigestItem:
    return DigestItem(title=title, site_id="1.1.5", what="представить", due=due, link=f"/x/{title}")


def task(title: str, due: date | None) -> OpenTask:
    ends = datetime.combine(due + timedelta(days=1), datetime.min.time(), ZoneInfo(KHMAO)) if due else None
    return OpenTask(item=item(title, due), due_ends_at=ends)


def test_each_open_task_is_in_one_section() -> None:
    monday = date(2026, 12, 21)
    at = local(monday)
    found = sort_tasks(
        [
            task("вчера", date(2026, 12, 20)),
            task("сегодня", monday),
            task("в воскресенье", date(2026, 12, 27)),
            task("в понедельник", date(2026, 12, 28)),
            task("без срока", None),
        ],
        at,
        monday,
    )
    assert [i.title for i in found[DigestSection.OVERDUE]] == ["вчера"]
    assert [i.title for i in found[DigestSection.DUE_THIS_WEEK]] == ["сегодня", "в воскресенье"]
    assert [i.title for i in found[DigestSection.WAITING]] == ["в понедельник", "без срока"]
    assert week_end(monday) == date(2026, 12, 27) and week_end(date(2026, 12, 27)) == date(2026, 12, 27)


def test_nothing_to_tell_is_no_digest() -> None:
    at = local(date(2026, 12, 21))
    assert compose_digest("u", "86", date(2026, 12, 21), at, {}) is None
    assert compose_digest("u", "86", date(2026, 12, 21), at, {DigestSection.WAITING: []}) is None


def test_a_digest_lists_the_first_items_and_counts_them_all() -> None:
    day = date(2026, 12, 21)
    waiting = [item(f"задача {n}", None) for n in range(DIGEST_SHOWN + 5)]
    digest = compose_digest(
        "u", "86", day, local(day), {DigestSection.WAITING: waiting, DigestSection.OVERDUE: [item("отчет", day)]}
    )
    assert digest is not None
    assert [part.section for part in digest.parts] == [DigestSection.OVERDUE, DigestSection.WAITING]
    assert len(digest.parts[1].items) == DIGEST_SHOWN and digest.parts[1].total == DIGEST_SHOWN + 5
    assert digest.items == DIGEST_SHOWN + 6
    assert digest_subject(day, digest.parts) == "[innocycle] Сводка на 21.12.2026: просрочено — 1, ждут вас — 25"
    assert digest_stream("u", day) == "digest:u:2026-12-21"
