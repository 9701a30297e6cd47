"""Document control of a quality management system (система менеджмента качества, СМК), as data: the controlled
document (управляемый документ) with its cipher (шифр), version (версия), approval and enactment dates, sign-off
chain (разработано → согласовано → УТВЕРЖДАЮ), controlled copies (учтенная копия №), acknowledgment sheet (лист
ознакомления) and change-identification sheet (лист идентификации изменений).

Source: seed 004, the QMS regulation on the department of social accompaniment of citizens (положение об отделении
социального сопровождения граждан) of БУ ХМАО – Югры «Березовский районный комплексный центр социального
обслуживания населения», version 3.0, approved 30.09.2020 № 02, in force from 01.10.2020. Citations are
``"004:40"`` = seed 004, line 40. The models below are the seed's document as printed; the register that runs
controlled documents is ``domain/qms/`` (``workflows/qms.py``, ``api/qms/``); ``DECISIONS`` settle what the seed
leaves open for both.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.deadlines import Citation
from domain.qms.model import ACKNOWLEDGMENT_TERM, CHAIN, Stage
from domain.regulations.model import Decision, ReviewAction, ReviewStep
from domain.sites import Institution

SOURCE_DOCUMENT = (
    "Система менеджмента качества. Положение об отделении социального сопровождения граждан БУ ХМАО – Югры "
    "«Березовский районный комплексный центр социального обслуживания населения», версия 3.0"
)

VERSION_PATTERN = re.compile(r"^\d+\.\d+$")

# Columns of the two sheets at the end of every controlled document, verbatim.
ACKNOWLEDGMENT_COLUMNS: tuple[str, ...] = ("№", "Ф.И.О", "Должность", "Дата", "Подпись")  # 004:565
CHANGE_COLUMNS: tuple[str, ...] = ("№", "Идентификация изменения", "ФИО", "Дата", "Подпись")  # 004:611


class SignOffStage(StrEnum):
    DEVELOPED = "developed"  # «Настоящее положение разработано» (разработал)
    AGREED = "agreed"  # «Согласовано»
    APPROVED = "approved"  # «УТВЕРЖДАЮ»


SIGN_OFF_STAGE_RU: dict[SignOffStage, str] = {
    SignOffStage.DEVELOPED: "разработано",
    SignOffStage.AGREED: "согласовано",
    SignOffStage.APPROVED: "утверждаю",
}


class DocumentStatus(StrEnum):
    DRAFT = "draft"  # проект
    IN_AGREEMENT = "in_agreement"  # на согласовании
    APPROVED = "approved"  # утвержден, еще не введен в действие
    IN_FORCE = "in_force"  # введен в действие
    SUPERSEDED = "superseded"  # заменен новой версией
    CANCELLED = "cancelled"  # отменен


class SignOff(BaseModel):
    """One signature of the sign-off block: the stage, the position as printed, the printed name (расшифровка
    подписи) and the date, when the document carries them."""

    model_config = ConfigDict(frozen=True)

    stage: SignOffStage
    position: str
    person: str = ""  # blank in the seed where the расшифровка line is empty
    signed_on: date | None = None
    source: str  # seed lines, e.g. "004:8–17"


class ControlledCopy(BaseModel):
    """A numbered controlled copy (учтенная копия №) issued to a holder."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    holder: str  # structural unit or position that keeps the copy
    issued_on: date
    withdrawn_on: date | None = None


class AcknowledgmentEntry(BaseModel):
    """A row of the acknowledgment sheet (лист ознакомления): № / Ф.И.О / Должность / Дата / Подпись."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    full_name: str
    position: str
    acknowledged_on: date
    signed: bool = True


class ChangeEntry(BaseModel):
    """A row of the change-identification sheet (лист идентификации изменений): № / Идентификация изменения /
    ФИО / Дата / Подпись. Only changes within the current version; the sheet starts empty with a new version."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    identification: str
    full_name: str
    changed_on: date
    signed: bool = True


