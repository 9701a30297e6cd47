"""The Expert Council of the RCRSO (Экспертный совет при БУ «РЦРСО», order 135-р 2.4.2, L146): how it examines the
methodological products the sites send. The source names the council and the outcome (L2407) and nothing else; every
value here is a decision (D46–D52)."""

from __future__ import annotations

from domain.regulations.khmao.sites import RCRSO_ID
from domain.regulations.model import CouncilRules, ReviewCriterion

COUNCIL = CouncilRules(
    body="Экспертный совет при БУ «Ресурсный центр развития социального обслуживания»",
    host_institution_id=RCRSO_ID,
    experts_per_product=2,
    respond_working_days=3,
    review_working_days=10,
    reminders=(3, 1),
    secretary_after=0,
    chair_after=3,
    criteria=(
        ReviewCriterion(key="relevance", title="Актуальность"),
        ReviewCriterion(key="soundness", title="Методическая обоснованность"),
        ReviewCriterion(key="novelty", title="Новизна"),
        ReviewCriterion(key="effect", title="Практическая значимость и результативность"),
        ReviewCriterion(key="replicability", title="Возможность тиражирования"),
    ),
    quorum=3,
    clause="2.4.2",
    positive_targets={"1.1.7": 2},
    decisions=("D46", "D47", "D48", "D49", "D50", "D51", "D52"),
)
