"""The periodic scan (电子监察) at growing table sizes, with the same 1,000 events due each time.

The table is filled straight through the database (an event and its running accept
checkpoint per row): ``executemany`` batches on SQLite, ``COPY`` on PostgreSQL. Every filler
event's next check is in the future; the due events' accept deadlines passed a day ago, so
each scan escalates all of them (a supervision order, two log entries, notifications). Before
each timed scan the due events are put back as they were, so every scan does the same work and
only the table around them grows.

The table is copied at each size (``governance_databases``), and the timed scans then go round
the sizes, ascending and descending in turn, so that the machine's drifting load weighs on
every size alike.
"""

import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from bench import governance_databases as databases
from bench.governance_city import City
from governance.models import (
    Checkpoint,
    CheckpointStage,
    CheckpointState,
    Event,
    EventLogEntry,
    EventSource,
    EventStatus,
    Supervision,
)
from governance.services import scan_checkpoints
from notifications.models import Notification

DUE = 1_000
BATCH = 10_000  # rows written per transaction while filling
BATCH_SIZE = 500  # scan_checkpoints' default batch of due events
INDEX = "gov_event_next_check"
QUERY_REPEATS = 10  # per round
# The spread of the filler events' next checks: the coming month.
MONTH_S = 30 * 24 * 3600


@dataclass
class Size:
    total: int
    fill_s: float = 0.0
    scan_s: list[float] = field(default_factory=list)
    scan_queries: int = 0
    notifications: int = 0
    query_s: list[float] = field(default_factory=list)
    database: str = ""  # the copy holding the table at this size

    @property
    def scan_median_s(self) -> float:
        return statistics.median(self.scan_s)

    @property
    def query_ms(self) -> float:
        return statistics.median(self.query_s) * 1000


@dataclass
class ScanRun:
    due: int
    sizes: list[Size]
    plan: str

    def as_dict(self) -> dict:
        data = asdict(self)
        for size, row in zip(self.sizes, data["sizes"], strict=True):
            row["scan_median_s"] = size.scan_median_s
            row["query_ms"] = size.query_ms
            del row["database"], row["query_s"]
        return data


