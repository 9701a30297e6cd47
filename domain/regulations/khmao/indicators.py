"""The target indicators (целевые показатели оценки эффективности) of the KhMAO sites, as their положения word them.

Order 135-р sets no indicators itself; every положение of the сборник ends with a section of target indicators
(«Целевые показатели…», for 1.2.2 «Критерии оценки…», for 1.1.1 «Целевые индикаторы…»). Sixteen of the eighteen
use the same six (I1–I6); 1.1.9 adds a seventh (I7), 1.2.2 has non-state providers (I8) instead of social partners
(I6), and 1.1.1 (the volunteering centre of the RCRSO itself) has a set of its own (I1, I3, I4, I6, I9, I10).
Titles are verbatim from the first положение that uses them; the site's own wording of the holder (Ресурсный
центр / Опорная площадка) varies and is not part of the indicator. No target, baseline or value is given anywhere
in the source (D19).
"""

from __future__ import annotations

from domain.regulations.khmao.base import site_citation
from domain.regulations.model import Indicator, IndicatorCatalogue, IndicatorType

CATALOGUE_ID = "khmao-135r-indicators"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="I1",
        title=(
            "Наличие доступной и открытой среды для получения информационной, методической, организационной "
            "поддержки поставщикам социальных услуг, социальным партнерам на территории автономного округа"
        ),
        value_type=IndicatorType.BOOLEAN,
        qualitative=True,
        citation=site_citation(
            "1.1.11",
            "polozhenie",
            "6.1",
            539,
            "Наличие доступной и открытой среды для получения информационной, методической, организационной "
            "поддержки поставщикам социальных услуг, социальным партнерам на территории автономного округа",
        ),
    ),
    Indicator(
        key="I2",
        title="Количество мероприятий, проводимых Ресурсным центром за отчетный период",
        value_type=IndicatorType.COUNT,
        citation=site_citation(
            "1.1.11",
            "polozhenie",
            "6.2",
            541,
            "Количество мероприятий, проводимых Ресурсным центром за отчетный период",
        ),
    ),
    Indicator(
        key="I3",
        title="Количество организаций, получивших консультационно-методическую поддержку",
        value_type=IndicatorType.COUNT,
        citation=site_citation(
            "1.1.11",
            "polozhenie",
            "6.3",
            543,
            "Количество организаций, получивших консультационно-методическую поддержку",
        ),
    ),
    Indicator(
        key="I4",
        title=(
            "Количество публикаций о деятельности Ресурсного центра, размещенных в информационном пространстве, "
            "в том числе в СМИ"
        ),
        value_type=IndicatorType.COUNT,
        citation=site_citation(
            "1.1.11",
            "polozhenie",
            "6.4",
            545,
            "Количество публикаций о деятельности Ресурсного центра, размещенных в информационном пространстве, "
            "в том числе в СМИ",
        ),
    ),
    Indicator(
        key="I5",
        title="Сформированность информационно-методической базы Ресурсного центра по соответствующему направлению",
        value_type=IndicatorType.LEVEL,
        qualitative=True,
        citation=site_citation(
            "1.1.11",
            "polozhenie",
            "6.5",
            547,
            "Сформированность информационно-методической базы Ресурсного центра по соответствующему направлению",
        ),
    ),
    Indicator(
        key="I6",
        title="Количество социальных партнеров",
        value_type=IndicatorType.COUNT,
        citation=site_citation("1.1.11", "polozhenie", "6.6", 549, "Количество социальных партнеров"),
    ),
    Indicator(
        key="I7",
        title=(
            "Количество разработанных инновационных программ, проектов, технологий по направлению деятельности, "
            "прошедших экспертизу в БУ «Ресурсный центр развития социального обслуживания»"
        ),
        value_type=IndicatorType.COUNT,
        citation=site_citation(
            "1.1.9",
            "polozhenie",
            "6.11",
            2176,
            "Количество разработанных инновационных программ, проектов, технологий по направлению деятельности, "
            "прошедших экспертизу в БУ «Ресурсный центр развития социального обслуживания»",
        ),
    ),
    Indicator(
        key="I8",
        title=(
            "Количество негосударственных поставщиков, вовлеченных или оказывающих содействие в реализации "
            "инновационного направления деятельности"
        ),
        value_type=IndicatorType.COUNT,
        citation=site_citation(
            "1.2.2",
            "polozhenie",
            "6.4",
            3525,
            "Количество негосударственных поставщиков, вовлеченных или оказывающих содействие в реализации "
            "инновационного направления деятельности",
        ),
    ),
    Indicator(
        key="I9",
        title="Количество подготовленных информационно-методических материалов",
        value_type=IndicatorType.COUNT,
        citation=site_citation(
            "1.1.1", "polozhenie", "6.4", 3215, "Количество подготовленных информационно-методических материалов"
        ),
    ),
    Indicator(
        key="I10",
        title="Охват государственных учреждений, социально ориентированных некоммерческих организаций",
        value_type=IndicatorType.PERCENT,
        unit="%",
        citation=site_citation(
            "1.1.1",
            "polozhenie",
            "6.6",
            3219,
            "Охват государственных учреждений, социально ориентированных некоммерческих организаций",
        ),
    ),
)

CATALOGUE = IndicatorCatalogue(id=CATALOGUE_ID, year=2022, indicators=INDICATORS)

STANDARD_SET = ("I1", "I2", "I3", "I4", "I5", "I6")  # 16 of the 18 положения
ADDICTIONS_SET = ("I1", "I2", "I3", "I4", "I7", "I5", "I6")  # 1.1.9, in the order of its section 6 (6.7–6.13)
HOME_CARE_SET = ("I1", "I2", "I3", "I8", "I4", "I5")  # 1.2.2 «Критерии», in the order of 6.1–6.6
VOLUNTEERING_SET = ("I1", "I3", "I4", "I9", "I6", "I10")  # 1.1.1 «Целевые индикаторы», in the order of 6.1–6.6
