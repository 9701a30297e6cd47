"""Roadmap deadline cells (графа «Сроки исполнения» дорожной карты) read into values: every distinct deadline cell of
the 18 roadmaps of seed 001, the cases of the domain brief (§7 item 15), and properties of the reading."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.deadlines import AtLeastPerPeriod, DayAfterPeriod, DeadlineRule, Recurrence, WorkingDaysAfter, instances
from domain.periods import MONTHS_GENITIVE_RU, MONTHS_NOMINATIVE_RU, PeriodKind, last_day_of_month
from domain.roadmap.model import RoadmapDeadline
from domain.roadmap.model import RoadmapDeadlineKind as K
from domain.roadmap.reading import normalize_deadline

PLAN_YEAR = 2022  # every roadmap of seed 001 is "на 2022 год"

# /work/main/tests/domain/test_roadmap.py -> /work/shared/seeds
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"

# The roadmap tables of seed 001: header row .. last row (the brief's §0.1 codes).
ROADMAPS: dict[str, tuple[int, int]] = {
    "C1": (371, 394), "C2": (603, 642), "C3": (835, 859), "C4": (1033, 1060), "C5": (1345, 1371),
    "C6": (1543, 1565), "C7": (1799, 1827), "C8": (1997, 2020), "C9": (2200, 2226), "C10": (2399, 2437),
    "C11": (2605, 2625), "C12": (2808, 2850), "C13": (3022, 3044), "C14": (3240, 3379), "OP15": (3546, 3576),
    "OP16": (3721, 3735), "OP17": (3908, 3933), "OP18": (4113, 4154),
}  # fmt: skip

NO_TIMER = {K.ON_DEMAND, K.CONTINUOUS, K.UNRECOGNIZED}
DATED = {K.DATE, K.DATES, K.MONTH, K.MONTHS, K.QUARTER, K.QUARTERS, K.HALF_YEAR, K.YEAR, K.RANGE}

# Every distinct deadline cell of the 18 roadmaps, as written (first occurrence), with what it must read as:
# (001:L<line>, raw cell, kind, due dates, needs confirmation). Rows broken across lines or pages in the seed give
# fragments ("отчетным периодом", "…на 2022 год)"): those are cells as an importer sees them, and must be flagged.
SEED_CELLS: list[tuple[int, str, K, tuple[str, ...], bool]] = [
    # C1, 001:L371–394
    # empty: section rows, C4 group rows 6–8 (L1042–1051), C10 1.7 and 3.3 whose dates sit on broken lines
    (372, "", K.UNRECOGNIZED, (), True),
    (373, "Февраль 2022 года", K.MONTH, ("2022-02-28",), False),
    (374, "В течение 2022 года", K.CONTINUOUS, (), False),
    (376, "Постоянно", K.CONTINUOUS, (), False),
    (379, "3 – 4 кварталы 2022 года", K.RANGE, ("2022-12-31",), False),
    (380, "2 квартал 2022 года", K.QUARTER, ("2022-06-30",), False),
    (382, "Ежеквартально, по необходимости", K.RECURRING, (), False),
    (384, "3-4 кварталы 2022 года", K.RANGE, ("2022-12-31",), False),
    (391, "1 полугодие 2022 года", K.HALF_YEAR, ("2022-06-30",), False),
    (392, "3 – 4 кварталы 2022 года, 2023 год", K.DATES, ("2022-12-31", "2023-12-31"), True),
    (393, "Ежеквартально", K.RECURRING, (), False),
    # C2, 001:L603–642
    (605, "Ежегодно до 20 декабря текущего года", K.DATE, ("2022-12-20",), False),
    (606, "Февраль 2022", K.MONTH, ("2022-02-28",), False),
    (608, "Ежегодно", K.RECURRING, (), False),
    (611, "январь 2022", K.MONTH, ("2022-01-31",), False),
    (613, "ежеквартально", K.RECURRING, (), False),
    (614, "В течение года", K.CONTINUOUS, (), False),
    (617, "до 01.04.2022", K.DATE, ("2022-04-01",), False),
    (619, "ежемесячно", K.RECURRING, (), False),
    (621, "10.02.2022", K.DATE, ("2022-02-10",), False),
    (624, "Февраль, 2022", K.MONTH, ("2022-02-28",), False),
    (627, "24.02.2022", K.DATE, ("2022-02-24",), False),
    (632, "до 01.03.2022", K.DATE, ("2022-03-01",), False),
    (633, "28.04.2022", K.DATE, ("2022-04-28",), False),
    (634, "Сентябрь 2022 года", K.MONTH, ("2022-09-30",), False),
    (639, "до 1 числа месяца, следующим за отчетным периодом", K.RECURRING, (), True),
    (641, "в течение 10 рабочих дней после завершения мониторинга", K.RECURRING, (), False),
    # C3, 001:L835–859
    (839, "Март 2022 года", K.MONTH, ("2022-03-31",), False),
    (842, "Апрель 2022 года", K.MONTH, ("2022-04-30",), False),
    (845, "По запросу", K.ON_DEMAND, (), False),
    (847, "В течение года (ежемесячно)", K.RECURRING, (), False),
    (849, "Ноябрь 2022 года", K.MONTH, ("2022-11-30",), False),
    (857, "До 28 числа отчетного месяца", K.RECURRING, (), False),
    (858, "Ежеквартально, в срок до 1 числа месяца, следующего за отчетным периодом", K.RECURRING, (), False),
    (
        859,
        "Ежеквартально, в срок до 5 числа месяца, следующего за отчетным периодом. Ежегодно до 1 февраля",
        K.RECURRING,
        (),
        True,
    ),
    # C4, 001:L1033–1060
    (1035, "январь-февраль", K.RANGE, ("2022-02-28",), False),
    (1036, "июнь ноябрь", K.MONTHS, ("2022-06-30", "2022-11-30"), False),
    (1038, "постоянно", K.CONTINUOUS, (), False),
    (1040, "март", K.MONTH, ("2022-03-31",), False),
    (1044, "ноябрь", K.MONTH, ("2022-11-30",), False),
    (1045, "ноябрь-декабрь", K.RANGE, ("2022-12-31",), False),
    (1047, "сентябрь-октябрь", K.RANGE, ("2022-10-31",), False),
    (1048, "апрель", K.MONTH, ("2022-04-30",), False),
    (1052, "январь", K.MONTH, ("2022-01-31",), False),
    (1053, "ежемесячно (в соответствии с графиком)", K.RECURRING, (), False),
    (
        1054,
        "март июнь октябрь декабрь (в соответствии с планом-графиком)",
        K.MONTHS,
        ("2022-03-31", "2022-06-30", "2022-10-31", "2022-12-31"),
        False,
    ),
    (1058, "по мере необходимости", K.ON_DEMAND, (), False),
    # C5, 001:L1345–1371
    (1347, "В актуальном режиме", K.CONTINUOUS, (), False),
    (1348, "1 квартал 2022 год", K.QUARTER, ("2022-03-31",), False),
    (1351, "1 квартал 2022 года", K.QUARTER, ("2022-03-31",), False),
    (1352, "1 квартал 2022г.", K.QUARTER, ("2022-03-31",), False),
    (1353, "1 раз в квартал", K.RECURRING, (), False),
    (1354, "4 квартал", K.QUARTER, ("2022-12-31",), False),
    (1356, "1 раз в квартал в течение года 1 раз в квартал в течение года", K.RECURRING, (), False),
    (1358, "<p>Ежеквартально</p> <p>ежеквартально</p>", K.RECURRING, (), False),
    (1359, "<p>Ежеквартально, в соответствии с планом</p>", K.RECURRING, (), False),
    (1361, "<p>ежемесячно в соответствии с планом</p>", K.RECURRING, (), False),
    (1362, "<p>1 квартал 2022 год</p>", K.QUARTER, ("2022-03-31",), False),
    (1365, "1 раз в полугодие", K.RECURRING, (), False),
    (1366, "Октябрь-декабрь", K.RANGE, ("2022-12-31",), False),
    (1371, "<p>Ежеквартально с нарастающим итогом</p>", K.RECURRING, (), False),
    # C6, 001:L1543–1565
    (1545, "Постоянно, по запросу", K.ON_DEMAND, (), False),
    (1547, "Актуализация постоянно", K.CONTINUOUS, (), False),
    (1548, "Ноябрь 2022", K.MONTH, ("2022-11-30",), False),
    (1551, "Март 2022", K.MONTH, ("2022-03-31",), False),
    (1553, "Июнь 2022", K.MONTH, ("2022-06-30",), False),
    (1554, "На постоянной основе", K.CONTINUOUS, (), False),
    (1556, "Март-апрель 2022", K.RANGE, ("2022-04-30",), False),
    (1560, "Октябрь 2022", K.MONTH, ("2022-10-31",), False),
    (1564, "По мере необходимости", K.ON_DEMAND, (), False),
    # C7, 001:L1799–1827
    (1802, "Февраль 2022 год", K.MONTH, ("2022-02-28",), False),
    (1803, "Март 2022 год", K.MONTH, ("2022-03-31",), False),
    (1804, "Январь 2022 года", K.MONTH, ("2022-01-31",), False),
    (1805, "Сентябрь 2022 год", K.MONTH, ("2022-09-30",), False),
    (1806, "Февраль 2023 год", K.MONTH, ("2023-02-28",), False),
    (1810, "Последний вторник каждого месяца, 2022 год", K.RECURRING, (), False),
    (1811, "Ежемесячно, 2022год", K.RECURRING, (), False),
    (1815, "Постоянно, 2022 год", K.CONTINUOUS, (), False),
    (1816, "Ежеквартально, в течение 2022 года", K.RECURRING, (), False),
    (
        1822,
        "до 28 числа последнего месяца отчетного периода до 15 числа месяца, следующим за отчетным периодом",
        K.RECURRING,
        (),
        True,
    ),
    (
        1823,
        "до 1 числа месяца, следующего за отчетным периодом до 20 числа месяца, следующим за отчетным периодом",
        K.RECURRING,
        (),
        True,
    ),
    (1824, "Ежеквартально до 1 числа месяца, следующего за отчетным периодом", K.RECURRING, (), False),
    # C8, 001:L1997–2020
    (1999, "февраль 2022 г.", K.MONTH, ("2022-02-28",), False),
    (2001, "в течение всего периода (по мере необходимости)", K.ON_DEMAND, (), False),
    (2005, "в течение всего периода", K.CONTINUOUS, (), False),
    (2019, "ежегодно до 20 декабря", K.DATE, ("2022-12-20",), False),
    # C9, 001:L2200–2226
    (2202, "февраль, ежегодно", K.MONTH, ("2022-02-28",), False),
    (2205, "июль", K.MONTH, ("2022-07-31",), False),
    (2209, "октябрь", K.MONTH, ("2022-10-31",), False),
    (2212, "апрель июль март", K.MONTHS, ("2022-03-31", "2022-04-30", "2022-07-31"), True),
    (2213, "сентябрь", K.MONTH, ("2022-09-30",), False),
    (2222, "по мере поступления информации", K.ON_DEMAND, (), False),
    (2226, "декабрь", K.MONTH, ("2022-12-31",), False),
    # C10, 001:L2399–2437
    (2401, "Февраль 2022, далее постоянно", K.MONTH, ("2022-02-28",), True),
    (2402, "1 квартал 2022, далее постоянно", K.QUARTER, ("2022-03-31",), True),
    (
        2406,
        "Февраль 2022, далее постоянно 2 квартал 2022, далее постоянно 1 квартал 2022",
        K.DATES,
        ("2022-02-28", "2022-03-31", "2022-06-30"),
        True,
    ),
    (2407, "В течение периода, но не реже 1 раза в квартал", K.RECURRING, (), False),
    (
        2415,
        "Март 2022 Апрель 2022 Май 2022 Август 2022 Сентябрь 2022 Октябрь 2022 Ноябрь 2022 Декабрь 2022",
        K.MONTHS,
        (
            "2022-03-31",
            "2022-04-30",
            "2022-05-31",
            "2022-08-31",
            "2022-09-30",
            "2022-10-31",
            "2022-11-30",
            "2022-12-31",
        ),
        False,
    ),
    (2420, "2,3,4 квартал 2022", K.QUARTERS, ("2022-06-30", "2022-09-30", "2022-12-31"), False),
    (2422, "2, 3, 4 квартал 2022", K.QUARTERS, ("2022-06-30", "2022-09-30", "2022-12-31"), False),
    (2423, "Июнь 2022 Август 2022", K.MONTHS, ("2022-06-30", "2022-08-31"), False),
    (2426, "Май 2021", K.MONTH, ("2021-05-31",), True),
    (2427, "Ежеквартально, в соответствии с планом", K.RECURRING, (), False),
    (2428, "Ежемесячно", K.RECURRING, (), False),
    (2431, "4 квартал 2022", K.QUARTER, ("2022-12-31",), False),
    (2433, "2 квартал 2022", K.QUARTER, ("2022-06-30",), False),
    (
        2437,
        "<p>Ежеквартально до 01 числа месяца, следующего за отчетным</p> <p>Ежеквартально до 03 числа месяца, "
        "следующего за отчетным</p> <p>Ежеквартально</p> <p>4 квартал 2022</p>",
        K.RECURRING,
        (),
        True,
    ),
    # C11, 001:L2605–2625
    (2607, "Февраль 2022 г.", K.MONTH, ("2022-02-28",), False),
    (2608, "В течение 2022 г.", K.CONTINUOUS, (), False),
    (2619, "Декабрь 2022 г.", K.MONTH, ("2022-12-31",), False),
    (2620, "Ноябрь 2022 г.", K.MONTH, ("2022-11-30",), False),
    (2622, "1 квартал 2022 г.", K.QUARTER, ("2022-03-31",), False),
    (2625, "3-4 квартал 2022", K.RANGE, ("2022-12-31",), False),
    # C12, 001:L2808–2850
    (2811, "2 квартал", K.QUARTER, ("2022-06-30",), False),
    (2813, "До 28 апреля 2022 года", K.DATE, ("2022-04-28",), False),
    (2815, "08.06.2022", K.DATE, ("2022-06-08",), False),
    (2819, "В течение периода", K.CONTINUOUS, (), False),
    (2825, "До 31.03.2022", K.DATE, ("2022-03-31",), False),
    (2836, "02.03.2022 30.08.2022", K.DATES, ("2022-03-02", "2022-08-30"), False),
    (
        2837,
        "10.03.2022 15.06.2022 21.09.2022 07.12.2022",
        K.DATES,
        ("2022-03-10", "2022-06-15", "2022-09-21", "2022-12-07"),
        False,
    ),
    (2838, "18.05.2022 14.09.2022", K.DATES, ("2022-05-18", "2022-09-14"), False),
    (2839, "27.04.2022 16.11.2022", K.DATES, ("2022-04-27", "2022-11-16"), False),
    (
        2841,
        "16.02.2022 13.04.2022 13.07.2022 12.10.2022",
        K.DATES,
        ("2022-02-16", "2022-04-13", "2022-07-13", "2022-10-12"),
        False,
    ),
    (2842, "01.12.2022", K.DATE, ("2022-12-01",), False),
    (2843, "До 30.09.2022", K.DATE, ("2022-09-30",), False),
    (2846, "До 31.03.2022 До 17.11.2022", K.DATES, ("2022-03-31", "2022-11-17"), False),
    (2850, "Ежемесячно в срок до 01 числа месяца, следующего за отчетным", K.RECURRING, (), False),
    # C13, 001:L3022–3044
    (3024, "Февраль", K.MONTH, ("2022-02-28",), False),
    (3027, "По графику", K.UNRECOGNIZED, (), True),
    (3030, "Ежедневно", K.RECURRING, (), False),
    (3031, "Еженедельно", K.RECURRING, (), True),
    (3035, "Апрель", K.MONTH, ("2022-04-30",), False),
    (3036, "Май", K.MONTH, ("2022-05-31",), False),
    (3038, "Октябрь", K.MONTH, ("2022-10-31",), False),
    # C14, 001:L3240–3379
    (3242, "до 28 февраля (далее – в течение года по необходимости)", K.DATE, ("2022-02-28",), True),
    (3243, "до 31 мая", K.DATE, ("2022-05-31",), False),
    (3244, "в течение года", K.CONTINUOUS, (), False),
    (3248, "в течение года (по запросу)", K.ON_DEMAND, (), False),
    (3249, "в течение года (по мере необходимости)", K.ON_DEMAND, (), False),
    (
        3250,
        "в течение года (по запросу государственных учреждений, социально ориентированных некоммерческих организаций)",
        K.ON_DEMAND,
        (),
        False,
    ),
    (3252, "в течение месяца", K.UNRECOGNIZED, (), True),
    (3255, "(по согласованию с Депсоцразвития Югры)", K.UNRECOGNIZED, (), True),
    (3265, "до 25 февраля", K.DATE, ("2022-02-25",), False),
    (3266, "до 28 февраля", K.DATE, ("2022-02-28",), False),
    (3267, "до 15 декабря", K.DATE, ("2022-12-15",), False),
    (3270, "ежемесячно до 5 числа месяца, следующего за отчетным периодом", K.RECURRING, (), False),
    (3274, "до 1 июня", K.DATE, ("2022-06-01",), False),
    (
        3280,
        "январь (согласно п. 1 календарно-тематическому плану обучающихся мероприятий БУ «Ресурсный центра развития "
        "социального обслуживания»)",
        K.MONTH,
        ("2022-01-31",),
        False,
    ),
    (
        3281,
        "май (в соответствии с п. 14 календарно-тематического плана обучающихся мероприятий по реализации "
        "дополнительных профессиональных",
        K.MONTH,
        ("2022-05-31",),
        False,
    ),
    (
        3284,
        "программ повышения квалификации БУ «Ресурсный центр развития социального обслуживания на 2022 год)",
        K.UNRECOGNIZED,
        (),
        True,
    ),
    (
        3285,
        "июнь (согласно п. 2 календарно- тематическому плану обучающих мероприятий БУ «Ресурсный центра развития "
        "социального обслуживания»)",
        K.MONTH,
        ("2022-06-30",),
        False,
    ),
    (
        3286,
        "август (согласно п. 5 календарно- тематическому плану обучающих мероприятий БУ «Ресурсный центра развития "
        "социального обслуживания»)",
        K.MONTH,
        ("2022-08-31",),
        False,
    ),
    (
        3287,
        "сентябрь (в соответствии с п. 25 календарно- тематического плана обучающих мероприятий",
        K.MONTH,
        ("2022-09-30",),
        False,
    ),
    (
        3290,
        "по реализации дополнительных профессиональных программ повышения квалификации БУ «Ресурсный центр развития "
        "социального обслуживания на 2022 год)",
        K.UNRECOGNIZED,
        (),
        True,
    ),
    (3294, "май", K.MONTH, ("2022-05-31",), False),
    (3296, "август", K.MONTH, ("2022-08-31",), False),
    (3302, "29 сентября", K.DATE, ("2022-09-29",), False),
    (3304, "до 31 декабря", K.DATE, ("2022-12-31",), False),
    (
        3305,
        "декабрь (по плану БУ «Ресурсный центр развития социального обслуживания»)",
        K.MONTH,
        ("2022-12-31",),
        False,
    ),
    (3310, "в течение года (по согласованию с Депсоцразвития Югры)", K.CONTINUOUS, (), True),
    (3312, "февраль", K.MONTH, ("2022-02-28",), False),
    (3326, "в течение года (по мере обновления видеороликов)", K.ON_DEMAND, (), False),
    (3335, "в течение года (по запросу Депсоцразвития Югры)", K.ON_DEMAND, (), False),
    (3336, "май, декабрь", K.MONTHS, ("2022-05-31", "2022-12-31"), False),
    (3339, "ежеквартально до 10 числа месяца, следующего за", K.RECURRING, (), False),
    (3342, "отчетным периодом", K.UNRECOGNIZED, (), True),
    (3343, "ежеквартально до 10 числа месяца, следующего за отчетным периодом", K.RECURRING, (), False),
    (3345, "ежеквартально до 15 числа месяца, следующего за отчетным периодом", K.RECURRING, (), False),
    (3346, "ежеквартально до 15 числа месяца, следующего за", K.RECURRING, (), False),
    (3354, "до 1 марта", K.DATE, ("2022-03-01",), False),
    (3360, "до 31 марта", K.DATE, ("2022-03-31",), False),
    (3361, "до 30 апреля", K.DATE, ("2022-04-30",), False),
    (3369, "июнь, декабрь", K.MONTHS, ("2022-06-30", "2022-12-31"), False),
    (3371, "до 31 июля", K.DATE, ("2022-07-31",), False),
    (3374, "до 28 августа", K.DATE, ("2022-08-28",), False),
    (3375, "до 30 ноября", K.DATE, ("2022-11-30",), False),
    # OP15, 001:L3546–3576
    (3548, "08.02.2022 – 10.02.2022", K.RANGE, ("2022-02-10",), False),
    (3550, "11.02.2022", K.DATE, ("2022-02-11",), False),
    (3553, "14.02.2022 – 18.02.2022", K.RANGE, ("2022-02-18",), False),
    (3557, "Март, июль, сентябрь", K.MONTHS, ("2022-03-31", "2022-07-31", "2022-09-30"), False),
    (3569, "Ежеквартально, в срок до 5 числа месяца, следующего за отчетным периодом", K.RECURRING, (), False),
    (3570, "Декабрь 2022 года", K.MONTH, ("2022-12-31",), False),
    (3576, "Декабрь", K.MONTH, ("2022-12-31",), False),
    # OP16, 001:L3721–3735
    (3735, "3-4 квартал 2022 г.", K.RANGE, ("2022-12-31",), False),
    # OP17, 001:L3908–3933
    (3911, "февраль-март", K.RANGE, ("2022-03-31",), False),
    (3920, "март, июнь, сентябрь, ноябрь", K.MONTHS, ("2022-03-31", "2022-06-30", "2022-09-30", "2022-11-30"), False),
    # OP18, 001:L4113–4154
    (4125, "<p>Январь</p> <p>Февраль</p>", K.MONTHS, ("2022-01-31", "2022-02-28"), False),
    (4126, "<p>Август</p> <p>Сентябрь</p>", K.MONTHS, ("2022-08-31", "2022-09-30"), False),
    (4128, "<p>В течение года, по запросу</p>", K.ON_DEMAND, (), False),
    (4131, "В течение года, по запросу", K.ON_DEMAND, (), False),
    (4133, "Ежеквартально, по мере необходимости", K.RECURRING, (), False),
    (4140, "Март", K.MONTH, ("2022-03-31",), False),
    (4144, "Сентябрь", K.MONTH, ("2022-09-30",), False),
    (4145, "Ноябрь", K.MONTH, ("2022-11-30",), False),
]

# Cells broken in the seed, joined back as the importer should see them once the row is repaired.
JOINED_CELLS: list[tuple[str, str, K, tuple[str, ...], bool]] = [
    ("L3252+L3255", "в течение месяца (по согласованию с Депсоцразвития Югры)", K.UNRECOGNIZED, (), True),
    (
        "L3281+L3284",
        "май (в соответствии с п. 14 календарно-тематического плана обучающихся мероприятий по реализации "
        "дополнительных профессиональных программ повышения квалификации БУ «Ресурсный центр развития социального "
        "обслуживания на 2022 год)",
        K.MONTH,
        ("2022-05-31",),
        False,
    ),
    ("L3339+L3342", "ежеквартально до 10 числа месяца, следующего за отчетным периодом", K.RECURRING, (), False),
    (
        "L1356+L1358",
        "1 раз в квартал в течение года 1 раз в квартал в течение года <p>Ежеквартально</p> <p>ежеквартально</p>",
        K.RECURRING,
        (),
        False,
    ),
]

# The rule of every recurring cell of the seed.
SEED_RULES: dict[int, DeadlineRule] = {
    382: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально, по необходимости
    393: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально
    608: AtLeastPerPeriod(count=1, period=PeriodKind.YEAR),  # Ежегодно
    613: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # ежеквартально
    619: AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),  # ежемесячно
    639: DayAfterPeriod(
        period=PeriodKind.QUARTER, months_after=1, day=1
    ),  # до 1 числа месяца, следующим за отчетным периодом
    641: WorkingDaysAfter(event="monitoring_completed", event_ru="завершения мониторинга", working_days=10),  # в те…
    847: AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),  # В течение года (ежемесячно)
    857: DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=28),  # До 28 числа отчетного месяца
    858: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),  # Ежеквартально, в срок до 1 числа месяц…
    859: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=5),  # Ежеквартально, в срок до 5 числа месяц…
    1053: AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),  # ежемесячно (в соответствии с графиком)
    1353: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # 1 раз в квартал
    1356: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # 1 раз в квартал в течение года 1 раз в квартал в …
    1358: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально ежеквартально
    1359: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально, в соответствии с планом
    1361: AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),  # ежемесячно в соответствии с планом
    1365: AtLeastPerPeriod(count=1, period=PeriodKind.HALF_YEAR),  # 1 раз в полугодие
    1371: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально с нарастающим итогом
    1810: Recurrence(freq="monthly", weekday=1, setpos=-1),  # Последний вторник каждого месяца, 2022 год
    1811: AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),  # Ежемесячно, 2022год
    1816: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально, в течение 2022 года
    1822: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=0, day=28),  # до 28 числа последнего месяца отчетн…
    1823: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),  # до 1 числа месяца, следующего за отче…
    1824: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),  # Ежеквартально до 1 числа месяца, след…
    2407: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # В течение периода, но не реже 1 раза в квартал
    2427: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально, в соответствии с планом
    2428: AtLeastPerPeriod(count=1, period=PeriodKind.MONTH),  # Ежемесячно
    2437: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),  # Ежеквартально до 01 числа месяца, сле…
    2850: DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=1),  # Ежемесячно в срок до 01 числа месяца, с…
    3030: Recurrence(freq="daily"),  # Ежедневно
    3031: Recurrence(freq="weekly", weekday=4),  # Еженедельно
    3270: DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=5),  # ежемесячно до 5 числа месяца, следующег…
    3339: DayAfterPeriod(
        period=PeriodKind.QUARTER, months_after=1, day=10
    ),  # ежеквартально до 10 числа месяца, следующего за
    3343: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=10),  # ежеквартально до 10 числа месяца, сл…
    3345: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=15),  # ежеквартально до 15 числа месяца, сл…
    3346: DayAfterPeriod(
        period=PeriodKind.QUARTER, months_after=1, day=15
    ),  # ежеквартально до 15 числа месяца, следующего за
    3569: DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=5),  # Ежеквартально, в срок до 5 числа меся…
    4133: AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER),  # Ежеквартально, по мере необходимости
}


def _dates(*isos: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(iso) for iso in isos)


def _read(raw: str, plan_year: int = PLAN_YEAR) -> RoadmapDeadline:
    return normalize_deadline(raw, plan_year)


def _assert_consistent(reading: RoadmapDeadline, raw: str, plan_year: int) -> None:
    """What holds for every reading, whatever the cell."""
    assert reading.raw == raw
    assert reading.note
    assert reading.creates_timer == (reading.kind not in NO_TIMER)
    assert (reading.rule is not None) == (reading.kind == K.RECURRING)
    assert bool(reading.due_dates) == (reading.kind in DATED)
    assert list(reading.due_dates) == sorted(set(reading.due_dates))
    if reading.starts is not None:
        assert all(day >= reading.starts for day in reading.due_dates)
    years = {day.year for day in reading.due_dates} | ({reading.starts.year} if reading.starts else set())
    assert reading.outside_plan_year == any(year != plan_year for year in years)
    if reading.kind == K.UNRECOGNIZED:
        assert reading.needs_confirmation
    if any(year < plan_year for year in years):
        assert reading.needs_confirmation


# --- the real cells ----------------------------------------------------------------------------------------------


@cache
def _seed_lines() -> tuple[str, ...]:
    found = sorted(SEEDS_DIR.glob("001_*.txt")) if SEEDS_DIR.is_dir() else []
    if not found:
        pytest.skip(f"source document 001_*.txt not found in {SEEDS_DIR} (shared seeds folder absent)")
    return tuple(found[0].read_text(encoding="utf-8").split("\n"))


def _seed_deadline_cells() -> dict[str, int]:
    """Every distinct cell of the deadline column (the 3rd of 5) of the 18 roadmap tables, with its first line."""
    lines = _seed_lines()
    cells: dict[str, int] = {}
    for first, last in ROADMAPS.values():
        for number in range(first, last + 1):
            columns = lines[number - 1].split("\t")
            if len(columns) != 5 or columns[2].startswith(("Срок", "--")):
                continue
            cells.setdefault(columns[2], number)
    return cells


@pytest.mark.parametrize(("line", "raw", "kind", "due", "confirm"), SEED_CELLS, ids=[f"L{c[0]}" for c in SEED_CELLS])
def test_a_real_cell(line: int, raw: str, kind: K, due: tuple[str, ...], confirm: bool) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.due_dates, reading.needs_confirmation) == (kind, _dates(*due), confirm), reading.note
    assert reading.rule == SEED_RULES.get(line)
    _assert_consistent(reading, raw, PLAN_YEAR)


@pytest.mark.parametrize(("lines", "raw", "kind", "due", "confirm"), JOINED_CELLS, ids=[c[0] for c in JOINED_CELLS])
def test_a_broken_cell_joined_back(lines: str, raw: str, kind: K, due: tuple[str, ...], confirm: bool) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.due_dates, reading.needs_confirmation) == (kind, _dates(*due), confirm), reading.note
    _assert_consistent(reading, raw, PLAN_YEAR)


def test_the_table_holds_every_deadline_cell_of_the_18_roadmaps() -> None:
    in_seed = _seed_deadline_cells()
    in_table = {raw: line for line, raw, *_ in SEED_CELLS}
    assert in_table == in_seed
    assert len(in_seed) == 194


def test_each_cell_of_the_table_is_on_its_seed_line() -> None:
    lines = _seed_lines()
    for line, raw, *_ in SEED_CELLS:
        assert lines[line - 1].split("\t")[2] == raw


def test_no_real_cell_comes_out_unrecognized_without_confirmation() -> None:
    for raw in _seed_deadline_cells():
        reading = _read(raw)
        assert reading.kind != K.UNRECOGNIZED or reading.needs_confirmation, raw
        _assert_consistent(reading, raw, PLAN_YEAR)


def test_how_the_real_cells_split_by_kind() -> None:
    kinds = [kind for _, _, kind, _, _ in SEED_CELLS]
    assert {kind: kinds.count(kind) for kind in K if kinds.count(kind)} == {
        K.DATE: 27,
        K.DATES: 8,
        K.MONTH: 50,
        K.MONTHS: 11,
        K.QUARTER: 11,
        K.QUARTERS: 2,
        K.HALF_YEAR: 1,
        K.RANGE: 12,
        K.RECURRING: 39,
        K.ON_DEMAND: 13,
        K.CONTINUOUS: 13,
        K.UNRECOGNIZED: 7,
    }
    assert sum(confirm for *_, confirm in SEED_CELLS) == 21


# --- the cases the brief names (§7 item 15) ----------------------------------------------------------------------


def test_last_tuesday_of_each_month_gives_the_brief_dates_of_2022() -> None:
    reading = _read("Последний вторник каждого месяца")
    assert reading.kind == K.RECURRING and not reading.needs_confirmation
    assert reading.rule == Recurrence(freq="monthly", weekday=1, setpos=-1)
    expected = [(1, 25), (2, 22), (3, 29), (4, 26), (5, 31), (6, 28), (7, 26), (8, 30), (9, 27), (10, 25), (11, 29)]
    expected.append((12, 27))
    assert [i.nominal for i in instances(reading.rule, 2022)] == [date(2022, m, d) for m, d in expected]


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        ("ежемесячно", AtLeastPerPeriod(count=1, period=PeriodKind.MONTH)),
        ("ежеквартально", AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER)),
        ("1 раз в полугодие", AtLeastPerPeriod(count=1, period=PeriodKind.HALF_YEAR)),
        ("не реже 1 раза в квартал", AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER)),
        ("Ежеквартально, по необходимости", AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER)),
        ("В течение периода, но не реже 1 раза в квартал", AtLeastPerPeriod(count=1, period=PeriodKind.QUARTER)),
        ("ежедневно", Recurrence(freq="daily")),
        ("еженедельно по пятницам", Recurrence(freq="weekly", weekday=4)),
        ("Последний вторник каждого месяца", Recurrence(freq="monthly", weekday=1, setpos=-1)),
        (
            "ежемесячно до 5 числа месяца, следующего за отчетным периодом",
            DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=5),
        ),
        (
            "Ежеквартально до 10 числа месяца, следующего за отчетным периодом",
            DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=10),
        ),
        ("До 28 числа отчетного месяца", DayAfterPeriod(period=PeriodKind.MONTH, months_after=0, day=28)),
        (
            "в течение 10 рабочих дней после завершения мониторинга",
            WorkingDaysAfter(event="monitoring_completed", event_ru="завершения мониторинга", working_days=10),
        ),
    ],
)
def test_recurring_cells_get_their_rule(raw: str, rule: DeadlineRule) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.rule, reading.due_dates) == (K.RECURRING, rule, ())
    assert not reading.needs_confirmation, reading.note
    assert reading.creates_timer


@pytest.mark.parametrize(
    ("raw", "rule"),
    [
        # the month of "до 5 числа" is not said
        ("ежемесячно до 5 числа", DayAfterPeriod(period=PeriodKind.MONTH, months_after=1, day=5)),
        # the reporting period is not named: a quarter by default (§7 item 2)
        (
            "до 1 числа месяца, следующим за отчетным периодом",
            DayAfterPeriod(period=PeriodKind.QUARTER, months_after=1, day=1),
        ),
        # the weekday is not said
        ("Еженедельно", Recurrence(freq="weekly", weekday=4)),
    ],
)
def test_recurring_cells_read_with_a_default_need_confirmation(raw: str, rule: DeadlineRule) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.rule, reading.needs_confirmation) == (K.RECURRING, rule, True)
    assert "Подтвердите" in reading.note


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Постоянно", K.CONTINUOUS),
        ("В течение года", K.CONTINUOUS),
        ("в течение периода", K.CONTINUOUS),
        ("В течение 2022 года", K.CONTINUOUS),
        ("На постоянной основе", K.CONTINUOUS),
        ("По запросу", K.ON_DEMAND),
        ("по мере необходимости", K.ON_DEMAND),
        ("по мере поступления информации", K.ON_DEMAND),
        ("по необходимости", K.ON_DEMAND),
        ("Постоянно, по запросу", K.ON_DEMAND),
        ("в течение года (по запросу Депсоцразвития Югры)", K.ON_DEMAND),
    ],
)
def test_continuous_and_on_demand_cells_set_no_timer(raw: str, kind: K) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.due_dates, reading.rule, reading.needs_confirmation) == (kind, (), None, False)
    assert not reading.creates_timer
    assert "в конце квартала" in reading.note  # D15: only quarter-end status prompts


@pytest.mark.parametrize(
    ("raw", "kind", "due", "starts"),
    [
        ("март", K.MONTH, ("2022-03-31",), "2022-03-01"),
        ("марта", K.MONTH, ("2022-03-31",), "2022-03-01"),
        ("Март 2022", K.MONTH, ("2022-03-31",), "2022-03-01"),
        ("ФЕВРАЛЬ 2022 Г.", K.MONTH, ("2022-02-28",), "2022-02-01"),
        ("февраль, ежегодно", K.MONTH, ("2022-02-28",), "2022-02-01"),
        ("март, июнь, октябрь, декабрь", K.MONTHS, ("2022-03-31", "2022-06-30", "2022-10-31", "2022-12-31"), None),
        ("март июнь октябрь декабрь", K.MONTHS, ("2022-03-31", "2022-06-30", "2022-10-31", "2022-12-31"), None),
        ("2 квартал", K.QUARTER, ("2022-06-30",), "2022-04-01"),
        ("II квартал 2022", K.QUARTER, ("2022-06-30",), "2022-04-01"),
        ("Q1", K.QUARTER, ("2022-03-31",), "2022-01-01"),
        ("2, 3, 4 квартал 2022", K.QUARTERS, ("2022-06-30", "2022-09-30", "2022-12-31"), "2022-04-01"),
        ("3–4 кварталы 2022 года", K.RANGE, ("2022-12-31",), "2022-07-01"),
        ("1 полугодие 2022 года", K.HALF_YEAR, ("2022-06-30",), "2022-01-01"),
        ("II полугодие", K.HALF_YEAR, ("2022-12-31",), "2022-07-01"),
        ("2022 год", K.YEAR, ("2022-12-31",), "2022-01-01"),
        ("16.02.2022", K.DATE, ("2022-02-16",), None),
        ("до 01.03.2022", K.DATE, ("2022-03-01",), None),
        ("до 28 февраля", K.DATE, ("2022-02-28",), None),
        ("Ежегодно до 20 декабря текущего года", K.DATE, ("2022-12-20",), None),
        ("02.03.2022 30.08.2022", K.DATES, ("2022-03-02", "2022-08-30"), None),
        ("14–18.02.2022", K.RANGE, ("2022-02-18",), "2022-02-14"),
        ("08.02–10.02.2022", K.RANGE, ("2022-02-10",), "2022-02-08"),
        ("08.02.2022 – 10.02.2022", K.RANGE, ("2022-02-10",), "2022-02-08"),
        ("Январь → Февраль", K.RANGE, ("2022-02-28",), "2022-01-01"),
        ("январь-февраль", K.RANGE, ("2022-02-28",), "2022-01-01"),
        ("с января по март", K.RANGE, ("2022-03-31",), "2022-01-01"),
    ],
)
def test_dated_cells(raw: str, kind: K, due: tuple[str, ...], starts: str | None) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.due_dates, reading.needs_confirmation) == (kind, _dates(*due), False), reading.note
    if starts is not None:
        assert reading.starts == date.fromisoformat(starts)
    assert reading.creates_timer and not reading.outside_plan_year


def test_months_listed_out_of_order_are_sorted_and_flagged() -> None:
    reading = _read("апрель июль март")
    assert (reading.kind, reading.due_dates) == (K.MONTHS, _dates("2022-03-31", "2022-04-30", "2022-07-31"))
    assert reading.needs_confirmation and "не по порядку" in reading.note


def test_several_periods_across_years_are_compound() -> None:
    reading = _read("3–4 кварталы 2022 года, 2023 год")
    assert (reading.kind, reading.due_dates) == (K.DATES, _dates("2022-12-31", "2023-12-31"))
    assert reading.starts == date(2022, 7, 1)
    assert reading.outside_plan_year and reading.needs_confirmation


@pytest.mark.parametrize(
    ("raw", "kind", "due"),
    [
        ("до 28 февраля (далее – в течение года по необходимости)", K.DATE, ("2022-02-28",)),
        ("Февраль 2022, далее постоянно", K.MONTH, ("2022-02-28",)),
        ("1 квартал 2022, далее постоянно", K.QUARTER, ("2022-03-31",)),
    ],
)
def test_a_deadline_with_a_continuation_needs_confirmation(raw: str, kind: K, due: tuple[str, ...]) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.due_dates, reading.needs_confirmation) == (kind, _dates(*due), True)
    assert "далее" in reading.note and reading.creates_timer


def test_a_later_year_is_outside_the_plan_year() -> None:
    reading = _read("Февраль 2023")
    assert (reading.kind, reading.due_dates) == (K.MONTH, _dates("2023-02-28"))
    assert reading.outside_plan_year and not reading.needs_confirmation
    assert _read("2023 год").outside_plan_year


def test_an_earlier_year_is_probably_a_typo() -> None:
    reading = _read("Май 2021")
    assert (reading.kind, reading.due_dates) == (K.MONTH, _dates("2021-05-31"))
    assert reading.outside_plan_year and reading.needs_confirmation
    assert "опечатка" in reading.note


@pytest.mark.parametrize(
    "raw",
    [
        "<p>Ежеквартально до 01 числа месяца, следующего за отчетным</p> <p>Ежеквартально до 03 числа месяца, "
        "следующего за отчетным</p> <p>Ежеквартально</p> <p>4 квартал 2022</p>",
        "до 28 числа последнего месяца отчетного периода до 15 числа месяца, следующим за отчетным периодом",
        "Ежеквартально, в срок до 5 числа месяца, следующего за отчетным периодом. Ежегодно до 1 февраля",
    ],
)
def test_several_rules_in_one_cell_are_compound(raw: str) -> None:
    reading = _read(raw)
    assert reading.kind == K.RECURRING and reading.needs_confirmation
    assert "разделите строку" in reading.note


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "По графику",
        "в течение месяца",
        "(по согласованию с Депсоцразвития Югры)",
        "отчетным периодом",
        "программ повышения квалификации БУ «Ресурсный центр развития социального обслуживания на 2022 год)",
        "после утверждения программы",
        "31.02.2022",
        "10.01.2022 - 05.01.2022",
    ],
)
def test_what_cannot_be_read_is_never_guessed(raw: str) -> None:
    reading = _read(raw)
    assert (reading.kind, reading.due_dates, reading.rule) == (K.UNRECOGNIZED, (), None)
    assert reading.needs_confirmation and not reading.creates_timer
    assert "вручную" in reading.note


def test_words_not_understood_next_to_a_date_are_flagged() -> None:
    reading = _read("Февраль 2022 после утверждения программы")
    assert (reading.kind, reading.due_dates, reading.needs_confirmation) == (K.MONTH, _dates("2022-02-28"), True)
    assert "не понято" in reading.note


@pytest.mark.parametrize(
    "variants",
    [
        ("3 – 4 кварталы 2022 года", "3-4 кварталы 2022 г.", "3—4 КВАРТАЛЫ 2022г.", "  3 -  4 кварталы   2022  "),
        ("Февраль 2022 года", "февраль 2022", "ФЕВРАЛЬ 2022 Г.", "Февраль, 2022 год", " февраль\t2022г "),
        ("08.02.2022 – 10.02.2022", "08.02.2022-10.02.2022", "08.02.2022 — 10.02.2022", "08.02.2022 − 10.02.2022"),
        ("Ежеквартально, по необходимости", "ЕЖЕКВАРТАЛЬНО,  ПО НЕОБХОДИМОСТИ", "ежеквартально , по необходимости"),
        ("Последний вторник каждого месяца", "последний  вторник КАЖДОГО месяца"),
        ("В течение 2022 года", "в течение 2022 г.", "В ТЕЧЕНИЕ 2022 ГОДА"),
    ],
)
def test_case_whitespace_dashes_and_year_word_do_not_matter(variants: tuple[str, ...]) -> None:
    readings = {_meaning(_read(raw)) for raw in variants}
    assert len(readings) == 1, readings


def _meaning(reading: RoadmapDeadline) -> tuple[object, ...]:
    return (
        reading.kind,
        reading.due_dates,
        reading.starts,
        reading.rule,
        reading.outside_plan_year,
        reading.needs_confirmation,
    )


def test_the_value_survives_json() -> None:
    for raw in ("Последний вторник каждого месяца", "ежемесячно до 5 числа месяца, следующего за отчетным периодом"):
        reading = _read(raw)
        assert RoadmapDeadline.model_validate_json(reading.model_dump_json()) == reading


# --- properties --------------------------------------------------------------------------------------------------

PLAN_YEARS = st.integers(min_value=2015, max_value=2035)
DAYS = st.dates(min_value=date(2012, 1, 1), max_value=date(2038, 12, 31))
ROMAN = ("I", "II", "III", "IV")


@given(day=DAYS, plan_year=PLAN_YEARS, by=st.sampled_from(["", "до ", "До ", "не позднее ", "в срок до "]))
def test_any_date_round_trips(day: date, plan_year: int, by: str) -> None:
    raw = f"{by}{day:%d.%m.%Y}"
    reading = normalize_deadline(raw, plan_year)
    assert (reading.kind, reading.due_dates, reading.starts) == (K.DATE, (day,), None)
    assert reading.outside_plan_year == (day.year != plan_year)
    assert reading.needs_confirmation == (not plan_year <= day.year <= plan_year + 1)
    _assert_consistent(reading, raw, plan_year)


@given(days=st.lists(DAYS, min_size=2, max_size=5, unique=True), plan_year=PLAN_YEARS, sep=st.sampled_from([" ", ", "]))
def test_any_list_of_dates_round_trips(days: list[date], plan_year: int, sep: str) -> None:
    raw = sep.join(f"{day:%d.%m.%Y}" for day in days)
    reading = normalize_deadline(raw, plan_year)
    assert (reading.kind, reading.due_dates) == (K.DATES, tuple(sorted(days)))
    _assert_consistent(reading, raw, plan_year)


@given(first=DAYS, length=st.integers(min_value=0, max_value=400), dash=st.sampled_from(["-", "–", "—", " – ", " по "]))
def test_any_range_of_dates_round_trips(first: date, length: int, dash: str) -> None:
    last = date.fromordinal(first.toordinal() + length)
    raw = f"{first:%d.%m.%Y}{dash}{last:%d.%m.%Y}"
    reading = normalize_deadline(raw, first.year)
    assert (reading.kind, reading.starts, reading.due_dates) == (K.RANGE, first, (last,))
    _assert_consistent(reading, raw, first.year)


@given(
    month=st.integers(min_value=1, max_value=12),
    year=st.none() | PLAN_YEARS,
    plan_year=PLAN_YEARS,
    genitive=st.booleans(),
    case=st.sampled_from([str.lower, str.upper, str.capitalize]),
    year_word=st.sampled_from(["", " г.", " года", " год", "г."]),
)
def test_any_month_is_due_on_its_last_day(
    month: int, year: int | None, plan_year: int, genitive: bool, case: object, year_word: str
) -> None:
    assert callable(case)
    name = (MONTHS_GENITIVE_RU if genitive else MONTHS_NOMINATIVE_RU)[month - 1]
    raw = case(name) + (f" {year}{year_word}" if year else "")
    reading = normalize_deadline(raw, plan_year)
    expected = year or plan_year
    assert (reading.kind, reading.due_dates) == (K.MONTH, (last_day_of_month(expected, month),))
    assert reading.starts == date(expected, month, 1)
    _assert_consistent(reading, raw, plan_year)


@given(
    quarter=st.integers(min_value=1, max_value=4),
    year=PLAN_YEARS,
    plan_year=PLAN_YEARS,
    form=st.sampled_from(["{n} квартал {y}", "{r} квартал {y} года", "Q{n} {y}", "{n}-й квартал {y} г."]),
)
def test_any_quarter_is_due_on_its_last_day(quarter: int, year: int, plan_year: int, form: str) -> None:
    raw = form.format(n=quarter, r=ROMAN[quarter - 1], y=year)
    reading = normalize_deadline(raw, plan_year)
    assert (reading.kind, reading.due_dates) == (K.QUARTER, (last_day_of_month(year, quarter * 3),))
    _assert_consistent(reading, raw, plan_year)


def _phrase(plan_year: int) -> st.SearchStrategy[str]:
    """Phrases as roadmap cells use them, to build cells of several parts."""
    years = st.integers(min_value=plan_year - 2, max_value=plan_year + 2)
    months = st.builds(
        lambda m, g, y: (MONTHS_GENITIVE_RU if g else MONTHS_NOMINATIVE_RU)[m - 1] + (f" {y} года" if y else ""),
        st.integers(min_value=1, max_value=12),
        st.booleans(),
        st.none() | years,
    )
    return st.one_of(
        DAYS.map(lambda day: f"{day:%d.%m.%Y}"),
        DAYS.map(lambda day: f"до {day:%d.%m.%Y}"),
        months,
        st.builds(lambda a, b: f"{a}-{b}", months, months),
        st.builds(lambda n, y: f"{n} квартал {y}", st.integers(min_value=1, max_value=4), years),
        st.builds(lambda n, y: f"{n} полугодие {y} г.", st.integers(min_value=1, max_value=2), years),
        years.map(lambda y: f"{y} год"),
        st.sampled_from(
            [
                "ежемесячно",
                "ежеквартально",
                "ежегодно",
                "ежедневно",
                "еженедельно",
                "1 раз в полугодие",
                "не реже 1 раза в квартал",
                "последний вторник каждого месяца",
                "до 5 числа месяца, следующего за отчетным периодом",
                "до 28 числа",
                "постоянно",
                "в течение года",
                "в течение периода",
                "по запросу",
                "по мере необходимости",
                "далее",
                "(в соответствии с планом)",
                "(по согласованию с Депсоцразвития Югры)",
                "после утверждения",
                "до 31 декабря",
                "2, 3, 4 квартал",
            ]
        ),
    )


@st.composite
def _cells(draw: st.DrawFn) -> tuple[str, int]:
    plan_year = draw(PLAN_YEARS)
    parts = draw(st.lists(_phrase(plan_year), min_size=1, max_size=4))
    separator = draw(st.sampled_from([" ", ", ", "; ", ". ", " и "]))
    return separator.join(parts), plan_year


@given(cell=_cells())
@settings(max_examples=300)
def test_any_cell_reads_consistently(cell: tuple[str, int]) -> None:
    raw, plan_year = cell
    _assert_consistent(normalize_deadline(raw, plan_year), raw, plan_year)


@given(cell=_cells())
def test_case_and_spacing_never_change_the_reading(cell: tuple[str, int]) -> None:
    raw, plan_year = cell
    shouted = "  " + raw.upper().replace(" ", "  ").replace("-", " – ") + " "
    assert _meaning(normalize_deadline(shouted, plan_year)) == _meaning(normalize_deadline(raw, plan_year))


@given(raw=st.text(max_size=120), plan_year=PLAN_YEARS)
def test_any_text_is_read_or_flagged_never_raises(raw: str, plan_year: int) -> None:
    _assert_consistent(normalize_deadline(raw, plan_year), raw, plan_year)


@given(raw=st.sampled_from([cell[1] for cell in SEED_CELLS]), plan_year=PLAN_YEARS)
def test_on_demand_and_continuous_never_create_a_timer_in_any_year(raw: str, plan_year: int) -> None:
    reading = normalize_deadline(raw, plan_year)
    _assert_consistent(reading, raw, plan_year)
    if reading.kind in {K.ON_DEMAND, K.CONTINUOUS}:
        assert not reading.creates_timer and reading.due_dates == () and reading.rule is None
