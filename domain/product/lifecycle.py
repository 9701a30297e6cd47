"""A product's own life, outside its examination: drafted by a site, described, versioned, piloted, approved by a
Department order, entered in the registry of methodological products and implemented in institutions (D52). No
workflow owns a product (its examination is the obligation's), so the API decides here and appends to
``product:{id}``. Whether the product is under examination, and the council's conclusion, come from the examination
(``domain.product.expertise``), handed in as ``examination``."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from domain.common import Actor, DomainError, DomainEvent, fold
from domain.files import FileFormat, FileRef
from domain.people import Role
from domain.product.events import (
    ProductApprovedByOrder,
    ProductDescribed,
    ProductDrafted,
    ProductImplemented,
    ProductPiloted,
    ProductRegistered,
    ProductVersionAdded,
)
from domain.product.expertise import ExpertiseStatus
from domain.product.model import Author, ProductCard, ProductKind

SITE_SIDE = (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE)
# Who may record an implementation: the implementing institution's people, or the council's secretary for them.
IMPLEMENTERS = (Role.SITE_DIRECTOR, Role.SITE_RESPONSIBLE, Role.INSTITUTION_RESPONSIBLE, Role.COUNCIL_SECRETARY)
# A version's files: the product itself (what the council reads and the quota counts) and an optional annex, in
# the formats a product is sent in (order 135-р 2.4.2's item: office documents, or an archive of them).
MAIN_FILE = "product"
ANNEX = "annex"
FORMATS = (
    FileFormat.PDF,
    FileFormat.DOCX,
    FileFormat.DOC,
    FileFormat.ODT,
    FileFormat.XLSX,
    FileFormat.XLS,
    FileFormat.ODS,
    FileFormat.ZIP,
)


def product_stream(product_id: str) -> str:
    return f"product:{product_id}"


class Version(BaseModel):
    model_config = ConfigDict(frozen=True)

    no: int
    files: dict[str, FileRef]
    note: str
    added_at: datetime


class Implementation(BaseModel):
    model_config = ConfigDict(frozen=True)

    no: int
    institution_id: str
    institution_name: str
    since: date
    replication: bool


class ProductState(BaseModel):
    model_config = ConfigDict(frozen=True)

    product_id: str = ""
    title: str = ""
    kind: ProductKind = ProductKind.MODEL_PROGRAM
    direction_id: str = ""
    site_id: str = ""
    institution_id: str = ""
    region_id: str = ""
    authors: tuple[Author, ...] = ()
    abstract: str = ""
    versions: tuple[Version, ...] = ()
    piloted: bool = False
    order_number: str = ""
    registry_no: str = ""
    implementations: tuple[Implementation, ...] = ()

    @property
    def exists(self) -> bool:
        return bool(self.product_id)

    def card(self) -> ProductCard:
        """The product as the council is told of it: its latest version."""
        if not self.versions:
            raise DomainError("no_version", "Приложите файлы продукта (версию), прежде чем направлять его.", "files")
        latest = self.versions[-1]
        return ProductCard(
            product_id=self.product_id,
            title=self.title,
            kind=self.kind,
            direction_id=self.direction_id,
            site_id=self.site_id,
            institution_id=self.institution_id,
            authors=self.authors,
            version_no=latest.no,
            files=latest.files,
        )


def evolve(state: ProductState, event: DomainEvent) -> ProductState:
    if isinstance(event, ProductDrafted):
        return ProductState(
            product_id=event.product_id,
            title=event.title,
            kind=event.kind,
            direction_id=event.direction_id,
            site_id=event.site_id,
            institution_id=event.institution_id,
            region_id=event.region_id,
            authors=event.authors,
            abstract=event.abstract,
        )
    if isinstance(event, ProductDescribed):
        return state.model_copy(
            update={"title": event.title, "kind": event.kind, "authors": event.authors, "abstract": event.abstract}
        )
    if isinstance(event, ProductVersionAdded):
        version = Version(no=event.version_no, files=event.files, note=event.note, added_at=event.occurred_at)
        return state.model_copy(update={"versions": (*state.versions, version)})
    if isinstance(event, ProductPiloted):
        return state.model_copy(update={"piloted": True})
    if isinstance(event, ProductApprovedByOrder):
        return state.model_copy(update={"order_number": event.order_number})
    if isinstance(event, ProductRegistered):
        return state.model_copy(update={"registry_no": event.registry_no})
    if isinstance(event, ProductImplemented):
        done = Implementation(
            no=event.implementation_no,
            institution_id=event.institution_id,
            institution_name=event.institution_name,
            since=event.since,
            replication=event.replication,
        )
        return state.model_copy(update={"implementations": (*state.implementations, done)})
    return state


def state_of(events: list[DomainEvent]) -> ProductState:
    return fold(evolve, ProductState(), events)


# --- decisions ---------------------------------------------------------------------------------------------------

# While the council examines a version, the product stays as sent: changes wait for the conclusion «на доработку».
EDITABLE = (None, ExpertiseStatus.REWORK)


def _text(value: str, field: str, what: str, limit: int) -> str:
    value = " ".join(value.split())
    if not value:
        raise DomainError("required", f"Укажите {what}.", field)
    if len(value) > limit:
        raise DomainError("too_long", f"{what.capitalize()} — не длиннее {limit} знаков.", field)
    return value


def _authors(authors: tuple[Author, ...]) -> tuple[Author, ...]:
    named = tuple(
        a.model_copy(update={"full_name": " ".join(a.full_name.split())}) for a in authors if a.full_name.strip()
    )
    if not named:
        raise DomainError("authors_required", "Укажите хотя бы одного автора продукта.", "authors")
    return named


def draft(
    product_id: str,
    actor: Actor,
    *,
    title: str,
    kind: ProductKind,
    site_id: str,
    direction_id: str,
    institution_id: str,
    region_id: str,
    authors: tuple[Author, ...],
    abstract: str,
    now: datetime,
) -> list[DomainEvent]:
    role = actor.role_among(SITE_SIDE, "создавать методический продукт площадки")
    return [
        ProductDrafted(
            occurred_at=now,
            product_id=product_id,
            title=_text(title, "title", "название продукта", 300),
            kind=kind,
            direction_id=direction_id,
            site_id=site_id,
            institution_id=institution_id,
            region_id=region_id,
            authors=_authors(authors),
            abstract=_text(abstract, "abstract", "аннотацию", 4000),
            drafted_by=actor.ref(role),
        )
    ]


def _editable(state: ProductState, examination: ExpertiseStatus | None) -> None:
    if examination not in EDITABLE:
        raise DomainError(
            "under_examination",
            "Продукт направлен в Экспертный совет: менять его можно после заключения «на доработку».",
        )


def describe(
    state: ProductState,
    actor: Actor,
    examination: ExpertiseStatus | None,
    *,
    title: str,
    kind: ProductKind,
    authors: tuple[Author, ...],
    abstract: str,
    now: datetime,
) -> list[DomainEvent]:
    role = actor.role_among(SITE_SIDE, "изменять описание продукта")
    _editable(state, examination)
    return [
        ProductDescribed(
            occurred_at=now,
            title=_text(title, "title", "название продукта", 300),
            kind=kind,
            authors=_authors(authors),
            abstract=_text(abstract, "abstract", "аннотацию", 4000),
            described_by=actor.ref(role),
        )
    ]


def add_version(
    state: ProductState,
    actor: Actor,
    examination: ExpertiseStatus | None,
    files: dict[str, FileRef],
    note: str,
    now: datetime,
) -> list[DomainEvent]:
    role = actor.role_among(SITE_SIDE, "добавлять версию продукта")
    _editable(state, examination)
    if MAIN_FILE not in files:
        raise DomainError("files_required", "Приложите основной файл продукта.", f"files.{MAIN_FILE}")
    unknown = set(files) - {MAIN_FILE, ANNEX}
    if unknown:
        raise DomainError("unknown_item", f"Неизвестный файл версии: {', '.join(sorted(unknown))}.", "files")
    return [
        ProductVersionAdded(
            occurred_at=now,
            version_no=len(state.versions) + 1,
            files=files,
            note=" ".join(note.split())[:2000],
            added_by=actor.ref(role),
        )
    ]


def record_pilot(
    state: ProductState, actor: Actor, where: str, since: date, note: str, today: date, now: datetime
) -> list[DomainEvent]:
    role = actor.role_among(SITE_SIDE, "записывать апробацию продукта")
    if since > today:
        raise DomainError("future_date", "Апробация не может начаться в будущем.", "since")
    return [
        ProductPiloted(
            occurred_at=now,
            where=_text(where, "where", "где проходила апробация", 500),
            since=since,
            note=" ".join(note.split())[:2000],
            recorded_by=actor.ref(role),
        )
    ]


def ready_to_send(state: ProductState, actor: Actor, examination: ExpertiseStatus | None) -> ProductCard:
    """The card to send to the council, once the product may be sent (first time: no examination yet)."""
    actor.role_among(SITE_SIDE, "направлять продукт в Экспертный совет")
    if examination is not None:
        raise DomainError("already_sent", "Продукт уже направлен в Экспертный совет.")
    return state.card()


def approve_by_order(
    state: ProductState,
    actor: Actor,
    examination: ExpertiseStatus | None,
    number: str,
    on: date,
    today: date,
    now: datetime,
) -> list[DomainEvent]:
    role = actor.role_among((Role.DEPARTMENT, Role.COUNCIL_SECRETARY), "записывать приказ об утверждении продукта")
    if examination != ExpertiseStatus.POSITIVE:
        raise DomainError("not_positive", "Приказом утверждается продукт с положительным заключением совета (D52).")
    if state.order_number:
        raise DomainError("already_approved", f"Продукт уже утвержден приказом № {state.order_number}.")
    if on > today:
        raise DomainError("future_date", "Дата приказа не может быть в будущем.", "order_date")
    return [
        ProductApprovedByOrder(
            occurred_at=now,
            order_number=_text(number, "order_number", "номер приказа", 50),
            order_date=on,
            recorded_by=actor.ref(role),
        )
    ]


def register(
    state: ProductState, actor: Actor, examination: ExpertiseStatus | None, registry_no: str, now: datetime
) -> list[DomainEvent]:
    role = actor.role_among((Role.COUNCIL_SECRETARY,), "вносить продукт в реестр")
    if examination != ExpertiseStatus.POSITIVE:
        raise DomainError("not_positive", "В реестр вносится продукт с положительным заключением совета (D52).")
    if state.registry_no:
        raise DomainError("already_registered", f"Продукт уже в реестре под № {state.registry_no}.")
    return [ProductRegistered(occurred_at=now, registry_no=registry_no, registered_by=actor.ref(role))]


def record_implementation(
    state: ProductState,
    actor: Actor,
    *,
    institution_id: str,
    institution_name: str,
    since: date,
    evidence: str,
    files: dict[str, FileRef],
    today: date,
    now: datetime,
) -> list[DomainEvent]:
    role = actor.role_among(IMPLEMENTERS, "записывать внедрение продукта")
    if not state.registry_no:
        raise DomainError("not_registered", "Внедрение записывается для продукта из реестра (D52).")
    if since > today:
        raise DomainError("future_date", "Внедрение не может начаться в будущем.", "since")
    if any(i.institution_id == institution_id for i in state.implementations):
        raise DomainError("already_implemented", f"Внедрение в {institution_name} уже записано.", "institution_id")
    if not evidence.strip() and not files:
        raise DomainError("evidence_required", "Опишите подтверждение внедрения или приложите файл.", "evidence")
    return [
        ProductImplemented(
            occurred_at=now,
            implementation_no=len(state.implementations) + 1,
            institution_id=institution_id,
            institution_name=institution_name,
            since=since,
            evidence=" ".join(evidence.split())[:2000],
            files=files,
            replication=institution_id != state.institution_id,
            recorded_by=actor.ref(role),
        )
    ]