class ControlledDocument(BaseModel):
    """A controlled document of the QMS in one version."""

    model_config = ConfigDict(frozen=True)

    institution: str
    system: str  # «СИСТЕМА МЕНЕДЖМЕНТА КАЧЕСТВА»
    document_type: str  # «Положение»
    title: str
    cipher: str  # as printed on sheet 1
    cipher_prefix: str  # the fixed part of the cipher; the rest is the number in the file nomenclature
    nomenclature_number: str | None = None  # номер по номенклатуре дел, when assigned
    version: str  # "3.0"
    status: DocumentStatus
    approved_on: date  # дата утверждения
    approval_number: str  # "02", as written
    enacted_on: date  # дата введения в действие
    sheets: int = Field(ge=1)  # «Лист N из M»
    contents: tuple[str, ...] = ()  # СОДЕРЖАНИЕ
    structure: tuple[str, ...] = ()  # structural units as the title page lists them
    approval: tuple[SignOff, ...]
    controlled_copies: tuple[ControlledCopy, ...] = ()
    acknowledgment_rows: int = 0  # pre-numbered rows of the printed sheet
    acknowledgments: tuple[AcknowledgmentEntry, ...] = ()
    change_rows: int = 0
    changes: tuple[ChangeEntry, ...] = ()
    citation: Citation

    @model_validator(mode="after")
    def _consistent(self) -> ControlledDocument:
        if not VERSION_PATTERN.match(self.version):
            raise ValueError(f"версия «{self.version}» не в формате «N.M»")
        if self.enacted_on < self.approved_on:
            raise ValueError("дата введения в действие раньше даты утверждения")
        stages = [s.stage for s in self.approval]
        if stages.count(SignOffStage.APPROVED) != 1 or stages[-1] != SignOffStage.APPROVED:
            raise ValueError("лист согласования должен заканчиваться одной подписью «УТВЕРЖДАЮ»")
        if stages.count(SignOffStage.DEVELOPED) > 1 or (
            SignOffStage.DEVELOPED in stages and stages[0] != SignOffStage.DEVELOPED
        ):
            raise ValueError("подпись разработчика — первая и единственная")
        approved = self.approval[-1]
        if approved.signed_on is not None and approved.signed_on != self.approved_on:
            raise ValueError("дата подписи «УТВЕРЖДАЮ» не совпадает с датой утверждения")
        for name, numbers in (
            ("учтенных копий", [c.number for c in self.controlled_copies]),
            ("листа ознакомления", [a.number for a in self.acknowledgments]),
            ("листа идентификации изменений", [c.number for c in self.changes]),
        ):
            if len(numbers) != len(set(numbers)):
                raise ValueError(f"номера {name} повторяются")
        if any(c.changed_on < self.approved_on for c in self.changes):
            raise ValueError("изменение версии датировано раньше ее утверждения")
        return self

    @property
    def full_cipher(self) -> str | None:
        """The cipher with its nomenclature number, once assigned (D2)."""
        if self.nomenclature_number is None:
            return None
        return f"{self.cipher_prefix}{self.nomenclature_number}"

    @property
    def major_version(self) -> int:
        return int(self.version.split(".")[0])

    def signatures(self, stage: SignOffStage) -> tuple[SignOff, ...]:
        return tuple(s for s in self.approval if s.stage == stage)


# --- the generic sign-off chain seed 004 shows -------------------------------------------------------------------

# The developer (разработчик, заведующий отделением) drafts and signs first; the concurrences and the approval are
# the chain that follows, each signatory in a role of their own, scoped to the institution (D7). The running chain,
# with the developer's step, is ``domain.qms.model.CHAIN``.
DEVELOPER_ROLE = CHAIN[0].role
DEVELOPER_POSITION = CHAIN[0].position

SIGN_OFF_CHAIN: tuple[ReviewStep, ...] = tuple(
    ReviewStep(
        role=step.role,
        action=ReviewAction.APPROVE if step.stage == Stage.APPROVED else ReviewAction.AGREE,
        title=f"{'УТВЕРЖДАЮ' if step.stage == Stage.APPROVED else 'Согласовано'}: {step.position.lower()}",
    )
    for step in CHAIN[1:]
)

