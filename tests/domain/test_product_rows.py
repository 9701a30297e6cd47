"""The sites' own months of sending products to the Expert Council (D53), without a database: which roadmap rows are
about sending a product (the site says so, or the row's text does — the sources' own rows of 1.2.3 and 1.1.12), which
open date a product sent on a day fulfils, and the row done by the product with its file as the evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime

from domain.escalation import EscalationLevel, EscalationResolved
from domain.files import FileFormat, FileRef
from domain.obligations import Context, RaiseEscalation
from domain.payloads import PackageData, checked_data
from domain.regulations.catalog import regulation
from domain.roadmap.model import RoadmapRow, sends_product
from domain.roadmap_row import (
    DatedRow,
    ProductSent,
    RoadmapRowDone,
    RowStatus,
    dated_rows,
    decide,
    evolve_all,
    initial_state,
    row_for_product,
    row_obligation,
)
from tests.domain.test_roadmap_row import TZ, YEAR, _approved_rows, _calendar, _opened

RULES = regulation("khmao-135r")
# The rows as the sources write them: 1.2.3 (OP18) row 1.8 (001:L4125), 1.1.12 (C4) row 2 (001:L1036).
OP18_ITEM = (
    "<p>Разработка типовой модельной программы по предоставлению услуг по профилактике социального сиротства</p> "
    "<p>Направление в Экспертный совет Ресурсного центра развития социального обслуживания модельной программы для "
    "проведения экспертизы и последующего внедрения в деятельность государственных учреждений</p>"
)
C4_ITEM = (
    "Разработка программ, проектов, технологий по направлению деятельности, направление их в БУ «Ресурсный центр "
    "развития социального обслуживания для проведения экспертизы"
)
FILE = FileRef(file_id="f1", filename="programma.docx", format=FileFormat.DOCX, size=10, sha256="0" * 64)


def test_a_row_about_sending_a_product_is_read_from_its_text_unless_the_site_says() -> None:
    assert sends_product(OP18_ITEM) and sends_product(C4_ITEM)
    assert sends_product("Направление модельных программ в Экспертный совет РЦРСО")
    # A direction (по направлению деятельности) is no sending; an examination without a sending is none either.
    assert not sends_product("Экспертиза программ учреждений по направлению деятельности")
    assert not sends_product("Актуализация положения, алгоритма взаимодействия и отчетных форм")
    row = RoadmapRow(no="5", item="Публикация программы", deadline="июнь", responsible="Директор")
    assert not row.is_product_row and row.model_copy(update={"sends_product": True}).is_product_row
    said_no = RoadmapRow(no="2", item=C4_ITEM, deadline="июнь ноябрь", responsible="Директор", sends_product=False)
    assert not said_no.is_product_row


def test_the_submitted_roadmap_carries_what_each_row_is() -> None:
    rows = {row.no: row.sends_product for row in _approved_rows()}
    assert rows == {"1.1": False, "1.2": True, "2.1": False, "3.1": False, "3.2": False}
    # What the site said stays as it said it.
    data = PackageData(
        roadmap=(
            RoadmapRow(no="1", item=C4_ITEM, deadline="июнь ноябрь", responsible="Директор", sends_product=False),
            RoadmapRow(no="2", item="Выпуск сборника", deadline="май", responsible="Директор", sends_product=True),
        )
    )
    ctx = Context(now=datetime(YEAR - 1, 12, 10, tzinfo=UTC), calendar=_calendar(), timezone=TZ, plan_year=YEAR)
    checked = checked_data(RULES.obligation("package"), data, ctx.data_context())
    assert isinstance(checked, PackageData)
    assert [row.sends_product for row in checked.roadmap] == [False, True]


def _rows(*cells: tuple[str, str, str]) -> list[tuple[str, DatedRow]]:
    roadmap = tuple(
        RoadmapRow(no=no, item=item, deadline=deadline, responsible="Директор") for no, item, deadline in cells
    )
    data = PackageData(roadmap=roadmap)
    ctx = Context(now=datetime(YEAR - 1, 12, 10, tzinfo=UTC), calendar=_calendar(), timezone=TZ, plan_year=YEAR)
    checked = checked_data(RULES.obligation("package"), data, ctx.data_context())
    assert isinstance(checked, PackageData)
    return [(d.instance, d) for d in dated_rows(checked.roadmap, YEAR, date(YEAR - 1, 12, 10))]


def test_a_product_fulfils_the_open_product_row_of_the_month_it_is_sent_in() -> None:
    # 1.1.12 (C4): «июнь ноябрь»; another row of June is no product row.
    c4 = _rows(("2", C4_ITEM, "июнь ноябрь"), ("3", "Методические рекомендации", "июнь"))
    assert [oid for oid, _ in c4] == ["2-1", "2-2", "3"]
    assert row_for_product(c4, date(YEAR, 6, 10)) == "2-1"
    assert row_for_product(c4, date(YEAR, 11, 30)) == "2-2"
    # Sent in May (ahead) or in July (late), it fulfils no row: June's month escalates as any row's.
    assert row_for_product(c4, date(YEAR, 5, 31)) is None
    assert row_for_product(c4, date(YEAR, 7, 1)) is None
    # 1.2.3 (OP18): «Январь Февраль», «Август Сентябрь»: the product of February fulfils February's date.
    op18 = _rows(
        ("1.8", OP18_ITEM, "<p>Январь</p> <p>Февраль</p>"), ("1.9", OP18_ITEM, "<p>Август</p> <p>Сентябрь</p>")
    )
    assert [oid for oid, _ in op18] == ["1.8-1", "1.8-2", "1.9-1", "1.9-2"]
    assert row_for_product(op18, date(YEAR, 2, 12)) == "1.8-2"
    assert row_for_product(op18, date(YEAR, 9, 1)) == "1.9-2"
    # Of two open product rows of one month, the earlier in the roadmap; the rows taken are left out by the caller.
    twice = _rows(("1", C4_ITEM, "июнь"), ("2", "Направление проекта в Экспертный совет", "июнь"))
    assert row_for_product(twice, date(YEAR, 6, 3)) == "1"
    assert row_for_product(twice[1:], date(YEAR, 6, 3)) == "2"
    # A row dated by a day: its month up to the day.
    by_day = _rows(("1", C4_ITEM, "до 15 июня"))
    assert row_for_product(by_day, date(YEAR, 6, 15)) == "1"
    assert row_for_product(by_day, date(YEAR, 6, 16)) is None


def test_the_row_is_done_by_the_product_with_its_file_and_its_escalations_close() -> None:
    opened, ctx = _opened()
    rule = opened.obligation
    state = initial_state(opened)
    state = evolve_all(state, decide(state, rule, RaiseEscalation(level=EscalationLevel.REMINDER), ctx))
    state = evolve_all(state, decide(state, rule, RaiseEscalation(level=EscalationLevel.OVERDUE), ctx))
    sent = ProductSent(product_id="p1", title="Модельная программа", sent_on=date(YEAR, 2, 20), file=FILE)
    events = decide(state, rule, sent, ctx)
    assert [type(e) for e in events] == [EscalationResolved, EscalationResolved, RoadmapRowDone]
    assert {e.resolution for e in events if isinstance(e, EscalationResolved)} == {"done"}
    done = events[-1]
    assert isinstance(done, RoadmapRowDone)
    assert (done.source, done.product_id, done.on, done.done_by) == ("product", "p1", date(YEAR, 2, 20), None)
    assert done.items == {"evidence": FILE} and "«Модельная программа»" in done.note
    state = evolve_all(state, events)
    assert state.status == RowStatus.DONE
    assert decide(state, rule, sent, ctx) == []  # told again, or after the site marked it: nothing


def test_a_product_row_says_on_its_obligation_that_the_product_fulfils_it() -> None:
    template = RULES.roadmap_row
    assert template is not None and "D53" in template.decisions
    dated = dict(_rows(("2", C4_ITEM, "июнь ноябрь"), ("3", "Методические рекомендации", "июнь")))
    product_row = row_obligation(template, dated["2-1"], YEAR)
    other = row_obligation(template, dated["3"], YEAR)
    assert "выполняется продуктом" in product_row.note and "выполняется продуктом" not in other.note
    assert RULES.decision("D53").sources == ("001:L1036", "001:L4125", "001:L4126", "001:L2407")
