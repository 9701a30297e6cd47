"""The quarterly monitoring's form on its obligation page: one input per measure, named as the API names the
field (``data.figures.{key}``), read back into the body the API takes — a decimal comma and spaces between
thousands accepted, a word refused beside its field — and a refusal of a missing measure put beside its input."""

from __future__ import annotations

from starlette.datastructures import FormData

from api.obligations.forms import FormState, from_problem, submission_data
from api.problems import Problem
from api.web.render import TEMPLATES
from domain.regulations.vologda import QUARTERLY_MONITORING


def test_the_form_has_an_input_per_measure_and_reads_back() -> None:
    html = TEMPLATES.from_string(
        '{% import "web/macros.html" as m %}{% include "obligations/_monitoring_form.html" %}'
    ).render(rule=QUARTERLY_MONITORING, state=FormState(), errs=None)
    for measure in QUARTERLY_MONITORING.measures:
        assert f'name="data.figures.{measure.key}"' in html
    assert "Штатных единиц участковых специалистов, шт. ед." in html and "Обслужено семей, семей" not in html

    form = FormData(
        [("data.figures.people", "1 250"), ("data.figures.staff_units", "110,95"), ("data.figures.urgent", "много")]
    )
    data = submission_data(form, QUARTERLY_MONITORING, (), [])
    assert data.value == {
        "form": "monitoring",
        "figures": [{"key": "people", "amount": "1250"}, {"key": "staff_units", "amount": "110.95"}],
    }
    assert data.errors == {"data.figures.urgent": "ожидается число"}

    refused = Problem(409, "measures_missing", "Не заполнены показатели за квартал: …")
    errors = from_problem(refused, QUARTERLY_MONITORING, sent={"data": data.value})
    assert errors.fields["data.figures.families"] == "укажите значение"
    assert "data.figures.people" not in errors.fields