class Table:
    """The events table being grown, and the due events inside it."""

    def __init__(self, city: City, now: datetime, due: int) -> None:
        self.city = city
        self.due = due
        self.naive_now = now.astimezone(UTC).replace(tzinfo=None)
        self.now = now
        self.sqlite = connection.vendor == "sqlite"
        self.next_id = (Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.due_range = (self.next_id, self.next_id + due - 1)
        self.notification_mark = (
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
        self.event_columns = [f.column for f in Event._meta.concrete_fields]
        self.template = [self._default(f) for f in Event._meta.concrete_fields]
        self.checkpoint_columns = [
            Checkpoint._meta.get_field(name).column
            for name in ("event", "stage", "state", "started_at", "warn_at", "due_at")
        ]

    @staticmethod
    def _default(model_field):
        if model_field.has_default():
            return model_field.get_default()
        return None if model_field.null else ""

    def _moment(self, seconds: float):
        """``now`` plus ``seconds``, as the database driver takes it."""
        if self.sqlite:  # Django keeps naive UTC text in SQLite
            return str(self.naive_now + timedelta(seconds=seconds))
        return self.now + timedelta(seconds=seconds)

    def _rows(self, first: int, count: int, due: bool):
        """Event rows and their accept checkpoints, ``count`` of them from id ``first``."""
        names = [f.attname for f in Event._meta.concrete_fields]
        at = {name: names.index(name) for name in names}
        categories, residents = self.city.categories, self.city.residents
        events, checkpoints = [], []
        for pk in range(first, first + count):
            category = categories[pk % len(categories)]
            reporter, community = residents[pk % len(residents)]
            if due:  # warned two days ago, deadline passed a day ago
                reported, warn, deadline = -3 * 86400, -2 * 86400 + pk, -86400 + pk
            else:  # scattered over the coming month, as real deadlines are
                reported = -(pk * 7919 % MONTH_S)
                warn = 3600 + pk * 104729 % MONTH_S
                deadline = warn + 3600
            row = list(self.template)
            row[at["id"]] = pk
            row[at["reference"]] = f"B{pk:010d}"
            row[at["source"]] = EventSource.PORTAL.value
            row[at["community_id"]] = community.pk
            row[at["category_id"]] = category.pk
            row[at["department_id"]] = category.department_id
            row[at["handling_level"]] = category.handling_level
            row[at["priority"]] = category.default_priority
            row[at["reporter_id"]] = reporter.pk
            row[at["title"]] = "楼道堆放杂物"
            row[at["description"]] = "3栋2单元楼道堆满纸箱，堵住了消防通道。"
            row[at["status"]] = EventStatus.REPORTED.value
            row[at["is_public"]] = True
            started, warn_at = self._moment(reported), self._moment(warn)
            row[at["reported_at"]] = started
            row[at["next_check_at"]] = warn_at
            events.append(row)
            checkpoints.append(
                (pk, CheckpointStage.ACCEPT.value, CheckpointState.PENDING.value,
                 started, warn_at, self._moment(deadline))
            )  # fmt: skip
        return events, checkpoints

    def add(self, count: int, due: bool = False) -> None:
        """Insert ``count`` events (and their checkpoints) in batches of ``BATCH``."""
        while count > 0:
            batch = min(BATCH, count)
            events, checkpoints = self._rows(self.next_id, batch, due)
            with transaction.atomic():
                self._insert(Event._meta.db_table, self.event_columns, events)
                self._insert(Checkpoint._meta.db_table, self.checkpoint_columns, checkpoints)
            self.next_id += batch
            count -= batch

    def _insert(self, table: str, columns: list[str], rows: list) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        raw = connection.connection
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
            return
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish_fill(self) -> None:
        """What the database does after a load on its own: PostgreSQL's autovacuum analyses
        the grown table and the identity counter must follow the ids written here."""
        if self.sqlite:
            return
        with connection.cursor() as cursor:
            table = Event._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"  # noqa: S608
            )
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(f"ANALYZE {Checkpoint._meta.db_table}")

    def reset_due(self) -> None:
        """Put the due events back as before the last scan: overdue accept deadlines, no
        supervision orders, no scan log entries, no new notifications."""
        first, last = self.due_range
        due = {"event_id__gte": first, "event_id__lte": last}
        with transaction.atomic():
            Supervision.objects.filter(**due).delete()  # and their checkpoints
            Checkpoint.objects.filter(**due).exclude(stage=CheckpointStage.ACCEPT).delete()
            EventLogEntry.objects.filter(**due).delete()
            Notification.objects.filter(pk__gt=self.notification_mark).delete()
            Checkpoint.objects.filter(**due).update(state=CheckpointState.PENDING, closed_at=None)
            warn_at = Checkpoint.objects.filter(
                event=OuterRef("pk"), stage=CheckpointStage.ACCEPT
            ).values("warn_at")[:1]
            Event.objects.filter(pk__range=self.due_range).update(
                next_check_at=Subquery(warn_at),
                is_overdue=False,
                was_overdue=False,
                supervision_level="",
            )

    def due_query(self):
        """The scan's first batch query, as ``scan_checkpoints`` issues it."""
        return (
            Event.objects.filter(next_check_at__lte=self.now)
            .order_by("next_check_at", "pk")
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )


def _scan(table: Table) -> tuple[float, int, int]:
    """One timed scan from the restored state: seconds, queries, notifications."""
    table.reset_due()
    queries = 0

    def count(execute, sql, params, many, context):
        # One Python call per query: microseconds against the query's own time.
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = scan_checkpoints(table.now)
        elapsed = time.perf_counter() - started
    if result.escalated != table.due or result.events != table.due:
        raise RuntimeError(f"The scan should have escalated {table.due} events: {result}")
    notifications = Notification.objects.filter(pk__gt=table.notification_mark).count()
    return elapsed, queries, notifications


def _time_query(table: Table) -> list[float]:
    table.reset_due()
    seconds = []
    for _ in range(QUERY_REPEATS):
        started = time.perf_counter()
        found = list(table.due_query())
        seconds.append(time.perf_counter() - started)
    if len(found) != min(BATCH_SIZE, table.due):
        raise RuntimeError(f"The due query found {len(found)} events of {table.due}.")
    return seconds


def _fill(table: Table, totals: list[int], progress) -> list[Size]:
    """Grow the table through ``totals``, keeping a copy of the database at each size."""
    sizes = []
    started = time.perf_counter()
    table.add(table.due, due=True)
    for number, total in enumerate(totals):
        table.add(total - (table.next_id - table.due_range[0]))
        table.finish_fill()
        size = Size(total, fill_s=time.perf_counter() - started)
        last = number == len(totals) - 1
        size.database = databases.current() if last else databases.snapshot(total)
        sizes.append(size)
        progress(f"  {total:,} events filled in {size.fill_s:.0f} s")
        started = time.perf_counter()
    return sizes


def measure(city: City, totals: list[int], repeats: int, due: int = DUE, progress=print) -> ScanRun:
    """Time the same scan of ``due`` events in tables of each of ``totals`` events."""
    Event.objects.all().delete()  # the reporting benchmark's events: start from an empty table
    table = Table(city, timezone.now().replace(microsecond=0), due)
    sizes = _fill(table, totals, progress)
    for round_number in range(repeats):
        for size in sizes if round_number % 2 == 0 else sizes[::-1]:
            databases.use(size.database)
            elapsed, size.scan_queries, size.notifications = _scan(table)
            size.scan_s.append(elapsed)
            size.query_s += _time_query(table)
        times = ", ".join(f"{size.total:,}: {size.scan_s[-1]:.2f} s" for size in sizes)
        progress(f"  round {round_number + 1} of {repeats}: {times}")
    databases.use(sizes[-1].database)
    table.reset_due()
    plan = table.due_query().explain()
    if INDEX not in plan:
        progress(f"  warning: the due query's plan does not use {INDEX}:\n{plan}")
    return ScanRun(due, sizes, plan)
