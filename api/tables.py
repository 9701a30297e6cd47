"""The database schema as SQLAlchemy Core tables: the event log, reference data, stored files and the
projections (read models). Migrations in ``migrations/`` create exactly this; a test compares the two."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID

metadata = MetaData()

# --- the event log ------------------------------------------------------------------------------------------

events = Table(
    "events",
    metadata,
    Column("global_position", BigInteger, Identity(always=True), primary_key=True),
    Column("stream_id", Text(collation="C"), nullable=False),  # bytewise: prefix ranges are prefix matches
    Column("stream_version", Integer, nullable=False),
    Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
    Column("event_type", Text, nullable=False),
    Column("schema_version", SmallInteger, nullable=False),
    Column("data", JSONB, nullable=False),
    Column("metadata", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("stream_id", "stream_version", name="events_stream_version_key"),
)

# --- reference data: who and what exists ----------------------------------------------------------------------

regions = Table(
    "regions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("authority_id", Text),  # the region's authority (an institution of kind "authority"); NULL: not named
)

# Organisations of a region's hierarchy (issue 16): the name stays ``institutions``, as everything reads it.
institutions = Table(
    "institutions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("region_id", Text, ForeignKey("regions.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("short_name", Text, nullable=False),
    Column("city", Text, nullable=False),
    Column("kind", Text, nullable=False, server_default=text("'member'")),  # domain.sites.OrganisationKind
    Column("parent_id", Text),  # the organisation above it; NULL at the top
)

directions = Table(
    "directions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("region_id", Text, ForeignKey("regions.id"), nullable=False),
    Column("title", Text, nullable=False),
)

sites = Table(
    "sites",
    metadata,
    Column("id", Text, primary_key=True),
    Column("region_id", Text, ForeignKey("regions.id"), nullable=False),
    Column("institution_id", Text, ForeignKey("institutions.id"), nullable=False),
    Column("direction_id", Text, ForeignKey("directions.id"), nullable=False),
    Column("status", Text, nullable=False),
    Column("code", Text, nullable=False),
    Column("polozhenie", Text, nullable=False),
    Column("citation", Text, nullable=False),
    Column("regulation_id", Text, nullable=False),
    Column("status_since", Date),  # the status begins on this date; NULL: from the regulation's first year
    Column("status_until", Date),  # the last day of the status period (D22); NULL: until revoked
    # The institutions that send the site their quarterly forms (5.2, D34, D35), by id; [] — not named yet.
    Column("reporting_institutions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
)

# Password hashes: credentials, not business facts, so never in an event. Kept apart from the users projection, which
# a rebuild empties and replays: the projection copies each user's hash from here (api/people/projection.py).
credentials = Table(
    "credentials",
    metadata,
    Column("user_id", UUID(as_uuid=False), primary_key=True),
    Column("password_hash", Text, nullable=False),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", Text, primary_key=True),
    Column("user_id", UUID(as_uuid=False), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# Who signed in (or failed to), refreshed, and what administrators changed.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("kind", Text, nullable=False),
    Column("login", Text),
    Column("user_id", UUID(as_uuid=False)),
    Column("ip", Text),
    Column("detail", JSONB, nullable=False, server_default="{}"),
    Index("audit_log_login_at", "login", "at"),
    Index("audit_log_ip_at", "ip", "at"),
)

files = Table(
    "files",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("site_id", Text, ForeignKey("sites.id"), nullable=False),
    Column("filename", Text, nullable=False),
    Column("format", Text, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("sha256", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_by", UUID(as_uuid=False), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# --- projections: rebuilt from the event log by `innocycle rebuild-projections` -------------------------------

cycles = Table(
    "cycles",
    metadata,
    Column("cycle_id", Text, primary_key=True),
    Column("site_id", Text, nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("regulation_id", Text, nullable=False),
    Column("regulation_version", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("obligation_ids", JSONB, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    Column("closed_reason", Text),
)

obligations = Table(
    "obligations",
    metadata,
    Column("obligation_id", Text, primary_key=True),
    Column("cycle_id", Text, nullable=False, index=True),
    Column("site_id", Text, nullable=False),
    Column("year", Integer, nullable=False),
    Column("key", Text, nullable=False),
    Column("instance", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("runner", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("citation", JSONB, nullable=False),
    Column("rule", JSONB, nullable=False),
    Column("regulation_id", Text, nullable=False),
    Column("regulation_version", Integer, nullable=False),
    Column("status", Text, nullable=False),
    Column("period_key", Text),
    Column("opens_at", DateTime(timezone=True)),
    Column("nominal_due", Date),
    Column("effective_due", Date),
    Column("due_ends_at", DateTime(timezone=True)),
    Column("original_nominal_due", Date),
    Column("original_effective_due", Date),
    Column("internal_target", Date),
    Column("phase", Integer, nullable=False),
    Column("review_step", Integer, nullable=False),
    Column("next_actor", JSONB, nullable=False),
    Column("submissions", Integer, nullable=False),
    Column("progress", Integer),
    Column("target", Integer),
    Column("targets", JSONB),
    Column("pending_extension", JSONB),
    Column("reviews", JSONB),  # reviews awaited by a date, by review key (D30, D32)
    Column("expertise", JSONB),  # a product's examination: its round, experts needed and assignments (D46, D47)
    Column("review_parts", JSONB),  # parts with chains of their own: next step or "approved", by part (D33)
    Column("opened_at", DateTime(timezone=True)),
    Column("last_submitted_at", DateTime(timezone=True)),
    Column("completed_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Index("obligations_site_year", "site_id", "year"),
)

submissions = Table(
    "submissions",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("submission_no", Integer, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("submitted_by", JSONB, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("data", JSONB),
    Column("note", Text, nullable=False),
    Column("late", Boolean, nullable=False),
    Column("due_effective", Date, nullable=False),
    # Items the director attested unchanged (D25): their files are those of the version in force.
    Column("unchanged", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # Of those, the items whose version in force is the QMS register's (QMS D13), by item: document, version,
    # approval number and date, in force from (domain.submission.events.AttestedVersion).
    Column("attested", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    PrimaryKeyConstraint("obligation_id", "submission_no"),
)

decisions = Table(
    "decisions",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("submission_no", Integer, nullable=False),
    Column("step", Integer, nullable=False),
    Column("action", Text, nullable=False),
    Column("comment", Text, nullable=False),
    Column("decided_by", JSONB, nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("resubmit_nominal_due", Date),
    Column("resubmit_effective_due", Date),
    Column("part", Text, nullable=False, server_default=""),  # "" — the whole submission's chain (D33)
    PrimaryKeyConstraint("obligation_id", "submission_no", "part", "step"),
)

escalations = Table(
    "escalations",
    metadata,
    Column("escalation_id", Text, primary_key=True),
    Column("obligation_id", Text, nullable=False, index=True),
    Column("cycle_id", Text, nullable=False),
    Column("site_id", Text, nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("obligation_title", Text, nullable=False),
    Column("level", Text, nullable=False),
    Column("phase", Integer, nullable=False),
    Column("due_nominal", Date, nullable=False),
    Column("due_effective", Date, nullable=False),
    Column("notify", JSONB, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolution", Text),
    Column("review", Text),  # a late review (D31): which one; NULL for the obligation's own deadline
    Column("review_title", Text),
    Column("awaited", JSONB),  # whose decision is awaited (roles)
    # The open escalations of a cycle: counted in every list of cycles.
    Index("escalations_open_by_cycle", "cycle_id", postgresql_where=text("resolved_at IS NULL")),
)

calendar_overrides = Table(
    "calendar_overrides",
    metadata,
    Column("day", Date, primary_key=True),
    Column("working", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("set_by", JSONB, nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

extensions = Table(
    "extensions",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("requested_until", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("requested_by", JSONB, nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False),
    Column("decision", Text),  # granted | refused
    Column("granted_until", Date),
    Column("granted_effective", Date),
    Column("comment", Text),
    Column("decided_by", JSONB),
    Column("decided_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("obligation_id", "seq"),
)

quota_items = Table(
    "quota_items",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("item_no", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("item_kind", Text, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("recorded_by", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("conclusion", Text),  # the Expert Council's, once it reviews
    Column("product_id", Text),  # the product sent (api/product), whose examination gives the conclusion
    PrimaryKeyConstraint("obligation_id", "item_no"),
)

monitorings = Table(
    "monitorings",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("target", Text, nullable=False),
    Column("completed_on", Date, nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_by", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("spravka_due", Date, nullable=False),
    PrimaryKeyConstraint("obligation_id", "target", "completed_on"),
)

registry_updates = Table(
    "registry_updates",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("on_day", Date, nullable=False),
    Column("entries", Integer),
    Column("items", JSONB, nullable=False),
    Column("note", Text, nullable=False),
    Column("updated_by", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("obligation_id", "seq"),
)

# A dated roadmap row marked done (D44): by the site with its evidence, or by an accepted quarterly report. The row's
# obligation itself (due date, state) is in ``obligations`` (key ``roadmap_row``).
roadmap_row_marks = Table(
    "roadmap_row_marks",
    metadata,
    Column("obligation_id", Text, primary_key=True),
    Column("cycle_id", Text, nullable=False, index=True),
    Column("on_day", Date, nullable=False),
    Column("source", Text, nullable=False),  # "site" | "report"
    Column("report_id", Text, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("note", Text, nullable=False),
    Column("done_by", JSONB),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

roadmap_rows = Table(
    "roadmap_rows",
    metadata,
    Column("cycle_id", Text, nullable=False),
    Column("no", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("section", Text, nullable=False),
    Column("item", Text, nullable=False),
    Column("deadline", Text, nullable=False),
    Column("reading", JSONB),
    Column("responsible", Text, nullable=False),
    Column("responsible_is_external", Boolean, nullable=False),
    Column("expected_result", Text, nullable=False),
    Column("status", Text),
    Column("status_period", Text),
    Column("fact_date", Date),
    Column("result", Text),
    Column("moved_to", Text),
    Column("participants", Integer),  # how many took part in the row's event of the period (C12's minimums, D40)
    PrimaryKeyConstraint("cycle_id", "no"),
)

# Methodological products (order 135-р 2.4.2, D46–D52): the product's own stream (``product:{id}``) and its
# examination, the obligation ``product_expertise`` (api/product/projection.py). ``search`` is the Russian full-text
# index of the registry over the title and the abstract.
products = Table(
    "products",
    metadata,
    Column("product_id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("direction_id", Text, nullable=False),
    Column("site_id", Text, nullable=False, index=True),
    Column("institution_id", Text, nullable=False),
    Column("region_id", Text, nullable=False),
    Column("authors", JSONB, nullable=False),
    Column("abstract", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("version_no", Integer, nullable=False, server_default="0"),
    Column("obligation_id", Text),  # its examination, once sent
    Column("year", Integer),  # the year it was sent in (the quota it counts for)
    Column("round", Integer, nullable=False, server_default="0"),
    Column("sent_at", DateTime(timezone=True)),
    Column("pilot", JSONB),  # where and since when it was piloted
    Column("conclusion", Text),  # the council's last conclusion
    Column("concluded_at", DateTime(timezone=True)),
    Column("order_number", Text),
    Column("order_date", Date),
    Column("registry_no", Text),
    Column("registered_at", DateTime(timezone=True)),
    Column("implementations", Integer, nullable=False, server_default="0"),
    Column("replications", Integer, nullable=False, server_default="0"),
    Column("drafted_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column(
        "search",
        TSVECTOR,
        Computed("to_tsvector('russian'::regconfig, title || ' ' || abstract)", persisted=True),
    ),
    Index("products_search", "search", postgresql_using="gin"),
    Index("products_status", "status"),
)

product_versions = Table(
    "product_versions",
    metadata,
    Column("product_id", Text, nullable=False),
    Column("version_no", Integer, nullable=False),
    Column("files", JSONB, nullable=False),
    Column("note", Text, nullable=False),
    Column("added_by", JSONB, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("product_id", "version_no"),
)

product_rounds = Table(
    "product_rounds",
    metadata,
    Column("product_id", Text, nullable=False),
    Column("round", Integer, nullable=False),
    Column("obligation_id", Text, nullable=False),
    Column("version_no", Integer, nullable=False),
    Column("experts_needed", Integer, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Column("reviews_in_at", DateTime(timezone=True)),
    Column("conclusion", Text),
    Column("meeting", JSONB),  # number, date and the members present
    Column("vote", JSONB),
    Column("conclusion_text", Text),
    Column("recorded_by", JSONB),
    Column("concluded_at", DateTime(timezone=True)),
    PrimaryKeyConstraint("product_id", "round"),
)

product_assignments = Table(
    "product_assignments",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("assignment_no", Integer, nullable=False),
    Column("product_id", Text, nullable=False, index=True),
    Column("round", Integer, nullable=False),
    Column("expert_id", Text, nullable=False, index=True),
    Column("expert_name", Text, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("assigned_by", JSONB, nullable=False),
    Column("assigned_at", DateTime(timezone=True), nullable=False),
    Column("respond_by", Date, nullable=False),
    Column("respond_ends_at", DateTime(timezone=True), nullable=False),
    Column("answered_at", DateTime(timezone=True)),
    Column("reason", Text, nullable=False, server_default=""),
    Column("review_due", Date),
    Column("review_ends_at", DateTime(timezone=True)),
    Column("review", JSONB),
    Column("total", Integer),
    Column("recommendation", Text),
    Column("submitted_at", DateTime(timezone=True)),
    Column("late", Boolean, nullable=False, server_default="false"),
    Column("reminders", Integer, nullable=False, server_default="0"),
    Column("escalated", Text),  # the highest level of its ladder raised (overdue: the secretary, level2: the chair)
    PrimaryKeyConstraint("obligation_id", "assignment_no"),
)

product_refusals = Table(
    "product_refusals",
    metadata,
    Column("obligation_id", Text, nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("product_id", Text, nullable=False, index=True),
    Column("round", Integer, nullable=False),
    Column("expert_id", Text, nullable=False),
    Column("expert_name", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("refused_to", JSONB, nullable=False),
    Column("refused_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("obligation_id", "stream_version"),
)

product_implementations = Table(
    "product_implementations",
    metadata,
    Column("product_id", Text, nullable=False),
    Column("implementation_no", Integer, nullable=False),
    Column("institution_id", Text, nullable=False),
    Column("institution_name", Text, nullable=False),
    Column("since", Date, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("files", JSONB, nullable=False),
    Column("replication", Boolean, nullable=False),
    Column("recorded_by", JSONB, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("product_id", "implementation_no"),
)

# The council's members (D46), from ``council:{region}`` (api/product/council.py).
council_members = Table(
    "council_members",
    metadata,
    Column("region_id", Text, nullable=False),
    Column("user_id", Text, nullable=False),
    Column("full_name", Text, nullable=False),
    Column("organisation", Text, nullable=False),
    Column("institution_id", Text, nullable=False),
    Column("areas", JSONB, nullable=False),  # directions of expertise
    Column("position", Text, nullable=False),  # member | secretary | chair
    Column("active", Boolean, nullable=False),
    Column("appointed_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("region_id", "user_id"),
)

# The inbox: who must act on what, derived from the obligations (tasks follow the user-task model of BPM engines).
tasks = Table(
    "tasks",
    metadata,
    Column("task_id", Text, primary_key=True),
    Column("obligation_id", Text, nullable=False, index=True),
    Column("key", Text, nullable=False),  # of the obligation, with its instance and rule: the inbox joins nothing
    Column("instance", Text, nullable=False),
    Column("regulation_id", Text, nullable=False),
    Column("cycle_id", Text, nullable=False),
    Column("site_id", Text, nullable=False),
    Column("region_id", Text, nullable=False),
    Column("direction_id", Text, nullable=False),
    Column("institution_id", Text, nullable=False),
    Column("forms_of", Text),  # the institution whose own forms (5.2, D34) a submit task asks for; NULL otherwise
    Column("year", Integer, nullable=False),
    Column("kind", Text, nullable=False),  # submit | review | extension | record | update
    Column("obligation_kind", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("candidate_roles", JSONB, nullable=False),
    Column("assignee_id", UUID(as_uuid=False)),
    Column("assignee_name", Text),
    Column("state", Text, nullable=False),  # open | completed
    Column("due_nominal", Date),
    Column("due_effective", Date),
    Column("due_ends_at", DateTime(timezone=True)),
    Column("follow_up", Date),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    Index("tasks_open_due", "state", "due_effective"),
    # An inbox over all states ("my whole history") finds the caller's tasks by assignee or by the scope of each
    # grant; each arm of that OR has an index, so PostgreSQL combines them instead of scanning every task.
    Index("tasks_by_assignee", "assignee_id"),
    Index("tasks_by_site", "site_id"),
    Index("tasks_by_direction", "direction_id"),
    Index("tasks_by_region", "region_id"),
)

# People: users, their grants and substitutions (api/people/projection.py). Nothing outside them refers to a user by a
# foreign key, so that a rebuild may empty them; ``password_hash`` is the copy of ``credentials`` that signing in reads.
users = Table(
    "users",
    metadata,
    Column("id", UUID(as_uuid=False), primary_key=True),
    Column("login", Text, nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("position", Text, nullable=False, server_default=""),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default="true"),
)

grants = Table(
    "grants",
    metadata,
    Column("grant_id", UUID(as_uuid=False), primary_key=True, server_default=func.gen_random_uuid()),
    Column("user_id", UUID(as_uuid=False), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False),
    Column("scope_kind", Text, nullable=False),
    Column("scope_id", Text, nullable=False, server_default=""),
    Column("acting", Boolean, nullable=False, server_default="false"),
    Column("valid_from", Date),
    Column("valid_until", Date),
    Column("granted_by", UUID(as_uuid=False)),
    Column("granted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("grants_user", "user_id"),
)

# Замещение: a user hands their tasks to a colleague for a period; both see them.
substitutions = Table(
    "substitutions",
    metadata,
    Column("substitution_id", UUID(as_uuid=False), primary_key=True),
    Column("absent_user_id", UUID(as_uuid=False), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("substitute_user_id", UUID(as_uuid=False), ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_by", UUID(as_uuid=False), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("cancelled_at", DateTime(timezone=True)),
    Index("substitutions_substitute", "substitute_user_id"),
)

# Notifications (api/notifications/): what each person was told, read from the log like every projection (the
# recipients resolved from the grants and substitutions the log had reached), and their choices of delivery.
notifications = Table(
    "notifications",
    metadata,
    Column("notification_id", Text, primary_key=True),  # the cause (event or task) and the person
    Column("user_id", UUID(as_uuid=False), nullable=False),
    Column("on_behalf_of", UUID(as_uuid=False)),  # a substitute told instead of this absent person (замещение)
    Column("on_behalf_name", Text),
    Column("acting", Boolean, nullable=False, server_default="false"),  # told as an acting official (И.О.)
    Column("kind", Text, nullable=False),  # domain.notifications.NotificationKind
    Column("cause", Text, nullable=False),  # the event type, or "task"
    Column("position", BigInteger, nullable=False),  # the global position of the event that caused it
    Column("obligation_id", Text),
    Column("site_id", Text),
    Column("escalation_id", Text),
    Column("task_id", Text),
    Column("subject", Text, nullable=False),
    Column("details", JSONB, nullable=False),  # what the e-mail and the list say besides the subject
    Column("link", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("email", Text, nullable=False),  # immediate | digest | off | no_address: what became of its e-mail
    Column("read_at", DateTime(timezone=True)),
    Index("notifications_by_user", "user_id", "position"),
    Index("notifications_unread", "user_id", postgresql_where=text("read_at IS NULL")),
    Index("notifications_by_escalation", "escalation_id", postgresql_where=text("escalation_id IS NOT NULL")),
)

notification_settings = Table(
    "notification_settings",
    metadata,
    Column("user_id", UUID(as_uuid=False), primary_key=True),
    Column("email", Text, nullable=False),
    Column("reminders", Text, nullable=False),  # domain.notifications.Delivery
    Column("tasks", Text, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# The daily digest (api/digests.py): one a person a day — the primary key is that rule in the database
# (besides the digest's own stream, digest:{user}:{day}). ``reported``: the notifications it reported (escalations,
# reminders and task arrivals kept for it), which the next digest does not report again.
digests = Table(
    "digests",
    metadata,
    Column("user_id", UUID(as_uuid=False), nullable=False),
    Column("day", Date, nullable=False),  # in the region's zone
    Column("region_id", Text, nullable=False),
    Column("notification_id", Text, nullable=False),
    Column("composed_at", DateTime(timezone=True), nullable=False),
    Column("items", Integer, nullable=False),
    Column("reported", ARRAY(Text), nullable=False),
    PrimaryKeyConstraint("user_id", "day"),
)


site_revocations = Table(
    "site_revocations",
    metadata,
    Column("site_id", Text, primary_key=True),
    Column("order_text", Text, nullable=False),
    Column("effective_on", Date, nullable=False),
    Column("revoked_by", JSONB, nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=False),
)

# Webhooks (api/webhooks/): the endpoints of each region, read from the log like every projection (its secret and
# its health are rows: ``webhook_secrets``).
webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    Column("endpoint_id", Text, primary_key=True),
    Column("region_id", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("kinds", ARRAY(Text), nullable=False),  # domain.webhooks.EventKind
    Column("description", Text, nullable=False),
    Column("owner_id", UUID(as_uuid=False), nullable=False),  # who registered it: told when it is switched off
    Column("owner_name", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("enabled", Boolean, nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
    Column("disabled_reason", Text),
    Column("disabled_automatically", Boolean, nullable=False, server_default="false"),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Index("webhook_endpoints_by_region", "region_id"),
)

# QMS document control (api/qms/, seed 004): a unit and its staff (``qms-unit:{id}``), each controlled document
# with its whole state folded from ``qms:{id}`` (versions, signatures, copies, change log, acknowledgments).
qms_units = Table(
    "qms_units",
    metadata,
    Column("unit_id", Text, primary_key=True),
    Column("institution_id", Text, nullable=False),
    Column("region_id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
)
qms_staff = Table(
    "qms_staff",
    metadata,
    Column("unit_id", Text, primary_key=True),
    Column("user_id", UUID(as_uuid=False), primary_key=True),
    Column("full_name", Text, nullable=False),
    Column("position", Text, nullable=False),
    Column("joined_on", Date, nullable=False),
    Column("left_on", Date),
)
qms_documents = Table(
    "qms_documents",
    metadata,
    Column("document_id", Text, primary_key=True),
    Column("unit_id", Text, nullable=False, index=True),
    Column("institution_id", Text, nullable=False),
    Column("region_id", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("document_type", Text, nullable=False),
    Column("cipher", Text, nullable=False),  # "" while the nomenclature number is not assigned
    Column("version_in_force", Text),
    Column("version_pending", Text),  # drafted, in sign-off or approved and waiting for its date
    Column("pending_status", Text),
    Column("state", JSONB, nullable=False),  # domain.qms.document.DocumentState
    Column("stream_version", Integer, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    # One положение per site in the register (QMS D13, migration 0022): the API refuses a second, this index the race.
    Index(
        "qms_documents_one_per_site",
        text("(state ->> 'site_id')"),
        unique=True,
        postgresql_where=text("(state ->> 'site_id') <> ''"),
    ),
)

# A Sverdlovsk methodological section's own streams (api/section/, seed 000), each row the stream's state folded by
# the domain: the composition (``section:{site}:members``), each election (``section:{site}:election:{n}``) and the
# materials of a year (``section:{site}:materials:{year}``).
section_compositions = Table(
    "section_compositions",
    metadata,
    Column("site_id", Text, primary_key=True),
    Column("state", JSONB, nullable=False),  # domain.section.membership.Composition
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
section_elections = Table(
    "section_elections",
    metadata,
    Column("site_id", Text, primary_key=True),
    Column("election_no", Integer, primary_key=True),
    Column("status", Text, nullable=False),
    Column("state", JSONB, nullable=False),  # domain.section.election.ElectionState
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
section_plans = Table(
    "section_plans",
    metadata,
    Column("site_id", Text, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("state", JSONB, nullable=False),  # domain.section.plan.PlanState: the meetings planned (Appendix 1)
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
section_materials = Table(
    "section_materials",
    metadata,
    Column("site_id", Text, primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("state", JSONB, nullable=False),  # domain.section.materials.MaterialsState
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

PROJECTION_TABLES = (
    cycles,
    obligations,
    submissions,
    decisions,
    escalations,
    calendar_overrides,
    extensions,
    quota_items,
    monitorings,
    registry_updates,
    roadmap_rows,
    roadmap_row_marks,
    site_revocations,
    products,
    product_versions,
    product_rounds,
    product_assignments,
    product_refusals,
    product_implementations,
    council_members,
    tasks,
    users,
    grants,
    substitutions,
    notifications,
    notification_settings,
    digests,
    webhook_endpoints,
    qms_units,
    qms_staff,
    qms_documents,
    section_compositions,
    section_elections,
    section_plans,
    section_materials,
)

# --- e-mail: rows, not projections; a rebuild of the projections leaves them alone --------------------------------

# Mail waiting to be sent, written in the transaction of the event that causes it; the sender (innocycle mailer)
# takes a row for a while (``leased_until``), sends it, and moves it to ``mail_log``: the outbox never holds a
# delivered message. ``message_id`` is fixed with the row, so a message sent again after a crash between the SMTP
# server's acceptance and its recording carries the same Message-ID.
mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("notification_id", Text, primary_key=True),
    Column("message_id", Text, nullable=False),
    Column("to_address", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("leased_until", DateTime(timezone=True)),
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("mail_outbox_due", "next_attempt_at"),
)

# What became of each e-mail: sent (the server accepted it) or failed (the server refused it for good, 5xx).
mail_log = Table(
    "mail_log",
    metadata,
    Column("notification_id", Text, primary_key=True),
    Column("message_id", Text, nullable=False),
    Column("to_address", Text, nullable=False),
    Column("outcome", Text, nullable=False),  # sent | failed
    Column("attempts", Integer, nullable=False),
    Column("error", Text),
    Column("queued_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=False),
    Index("mail_log_failed", "finished_at", postgresql_where=text("outcome = 'failed'")),
)

# --- webhooks: rows, not projections; a rebuild of the projections leaves them alone -------------------------------

# What the sender keeps of an endpoint besides the projection: the secret it signs with (shown once, never in an
# event) and its health — failing since when, how many attempts in a row failed — which switches it off.
webhook_secrets = Table(
    "webhook_secrets",
    metadata,
    Column("endpoint_id", Text, primary_key=True),
    Column("secret", Text, nullable=False),
    Column("failing_since", DateTime(timezone=True)),
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("last_success_at", DateTime(timezone=True)),
)

# A delivery of one event to one endpoint, written in the transaction of the event (the outbox of webhooks). Its id
# is the webhook-id, the same on every attempt; it stays, with its state, to be listed and replayed.
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("delivery_id", Text, primary_key=True),  # msg_… : the webhook-id header
    Column("endpoint_id", Text, nullable=False),
    Column("event_id", Text, nullable=False),
    Column("position", BigInteger, nullable=False),  # the global position of the event
    Column("kind", Text, nullable=False),  # domain.webhooks.EventKind
    Column("payload", JSONB, nullable=False),  # type, timestamp, data (the link relative: the sender completes it)
    Column("state", Text, nullable=False),  # pending | delivered | failed
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),  # tried until then (set at the first attempt: a day later)
    Column("leased_until", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("replay_by", Text),  # who asked for the next attempt by hand (повторить), until it is made
    Index("webhook_deliveries_by_endpoint", "endpoint_id", "position"),
    Index("webhook_deliveries_due", "next_attempt_at", postgresql_where=text("state = 'pending'")),
)

# Every attempt of a delivery: when, what the endpoint answered (status, the beginning of its answer) or the error.
webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("delivery_id", Text, nullable=False),
    Column("number", Integer, nullable=False),
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer),
    Column("response", Text),
    Column("error", Text),
    Column("duration_ms", Integer, nullable=False),
    Column("replay_by", Text),  # an attempt asked for by hand: by whom
    PrimaryKeyConstraint("delivery_id", "number"),
)

# The outbox of the signals the API's own appends owe a workflow (api.signals): written in the append's transaction,
# delivered by api.signals.sender at once and again until Temporal answers. Not a projection: a rebuild keeps it.
workflow_signals = Table(
    "workflow_signals",
    metadata,
    Column("signal_id", BigInteger, Identity(), primary_key=True),
    Column("workflow_id", Text, nullable=False),
    Column("signal", Text, nullable=False),  # the workflow's signal handler
    Column("args", JSONB, nullable=False),  # its arguments, as a list
    Column("cause_event_id", Text, nullable=False),
    Column("cause_position", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("leased_until", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    Column("outcome", Text),  # delivered | not_running (the workflow had closed, or never started)
    Column("last_error", Text),
    Index("workflow_signals_pending", "workflow_id", "signal_id", postgresql_where=text("sent_at IS NULL")),
)