# --- the institution and the unit of seed 004 ------------------------------------------------------------------

INSTITUTION = Institution(
    id="berezovsky-kcson",
    region_id="86",
    name="БУ «Березовский районный комплексный центр социального обслуживания населения»",
    short_name="Березовский КЦСОН",
    city="пгт. Березово",
)  # 004:3–6
UNIT_ID = "berezovsky-osg"
UNIT_NAME = "Отделение социального сопровождения граждан"  # 004:25, 81
DOCUMENT_ID = "polozhenie-osg"

# --- the document of seed 004 --------------------------------------------------------------------------------------

DOCUMENT = ControlledDocument(
    institution=(
        "Бюджетное учреждение Ханты-Мансийского автономного округа – Югры «Березовский районный комплексный центр "
        "социального обслуживания населения»"
    ),
    system="СИСТЕМА МЕНЕДЖМЕНТА КАЧЕСТВА",
    document_type="Положение",
    title="Положение об отделении социального сопровождения граждан",
    cipher="СМК-ПСП- № по номенклатуре дел",
    cipher_prefix="СМК-ПСП-",
    nomenclature_number=None,
    version="3.0",
    status=DocumentStatus.IN_FORCE,
    approved_on=date(2020, 9, 30),
    approval_number="02",
    enacted_on=date(2020, 10, 1),
    sheets=18,
    contents=(
        "1. ОБЩИЕ ПОЛОЖЕНИЯ",
        "2. ОСНОВНЫЕ ЦЕЛИ И ЗАДАЧИ",
        "3. ФУНКЦИОНАЛЬНЫЕ ОБЯЗАННОСТИ СОТРУДНИКОВ ОТДЕЛЕНИЯ",
        "4. СОЦИАЛЬНОЕ СОПРОВОЖДЕНИЕ ГРАЖДАН В СООТВЕТСТВИИ С РЕКОМЕНДАЦИЯМИ ИППСУ",
        "5. ОРГАНИЗАЦИЯ РАБОТЫ",
        "6. ПРАВА И ОБЯЗАННОСТИ РАБОТНИКОВ ОТДЕЛЕНИЯ",
        "7. ОТВЕТСТВЕННОСТЬ",
        "8. ЛИСТ ОЗНАКОМЛЕНИЯ",
        "9. ЛИСТ ИДЕНТИФИКАЦИИ ИЗМЕНЕНИЙ",
    ),
    structure=(
        "Участковая социальная служба (8 социальных участков, в том числе «дворовой социальный менеджмент»)",
        "Сектор первичного приема оказания срочных социальных услуг (в том числе 1 мобильная социальная служба, "
        "1 служба «Мобильная бригада», служба «Социальный патруль», пункт проката технических средств реабилитации)",
        "Сектор сопровождения социальных контрактов (в том числе содействие гражданам в признании нуждающимися в "
        "социальном обслуживании и социальном сопровождении)",
    ),
    approval=(
        SignOff(stage=SignOffStage.DEVELOPED, position=DEVELOPER_POSITION, source="004:512–520"),
        SignOff(stage=SignOffStage.AGREED, position="Заместитель директора", source="004:522–530"),
        SignOff(stage=SignOffStage.AGREED, position="Специалист по кадрам", source="004:532–539"),
        SignOff(stage=SignOffStage.AGREED, position="Юрисконсульт", source="004:541–547"),
        SignOff(
            stage=SignOffStage.APPROVED,
            position="Директор БУ «Березовский районный комплексный центр социального обслуживания населения»",
            person="Е. С. Горбунова",
            signed_on=date(2020, 9, 30),
            source="004:8–17",
        ),
    ),
    controlled_copies=(),  # «Учтенная копия №:» is blank on every sheet
    acknowledgment_rows=26,
    acknowledgments=(),
    change_rows=22,
    changes=(),
    citation=Citation(
        document=SOURCE_DOCUMENT,
        clause="Титульный лист: реквизиты документа",
        source="004:40",
        quote="Дата введения в действие: 01.10. 2020 г.\tВерсия 3.0\tШифр: СМК-ПСП- № по номенклатуре дел",
    ),
)

