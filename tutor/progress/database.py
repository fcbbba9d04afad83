"""The SQLite database that holds the progress: its checks, its rows, and the transactions on them.

Why SQLite, in its rollback-journal mode (DELETE, not WAL): a change writes a few small rows in
one transaction (about 1.4 ms of work however long the history, plus the disk's flushes), a crash
mid-transaction is rolled back by the next opener, and between transactions the file is whole on
its own. WAL flushes once a commit instead of four times (measured: 1.4 ms against 2.2 ms a change
on a quiet disk) but needs memory shared between the sessions, which NFS home directories (lab
machines) do not give between two machines; it cannot be read from a read-only directory without
its `-shm` file; and its `-wal` file follows the database's name, so that a session closing a
database another one moved aside (damaged) would delete the new database's journal.

The rows are those of `tutor.progress.items`: `items` (objects keyed by id, each without its
children) and `appends` (list elements, in the order added); `settings` holds preferences that are
not progress (the language chosen). A database is only opened when its header says it is one of
ours, of a format this version knows; a file sent by a student can be read by an instructor's
`cnn-tutor progress` without trusting its schema (no views or triggers are accepted, none run).
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tutor.progress import document as doc
from tutor.progress import items as rows
from tutor.progress import storage
from tutor.progress.document import Document, InvalidDocument, NewerFormat
from tutor.progress.items import CONTAINERS, LIST, Change
from tutor.progress.storage import NotProgressFile

APPLICATION_ID = 0x636E6E74
"""'cnnt', in the header of every database of ours (SQLite's `application_id`)."""
SCHEMA_VERSION = 2
"""The newest layout of the rows this version knows (SQLite's `user_version`); a newer one is never written to."""
FIRST_SCHEMA = 1
EXERCISES_SCHEMA = 2
"""The first layout with exercise rows, which a cnn-tutor of schema 1 would take for damage (and move the
database aside): a database is marked with it when it first holds one, so that an older cnn-tutor refuses it
as newer, leaving it alone. Until then it stays at schema 1, which older versions still read and write."""
EXERCISE_CHANGES = frozenset({"check", "hint"})
TABLES = {
    "items": "CREATE TABLE items (path TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
    "appends": "CREATE TABLE appends (seq INTEGER PRIMARY KEY, path TEXT NOT NULL, value TEXT NOT NULL)",
    "settings": "CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)",
}
PRAGMAS = (
    "trusted_schema = OFF",  # nothing in a database's schema runs (a file may come from anyone)
    "cell_size_check = ON",  # damage is found, not followed
    "mmap_size = 0",
    "synchronous = FULL",  # a committed change survives a power cut
    "journal_mode = DELETE",  # 4 flushes a commit (PERSIST and TRUNCATE make 5); between commits the file is whole
    "journal_size_limit = 1048576",
)
UPSERT_ITEM = "INSERT INTO items (path, value) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value"
INSERT_APPEND = "INSERT INTO appends (path, value) VALUES (?, ?)"
UPSERT_SETTING = (
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
JOURNAL = "-journal"
"""The suffix of SQLite's rollback journal, beside the database."""
MAX_VALUE_BYTES = 16 * 1024 * 1024
"""No stored value (a row) is longer: a longer one is refused as damage."""
_MAGIC = b"SQLite format 3\x00"
_CORRUPT, _NOT_A_DATABASE, _FULL, _BUSY, _LOCKED, _READ_ONLY, _TOO_BIG = 11, 26, 13, 5, 6, 8, 18  # SQLite's codes
_READ_ONLY_ROLLBACK = 776  # SQLITE_READONLY_ROLLBACK: a read-only connection found a hot journal
READ_ONLY_PRAGMAS = (
    "trusted_schema = OFF",
    "cell_size_check = ON",
    "mmap_size = 0",
    "query_only = ON",  # no statement of this connection can write
)
"""A connection that only reads (`Database(read_only=True)`): nothing about the file's journal is set."""


class UnfinishedWrite(OSError):
    """A read-only connection found a write that a crash interrupted (a hot journal): only a connection
    that may write can roll it back, and the database cannot be read before it is."""


def classify(path: Path) -> storage.Found:
    """What is at `path`, refusing what is not one of our databases, by its header alone.

    Returns:
        `Found` of kind "absent", or "file" (size 0: an empty file, which holds nothing).

    Raises:
        SymlinkRefused, NotProgressFile, NewerFormat, OSError.
    """
    found = storage.check_file(path)
    if found.kind == "absent" or found.size == 0:
        return found
    header = _header(path)
    if len(header) < 100 or header[:16] != _MAGIC:
        raise NotProgressFile(path, "not a cnn-tutor progress database")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise NotProgressFile(path, "a database of another program")
    version = int.from_bytes(header[60:64], "big")
    if version > SCHEMA_VERSION:
        raise NewerFormat(version)
    return found


def _header(path: Path) -> bytes:
    return storage.read_header(path, 100)


def translate(error: sqlite3.Error, path: Path) -> Exception:
    """The error SQLite reported, as the store's kinds: damage, disk full, locked, read-only, I/O."""
    extended = getattr(error, "sqlite_errorcode", None) or 0
    if extended == _READ_ONLY_ROLLBACK:
        return UnfinishedWrite(errno.EAGAIN, f"a write interrupted by a crash is not rolled back yet ({error})")
    code = extended & 0xFF
    if code in (_CORRUPT, _NOT_A_DATABASE, _TOO_BIG):
        return InvalidDocument(f"damaged database ({error})")
    if code == _FULL:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if code in (_BUSY, _LOCKED):
        return TimeoutError(str(error))
    if code == _READ_ONLY:
        number = errno.EROFS if storage.is_read_only(path) else errno.EACCES
        return OSError(number, os.strerror(number))
    refused = storage.reopen_error(path)  # SQLite keeps errno to itself: opening the file again says what was refused
    if refused is not None:
        return refused
    return OSError(errno.EIO, f"{os.strerror(errno.EIO)} ({error})")


class Database:
    """An open progress database: a connection that only this object uses, from one thread at a time.

    Args:
        path: The database (`StorePaths.database`); it must exist and pass `classify`.
        timeout: Seconds to wait for another connection's transaction (SQLite's own lock).
        read_only: Open it read-only (SQLite's mode=ro, query_only): nothing is written, not even the
            rollback of a write interrupted by a crash (then `UnfinishedWrite` is raised).

    Raises:
        SymlinkRefused, NotProgressFile, NewerFormat, InvalidDocument (damaged), OSError.
    """

    def __init__(self, path: Path, timeout: float = storage.LOCK_TIMEOUT, *, read_only: bool = False) -> None:
        self.path = path
        found = classify(path)
        if found.kind == "absent" or found.size == 0:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        self.key = found.key
        """The file's (device, inode): another file put in its place is noticed."""
        self._version: int | None = None
        self.read_only = read_only
        try:
            # mode=rw never creates the file; a file that cannot be written is opened read-only.
            self._connection = sqlite3.connect(
                f"file:{quote(str(path))}?mode={'ro' if read_only else 'rw'}",
                uri=True,
                timeout=timeout,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise translate(error, path) from None
        try:
            self._configure()
            self._check_schema()
        except BaseException:
            self.close()
            raise

    def _configure(self) -> None:
        connection = self._connection
        connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        for pragma in READ_ONLY_PRAGMAS if self.read_only else PRAGMAS:
            self._run(f"PRAGMA {pragma}")

    def _check_schema(self) -> None:
        found = {(kind, name): sql for kind, name, sql in self._run("SELECT type, name, sql FROM sqlite_master")}
        for name, sql in TABLES.items():
            if found.get(("table", name)) != sql:
                raise InvalidDocument(f"damaged database (table {name} is missing or changed)")
        if any(kind in ("view", "trigger") for kind, _ in found):
            raise InvalidDocument("damaged database (views or triggers)")

    def close(self) -> None:
        self._connection.close()

    def is_in_place(self) -> bool:
        """Whether the file at the path is still the one opened (not moved aside and replaced)."""
        try:
            found = storage.inspect(self.path)
        except OSError:
            return False
        return found.kind == "file" and found.key == self.key

    # Reading

    def items(self) -> list[tuple[rows.Path, dict]]:
        """Every item, in the order first stored."""
        found = self._run("SELECT path, value FROM items ORDER BY rowid")
        return [(_item_path(path), _object(value)) for path, value in found]

    def view(self) -> Document:
        """The document without its lists' elements: what the tutor shows, read in time proportional to the course."""
        self._run("BEGIN")  # one read: the items and the version they are at agree
        try:
            [(version,)] = self._run("PRAGMA data_version")
            items = self.items()
        finally:
            self._end_read()
        document = _document(items)
        self._version = version
        return document

    def appended(self, path: rows.Path) -> list[Any]:
        """The elements of one list (a quiz's attempts, a question's history), oldest first."""
        query = "SELECT value FROM appends WHERE path = ? ORDER BY seq"
        return [doc.loads(value) for (value,) in self._run(query, (_key(path),))]

    def export(self) -> Document:
        """The whole document, as `progress --json` prints it."""
        found = self._run("SELECT path, value FROM appends ORDER BY seq")
        appends = [(_list_path(path), doc.loads(value)) for path, value in found]
        return _document(self.items(), appends)

    def settings(self) -> dict[str, Any]:
        """The stored preferences (e.g. {"language": "fr"})."""
        return {key: doc.loads(value) for key, value in self._run("SELECT key, value FROM settings")}

    def export_all(self) -> tuple[Document, dict[str, Any]]:
        """The whole document and the preferences, read at one moment (in one read transaction)."""
        self._run("BEGIN")
        try:
            return self.export(), self.settings()
        finally:
            self._end_read()

    # Writing

    def write(self, changes: Iterable[Change]) -> bool:
        """Apply `changes` in one transaction.

        Returns:
            Whether another connection had changed the database since this one last looked.
        """
        changes = list(changes)
        with self._transaction():
            others = self._changed_by_others()
            if any(change.kind in EXERCISE_CHANGES for change in changes):
                self._mark_schema(EXERCISES_SCHEMA)
            for change in changes:
                if change.kind == "setting":
                    key, value = change.arguments
                    self._run(UPSERT_SETTING, (key, _json(value)))
                    continue
                stored = self._stored(change.scope())
                changed, appends = rows.apply_to_items(change, stored)
                self._put(changed, appends)
        return others

    def clear(self) -> None:
        """Remove all progress (the settings stay): the database then holds an empty document."""
        with self._transaction():
            self._run("DELETE FROM items")
            self._run("DELETE FROM appends")
            self._put(rows.decompose(doc.new_document())[0], [])

    def backup(self, target: Path) -> None:
        """Copy the database, consistent, to the new file `target` (mode 0600, flushed to disk)."""
        temporary = target.with_name(storage.temporary_name(target))
        storage.create_private(temporary)
        try:
            copy = sqlite3.connect(f"file:{quote(str(temporary))}?mode=rw", uri=True, isolation_level=None)
            try:
                self._connection.backup(copy)
            finally:
                copy.close()
            storage.sync_file(temporary)
            storage.replace(temporary, target)
        except sqlite3.Error as error:
            storage.remove(temporary)
            raise translate(error, self.path) from None
        except BaseException:
            storage.remove(temporary)
            raise

    def schema(self) -> int:
        """The layout of the rows, as the header says (`FIRST_SCHEMA` to `SCHEMA_VERSION`)."""
        [(version,)] = self._run("PRAGMA user_version")
        return version

    def _mark_schema(self, version: int) -> None:
        """Raise the header's schema to `version`, in the current transaction (rolled back with it)."""
        if self.schema() < version:
            self._run(f"PRAGMA user_version = {int(version)}")

    def _stored(self, scope: list[rows.Path]) -> dict[rows.Path, dict]:
        marks = ", ".join("?" * len(scope))
        found = self._run(f"SELECT path, value FROM items WHERE path IN ({marks})", [_key(path) for path in scope])
        return {_item_path(path): _object(value) for path, value in found}

    def _put(self, changed: list[tuple[rows.Path, dict]], appends: list[tuple[rows.Path, Any]]) -> None:
        self._many(UPSERT_ITEM, _rows(changed))
        self._many(INSERT_APPEND, _rows(appends))

    def _end_read(self) -> None:
        if self._connection.in_transaction:
            with suppress(sqlite3.Error):  # a read: nothing to keep or to lose
                self._connection.execute("ROLLBACK")

    def _changed_by_others(self) -> bool:
        [(version,)] = self._run("PRAGMA data_version")
        changed = self._version is None or version != self._version  # None: not read by this connection yet
        self._version = version
        return changed

    def _transaction(self):
        return _Transaction(self)

    def _run(self, sql: str, parameters: Iterable[Any] = ()) -> list[tuple]:
        """Run `sql`; its rows, all read here: SQLite finds damage as it reads, row by row."""
        try:
            return self._connection.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.Error as error:
            raise translate(error, self.path) from None
        except UnicodeDecodeError as error:  # a text in the file that is not UTF-8
            raise InvalidDocument(f"damaged database ({error})") from None

    def _many(self, sql: str, parameters: list[tuple]) -> None:
        if parameters:
            try:
                self._connection.executemany(sql, parameters)
            except sqlite3.Error as error:
                raise translate(error, self.path) from None


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (a kill mid-way is rolled back by the next opener)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def __enter__(self) -> None:
        self.database._run("BEGIN IMMEDIATE")

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.database._run("COMMIT")
            return
        with suppress(sqlite3.Error):  # SQLite may have rolled back already (e.g. after a full disk)
            self.database._connection.execute("ROLLBACK")


def create(path: Path, document: Document | None = None) -> None:
    """Create the database at `path` holding `document` (an empty one by default), all at once.

    It is built in a temporary file beside it (mode 0600), flushed to disk, then renamed into
    place: another session sees no database or a whole one. Call it holding the lock, when
    `classify(path)` found no database (nothing, or an empty file).
    """
    temporary = path.with_name(storage.temporary_name(path))
    storage.create_private(temporary)
    try:
        connection = sqlite3.connect(f"file:{quote(str(temporary))}?mode=rw", uri=True, isolation_level=None)
        try:
            # No journal while it is built: until the rename, a crash leaves only a temporary file.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {_schema_for(document)}")
            connection.execute("BEGIN")
            for sql in TABLES.values():
                connection.execute(sql)
            items, appends = rows.decompose(document if document is not None else doc.new_document())
            connection.executemany(UPSERT_ITEM, _rows(items))
            connection.executemany(INSERT_APPEND, _rows(appends))
            connection.execute("COMMIT")
        finally:
            connection.close()
        storage.sync_file(temporary)
        # A journal left by a database deleted by hand would be rolled back into the new one.
        storage.remove(path.with_name(path.name + JOURNAL))
        storage.replace(temporary, path)
    except sqlite3.Error as error:
        storage.remove(temporary)
        raise translate(error, path) from None
    except BaseException:
        storage.remove(temporary)
        raise


def _schema_for(document: Document | None) -> int:
    """The oldest schema that can hold `document`: older versions keep using a database without exercises."""
    return EXERCISES_SCHEMA if document is not None and document.get("exercises") else FIRST_SCHEMA


def _document(items: list[tuple[rows.Path, dict]], appends: Iterable[tuple[rows.Path, Any]] = ()) -> Document:
    """The document made of the rows read, checked (the version first: a newer one may be shaped otherwise)."""
    version = next((value.get("format_version") for path, value in items if path == ()), None)
    if type(version) is not int or version < 1:
        raise InvalidDocument("damaged database (no valid format_version)")
    if version > doc.FORMAT_VERSION:
        raise NewerFormat(version)
    document = rows.assemble(items, appends)
    doc.check(document)
    return document


def _rows(pairs: Iterable[tuple[rows.Path, Any]]) -> list[tuple[str, str]]:
    return [(_key(path), _json(value)) for path, value in pairs]


def _key(path: rows.Path) -> str:
    return json.dumps(list(path), ensure_ascii=True, separators=(",", ":"))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def _object(text: object) -> dict:
    value = doc.loads(text) if isinstance(text, str) else None
    if not isinstance(value, dict):
        raise InvalidDocument("damaged database (an item is not an object)")
    return value


def _strings(text: object) -> tuple[str, ...]:
    value = doc.loads(text) if isinstance(text, str) else None
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise InvalidDocument("damaged database (a path is not a list of keys)")
    return tuple(value)


def _item_path(text: object) -> rows.Path:
    path = _strings(text)
    if len(path) % 2 or rows.kind(path) not in CONTAINERS:
        raise InvalidDocument(f"damaged database (no item can be at {path!r:.60})")
    return path


def _list_path(text: object) -> rows.Path:
    path = _strings(text)
    owner = path[:-1]
    if not path or len(owner) % 2 or CONTAINERS.get(rows.kind(owner), {}).get(path[-1]) != LIST:
        raise InvalidDocument(f"damaged database (no list can be at {path!r:.60})")
    return path
