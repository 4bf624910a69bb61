"""A draft as a file tree: validate it with the module loader, zip it, unzip it safely.

A draft is ``{relative path: bytes}`` exactly as in a ``modules/<slug>/`` folder.
To validate or publish it, the files are written to a temporary folder named
by the slug and read by the same loader, validator and importer as
``coursehub import``; problems are reported against the draft's own paths.
"""

from __future__ import annotations

import io
import re
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from coursehub.content.loader import content_hash
from coursehub.content.source import Problem
from coursehub.content.validator import ValidationResult, validate_module

MAX_FILES = 300
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_TOTAL_BYTES = 20 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, beyond which an entry is a zip bomb
_PATH_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class DraftFileError(ValueError):
    """A file or archive that cannot be part of a draft; the message says why."""


def check_path(path: str) -> str:
    """A safe relative path inside a module folder (no '..', no absolute paths)."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        raise DraftFileError(f"{path!r}: not a relative path inside the module")
    parts = PurePosixPath(path).parts
    if len(parts) > 3 or not all(_PATH_PART.match(part) for part in parts):
        raise DraftFileError(f"{path!r}: use at most two folders and names made of letters, "
                             "digits, '.', '-' and '_'")
    return "/".join(parts)


@contextmanager
def materialised(slug: str, files: dict[str, bytes]) -> Iterator[Path]:
    """The draft written to a temporary ``<slug>/`` folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="coursehub-draft-") as tmp:
        folder = Path(tmp).resolve() / slug
        folder.mkdir()
        for path, data in files.items():
            target = folder / check_path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        yield folder


def relative_problem(problem: Problem, folder: Path) -> Problem:
    """A problem reported against the draft's path (``en/quiz.md``) instead of /tmp."""
    path = Path(problem.path)
    if not path.is_absolute():
        path = (Path.cwd() / path).resolve()
    try:
        relative = path.relative_to(folder).as_posix()
    except ValueError:
        relative = problem.path
    return Problem(relative if relative != "." else "", problem.line, problem.message)


def validate_files(slug: str, files: dict[str, bytes]) -> tuple[list[Problem], str]:
    """Every problem in the draft, by draft path, and the content hash it would have."""
    with materialised(slug, files) as folder:
        result = validate_module(folder)
        return [relative_problem(p, folder) for p in result.problems], content_hash(folder)


@contextmanager
def validated(slug: str, files: dict[str, bytes]) -> Iterator[ValidationResult]:
    """The validation result, with its folder still on disk (for the importer)."""
    with materialised(slug, files) as folder:
        result = validate_module(folder)
        result.problems = [relative_problem(p, folder) for p in result.problems]
        yield result


def files_from_folder(folder: Path) -> dict[str, bytes]:
    """A module folder on disk as draft files (hidden files left out, as the loader does)."""
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if not any(part.startswith(".") for part in relative.split("/")):
            files[relative] = path.read_bytes()
    return files


def to_zip(slug: str, files: dict[str, bytes]) -> bytes:
    """The draft as ``<slug>/...`` entries, byte for byte, in a stable order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"{slug}/{path}", date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return buffer.getvalue()


def _skipped(name: str) -> bool:
    parts = name.split("/")
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def from_zip(data: bytes) -> tuple[str | None, dict[str, bytes]]:
    """(top folder name or None, files) from an uploaded zip; refuses anything unsafe.

    Guards: absolute paths and '..' (zip slip), symbolic links, too many files,
    files or totals that are too large, and suspicious compression ratios (zip
    bombs); sizes are checked while reading, not trusted from the header.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise DraftFileError("the upload is not a zip file") from error
    entries = [i for i in archive.infolist() if not i.is_dir()]
    for info in entries:
        _entry_name(info)  # refuse unsafe names before skipping hidden files
    entries = [i for i in entries if not _skipped(i.filename)]
    if len(entries) > MAX_FILES:
        raise DraftFileError(f"the zip holds {len(entries)} files; at most {MAX_FILES}")
    if not entries:
        raise DraftFileError("the zip is empty")
    names = [_entry_name(info) for info in entries]
    tops = {name.split("/", 1)[0] for name in names}
    top = tops.pop() if len(tops) == 1 and all("/" in n for n in names) else None
    files, total = {}, 0
    for info, name in zip(entries, names, strict=True):
        relative = check_path(name.split("/", 1)[1] if top else name)
        if info.file_size > MAX_FILE_BYTES:
            raise DraftFileError(f"{name}: larger than {MAX_FILE_BYTES // 1024} KB")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise DraftFileError(f"{name}: compressed suspiciously well (a zip bomb?)")
        with archive.open(info) as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise DraftFileError(f"{name}: larger than {MAX_FILE_BYTES // 1024} KB")
        total += len(content)
        if total > MAX_TOTAL_BYTES:
            raise DraftFileError(f"the zip expands to more than {MAX_TOTAL_BYTES // 2**20} MB")
        files[relative] = content
    return top, files


def _entry_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if stat.S_ISLNK(info.external_attr >> 16):
        raise DraftFileError(f"{name}: symbolic links are not allowed")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\\" in name:
        raise DraftFileError(f"{name}: absolute paths are not allowed")
    if ".." in name.split("/"):
        raise DraftFileError(f"{name}: '..' is not allowed in paths")
    return name