# --- decisions ----------------------------------------------------------------------------------------------------

# The comment names the item of the domain brief's §8 each one settles.
DECISIONS: tuple[Decision, ...] = (
    # brief §8.18
    Decision(
        id="D1",
        question="«30.09.20 № 02» — номер приказа или протокола?",
        decision=(
            "Хранится как номер утверждения (approval_number) строкой, как написано («02»), без толкования вида "
            "документа; вид (приказ / протокол) — необязательный реквизит при вводе новой версии."
        ),
        reason="Документ не называет вид акта; ведущий ноль важен для поиска по журналу регистрации.",
        sources=("004:40", "004:66"),
    ),
    Decision(
        id="D2",
        question="Шифр «СМК-ПСП- № по номенклатуре дел» не заполнен. Как хранить шифр?",
        decision=(
            "Хранится напечатанный текст шифра и его постоянная часть «СМК-ПСП-»; номер по номенклатуре дел — "
            "отдельное поле, полный шифр строится, когда номер присвоен. До присвоения документ идентифицируется "
            "названием и версией."
        ),
        reason="Шаблон шифра виден только на листе 1; номер номенклатуры дел учреждения в документе не указан.",
        sources=("004:40", "004:160", "004:426"),
    ),
    Decision(
        id="D3",
        question="Учтенные копии: бумажные или электронные, как нумеруются?",
        decision=(
            "Реестр учтенных копий с номерами 1, 2, … в пределах версии, по одной на держателя (подразделение или "
            "должность), с датой выдачи и изъятия; бумажная копия и электронный экземпляр учитываются одинаково. "
            "В документе 004 копии не выданы (поле пустое на всех листах)."
        ),
        reason="Поле «Учтенная копия №» есть на каждом листе и нигде не заполнено: номер присваивается при выдаче.",
        sources=("004:41", "004:67", "004:593"),
    ),
    # brief §8.19
    Decision(
        id="D4",
        question=(
            "Что меняет версию, а что записывается в лист идентификации изменений? Нужно ли повторное ознакомление?"
        ),
        decision=(
            "Новая версия (3.0 → 4.0) проходит всю цепочку согласования и утверждения, начинает пустой лист "
            "идентификации изменений и требует ознакомления всех работников отделения заново. Изменение в пределах "
            "версии записывается в лист идентификации (идентификация, ФИО, дата, подпись) без смены номера версии; "
            "работники отделения знакомятся с изменением (строка листа ознакомления с датой не ранее изменения)."
        ),
        reason=(
            "Лист идентификации ведется для «изменений в настоящей версии» и «при смене версии не заполняется»; "
            "номер версии на всех 18 листах один. Работники отвечают за исполнение обязанностей по действующему "
            "тексту."
        ),
        sources=("004:606", "004:608", "004:609", "004:563", "004:492"),
    ),
    # brief §8.20
    Decision(
        id="D5",
        question=(
            "Перечень служб сектора срочных услуг на титульном листе (4) и в п. 3.2 (6, с «Социальным такси» и "
            "пунктом срочной помощи) расходится. Какой верен?"
        ),
        decision=(
            "Данные документа хранятся как написаны: structure — перечень титульного листа; расхождение с п. 3.2 "
            "фиксируется как замечание к следующей версии, а не исправляется."
        ),
        reason="Управляемый документ изменяется только новой версией или записью в листе изменений (D4).",
        sources=("004:34", "004:225", "004:32", "004:89"),
    ),
    # brief §8.21, §8.24
    Decision(
        id="D6",
        question=(
            "Включать ли сроки работы с гражданами (3, 5, 15 рабочих дней по ИППСУ), возрастные пороги и ссылки на "
            "акты 2020 года как правила системы?"
        ),
        decision=(
            "Нет: это содержание документа, а не правила годового цикла. Сроки по ИППСУ — кандидаты отдельного "
            "контекста (ведение случаев), при его появлении — рабочие дни по ст. 191 ГК РФ со следующего дня, по "
            "производственному календарю РФ."
        ),
        reason="Годовой цикл площадок не ведет дела отдельных граждан; ссылки и пороги заморожены на 2020 год.",
        sources=("004:270", "004:276", "004:277", "004:98"),
    ),
    Decision(
        id="D7",
        question=(
            "Кто подписывает лист согласования: «заместитель директора», «специалист по кадрам», «юрисконсульт» — "
            "роли какой системы? Может ли один человек подписать два шага?"
        ),
        decision=(
            "У каждого подписанта своя роль, выдаваемая в пределах учреждения: заведующий отделением (разработчик, "
            "unit_head), заместитель директора (deputy_director), специалист по кадрам (hr_specialist), юрисконсульт "
            "(legal_counsel), директор учреждения (institution_director). Роли площадок и РЦРСО (куратор, директор "
            "площадки, ответственное лицо учреждения) в цепочку не входят. Подписи — последовательно в порядке "
            "листа: разработано → три согласования → «УТВЕРЖДАЮ». Один человек не подписывает два шага одной "
            "цепочки, даже если у него обе роли; возврат на доработку начинает цепочку заново."
        ),
        reason=(
            "Лист называет должности учреждения, а не участников инновационной программы: заместитель директора "
            "курирует отделение внутри учреждения (004:83), а не направление от РЦРСО; кадровик и юрисконсульт — "
            "должности штата. Согласование ценно независимостью: подпись одного лица за два шага его обесценивает. "
            "Порядок согласований документ не задает; порядок листа однозначен и проверяем."
        ),
        sources=("004:83", "004:512", "004:522", "004:524", "004:532", "004:541", "004:8"),
    ),
    Decision(
        id="D8",
        question="В какой срок работник знакомится с введенной в действие версией?",
        decision=(
            f"{ACKNOWLEDGMENT_TERM} рабочих дней со дня введения в действие (для принятого позже — со дня приема, "
            "для изменения в пределах версии — со дня записи в лист идентификации), по производственному календарю, "
            "счет со следующего дня (ст. 191 ГК РФ); срок, выпавший на выходной, переносится на рабочий день."
        ),
        reason=(
            "Документ срока не называет. Дата введения наступает на следующий день после утверждения (004:40): "
            "учреждение вводит документ быстро, и неделя работы достаточна, чтобы ознакомиться с 18 листами, не "
            "оставляя отделение долго работать по тексту, с которым не знакомы; работники отвечают за исполнение "
            "обязанностей по действующему тексту (004:492)."
        ),
        sources=("004:40", "004:563", "004:492"),
    ),
    Decision(
        id="D9",
        question="Кому и когда напоминать об ознакомлении, кому сообщать о просрочке?",
        decision=(
            "Напоминание работнику в 09:00 рабочего дня накануне срока; по окончании срока — работнику и "
            "заведующему отделением; через 3 рабочих дня — заместителю директора, курирующему отделение; через 8 "
            "рабочих дней — директору учреждения. Ознакомление закрывает всю лестницу."
        ),
        reason=(
            "Отделение работает под руководством заведующего, заместителя директора, курирующего отделение, и "
            "директора (004:83); заведующий отвечает за трудовую дисциплину работников (004:490) — ему первому и "
            "сообщается о просрочке, выше — по той же линии руководства."
        ),
        sources=("004:83", "004:85", "004:490"),
    ),
    Decision(
        id="D10",
        question="Что должен новый работник, принятый в отделение после введения версии?",
        decision=(
            "Ознакомиться с каждой действующей версией документов отделения в тот же срок (D8), считая со дня "
            "приема: задача приходит в день, когда специалист по кадрам вносит его в состав отделения. Работник, "
            "выбывший из отделения, больше не должен знакомиться; его строки в листе остаются."
        ),
        reason=(
            "Лист ознакомления ведется на весь срок действия версии (26 строк на 18-листовой документ — больше "
            "штатного состава при введении), то есть рассчитан и на принятых позже."
        ),
        sources=("004:563", "004:565", "004:591"),
    ),
    Decision(
        id="D11",
        question="Что происходит с прежней версией и ее учтенными копиями при введении новой?",
        decision=(
            "В день введения новой версии прежняя получает статус «заменена» с датой и номером заменившей версии; "
            "ее учтенные копии считаются изъятыми в тот же день, неоконченное ознакомление с ней снимается, и "
            "работники знакомятся уже с новой версией. Лист идентификации изменений новой версии начинается пустым."
        ),
        reason=(
            "Версия на всех листах одна (004:40, 66), лист изменений «при смене версии не заполняется» (004:609): "
            "одновременно действует только одна версия, и учтенная копия старой не должна оставаться в работе."
        ),
        sources=("004:40", "004:66", "004:609"),
    ),
    Decision(
        id="D12",
        question="Как внести в реестр версию, утвержденную и действующую до того, как реестр стали вести (версия 3.0)?",
        decision=(
            "Заведующий отделением (или администратор) вносит ее с бумаги один раз, пока у документа нет версий в "
            "реестре: номер версии, число листов, номер и дата утверждения, дата введения (уже наступившая, не раньше "
            "утверждения) и подписи листа согласования как они напечатаны — пустая расшифровка остается пустой, "
            "дата подписи «УТВЕРЖДАЮ» — дата утверждения. Версия сразу действует; лист ознакомления с ней остается "
            "на бумаге, задачи ознакомиться получают только принятые после внесения. Следующая версия проходит всю "
            "цепочку в реестре."
        ),
        reason=(
            "Подписи и даты 2020 года нельзя поставить заново: они уже на листах документа (004:8–17, 512–547), а "
            "согласование в системе датирует подписи сегодняшним днем. Работники, работающие по версии 3.0, "
            "расписались в бумажном листе ознакомления (004:563)."
        ),
        sources=("004:8–17", "004:40", "004:512–547", "004:563"),
    ),
    Decision(
        id="D13",
        question=(
            "Положение площадки ХМАО (п. 2.3.1 распоряжения 135-р) — тоже управляемый документ учреждения. Как "
            "связать его с реестром СМК, откуда «изменений нет» (D25 ХМАО) берет действующую редакцию и что "
            "делать с новым положением, приложенным к пакету?"
        ),
        decision=(
            "Документ реестра называет площадку, положением которой он является (site_id при регистрации; только "
            "площадка того же учреждения, что и отделение). У версии документа есть файл текста — загруженный файл "
            "этой площадки. Пока площадка в реестре, пункт «Положение» ее пакета показывает версии реестра "
            "(версия, дата и номер утверждения, дата введения) и действующую версию; «изменений нет» подтверждает "
            "действующую версию реестра, и ее номер, утверждение и дата введения записываются в представление; "
            "без действующей версии с файлом текста подтверждение отклоняется с причиной. Новое положение, "
            "приложенное к пакету, в реестр само не вносится: страница говорит, что новая редакция вносится в "
            "реестр новой версией, и ведет на страницу документа. Площадки без документа в реестре живут по D25 "
            "ХМАО как прежде (действующая редакция — файл пакета, принятого в прошлом году)."
        ),
        reason=(
            "Положение площадки утверждает учреждение (001:280) и обновляет его «либо актуализирует» ежегодно "
            "(001:130–132); в учреждении с СМК версию утверждает директор после согласований (D7), с номером и датой "
            "утверждения и датой введения (004:40) — этого нет ни в пакете, ни в решении куратора, принимающего "
            "пакет. Внести приложенный файл версией автоматически значило бы создать проект, которого заведующий "
            "не разрабатывал, и вторую цепочку одного документа; ссылка на реестр оставляет одну цепочку. Связь "
            "документ → площадка — самая малая: у площадки одно положение, у документа одна площадка, отделение и "
            "учреждение остаются теми же."
        ),
        sources=("001:130", "001:132", "001:280", "001:357", "004:40", "004:606–609"),
    ),
)
