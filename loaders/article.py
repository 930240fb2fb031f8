"""Reading news articles: bytes on disk in, a cleaned :class:`Article` out.

An article is a UTF-8 text file, optionally starting with a front-matter block (lines ``---``
around ``key: value`` lines: title, date, source, language) or accompanied by a sidecar
``<name>.meta.json`` with the same keys. A plain text without either is read as users have it:
its header lines (the title on the first line, a date line such as "Published: Jul 28, 2020",
a source line; :mod:`alucluster.loaders.header`) give the metadata and leave the body (a text
whose metadata gives a title keeps its body as it is). Metadata wins over header lines; an explicit ``date=`` (the CLI's ``--date``) wins over both. The body is cleaned (HTML remnants, curly quotes,
full-width digits and punctuation, web-page footers, odd whitespace) and every character offset
of the extraction indexes :attr:`Article.text`, the cleaned body.

>>> a = Article.from_text("Acme&nbsp;has <b>１２</b> “plants”.\\n\\nLeave a Comment", date="2021-07")
>>> a.text
'Acme has 12 "plants".'
>>> a.year
2021
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from alucluster.loaders.header import Header, split_header
from alucluster.ontology.errors import ArticleError

__all__ = ["Article", "MAX_BYTES", "MAX_CONTROL_CHARS", "read_article", "seed_article", "clean_text", "SEED_NAME"]

#: Largest article accepted, in bytes (2 MiB). News articles of the genre are 2-50 KB; the limit
#: keeps a mistaken input (a log, a dump) from tying up the extractor (about 7 s at the limit).
MAX_BYTES = 2 * 1024 * 1024

#: File name of the packaged seed article (in ``alucluster.loaders/data``).
SEED_NAME = "guangyuan-aluminum-2021.txt"

_META_KEYS = ("title", "date", "source", "language")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Quotes and dashes NFKC leaves alone; ASCII forms keep patterns simple and the text greppable.
_PUNCT = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"', "\u300c": '"', "\u300d": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
        "\u3001": ",", "\u3002": ".",
    }
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters other than tab, newline, carriage return, form feed and vertical tab: a stray
# ESC or BEL in pasted text is dropped, many of them mean the file is not text at all.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: More control characters than this (besides whitespace) and the data is taken to be binary.
MAX_CONTROL_CHARS = 8
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|<!--.*?-->", re.S)
# Footer lines web pages append after the body; removed only at the end of the text.
_FOOTER = re.compile(
    r"^\s*(leave a (comment|reply)|share( this)?:?|related( posts| articles)?:?|tags?:.*|"
    r"(previous|next) (post|article).*|click (here )?to .*|copyright\b.*|\(c\) .*|all rights reserved.*|"
    r"source:.*|editor:.*|responsible editor.*|print|email|comments?( \(\d+\))?)\s*$",
    re.I,
)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}


@dataclass(frozen=True)
class Article:
    """One article: its cleaned body and metadata.

    ``id`` is a slug of the file name (``guangyuan-aluminum-2021``) or, for text without a file,
    the first 12 hex digits of the content hash. ``date`` is kept as given (``YYYY``,
    ``YYYY-MM`` or ``YYYY-MM-DD``) and resolves "this year". ``header`` holds the header lines
    taken off the top of the text (title, date, source and byline lines), verbatim after cleaning.
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    language: str = "en"
    path: str | None = None
    header: tuple[str, ...] = ()
    #: the host region as the metadata names it (``region:`` in front matter or sidecar), if it does
    region: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the cleaned body (hex): the key of the facts cache and of the graph node."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def year(self) -> int | None:
        """The publication year, when the date is known."""
        return int(self.date[:4]) if self.date else None

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        id: str | None = None,
        title: str | None = None,
        date: str | None = None,
        source: str | None = None,
        language: str = "en",
    ) -> "Article":
        """An article from a string (cleaned like a file body, header lines read like a file's).

        :param text: the raw body.
        :raises ArticleError: when nothing is left after cleaning or the date is malformed.

        >>> Article.from_text("Hello.", id="x").id
        'x'
        >>> a = Article.from_text("Acme opens mill\\nDate: 2024-03-14\\nAcme opened a mill this year.")
        >>> a.title, a.date, a.text
        ('Acme opens mill', '2024-03-14', 'Acme opened a mill this year.')
        """
        size = len(text.encode("utf-8"))
        if size > MAX_BYTES:
            raise ArticleError(f"<text>: {size} bytes is over the {MAX_BYTES}-byte limit for an article")
        body = clean_text(text)
        if not body:
            raise ArticleError("article text is empty after cleaning")
        _check_date(date, "<text>")
        header, body = split_header(body) if title is None else (Header(), body)
        aid = id or hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
        return cls(id=aid, text=body, title=title or header.title, date=date or header.date,
                   source=source or header.source, language=language, header=header.lines)


class _TextOnly(HTMLParser):
    """Keeps the character data of an HTML fragment; block elements become line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n" if tag != "br" else "\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def clean_text(text: str) -> str:
    """The cleaned body of a raw article text.

    Strips HTML tags and entities, applies Unicode NFKC (full-width digits and punctuation),
    turns curly quotes and dashes into ASCII, drops invisible characters and trailing web-page
    footers ("Leave a Comment"), and normalises whitespace (single spaces, at most one blank line).

    :param text: raw text.

    >>> clean_text("Output rose ５０％ in 2021&#8212;a record.\\r\\nShare this:")
    'Output rose 50% in 2021-a record.'
    """
    if _TAG.search(text):
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    else:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    text = _CONTROL.sub("", _INVISIBLE.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    while lines and (not lines[-1] or _FOOTER.match(lines[-1])):
        lines.pop()
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _check_date(date: str | None, where: str) -> None:
    if date is not None and not _DATE.match(date):
        raise ArticleError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def _split_front_matter(text: str, where: str) -> tuple[dict, str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            meta = {}
            for line in lines[1:i]:
                if not line.strip():
                    continue
                key, sep, value = line.partition(":")
                if not sep:
                    raise ArticleError(f"{where}: front-matter line {line.strip()!r} is not 'key: value'")
                meta[key.strip().lower()] = value.strip().strip("\"'")
            return meta, "\n".join(lines[i + 1 :])
    raise ArticleError(f"{where}: front matter opened with '---' is never closed")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


def _read_sidecar(path: Path) -> dict:
    sidecar = path.with_name(path.stem + ".meta.json")
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(f"{sidecar}: unreadable metadata ({exc.__class__.__name__})") from None
    except OSError as exc:
        raise ArticleError(f"cannot read {sidecar}: {exc.strerror or exc.__class__.__name__}") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{sidecar}: metadata must be a JSON object")
    return {k: str(v) for k, v in meta.items() if v is not None}


def _from_bytes(data: bytes, *, where: str, stem: str, sidecar: dict, date: str | None = None) -> Article:
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{where}: {len(data)} bytes is over the {MAX_BYTES}-byte limit for an article")
    if b"\x00" in data:
        raise ArticleError(f"{where}: binary data (NUL bytes), not an article text")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"{where}: not UTF-8 text (bad byte at offset {exc.start})") from None
    n_control = len(_CONTROL.findall(raw))
    if n_control > MAX_CONTROL_CHARS:
        raise ArticleError(f"{where}: binary data ({n_control} control characters), not an article text")
    meta, body = _split_front_matter(raw.replace("\r\n", "\n"), where)
    meta = {**sidecar, **meta}
    text = clean_text(body)
    if not text:
        raise ArticleError(f"{where}: article text is empty after cleaning")
    _check_date(date, f"{where}: --date")
    _check_date(meta.get("date") or None, where)
    # an article whose metadata names its title keeps its body as given (offsets recorded against it)
    header, text = split_header(text) if not meta.get("title") else (Header(), text)
    return Article(
        id=_slug(stem),
        text=text,
        title=meta.get("title") or header.title,
        date=date or meta.get("date") or header.date,
        source=meta.get("source") or header.source,
        language=meta.get("language") or "en",
        path=where,
        header=header.lines,
        region=meta.get("region") or None,
    )


def read_article(path: str | Path, *, date: str | None = None) -> Article:
    """Read and clean one article file (front matter, ``.meta.json`` sidecar or header lines for metadata).

    :param path: the article file.
    :param date: the article's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), set or overriding
        what the file says.
    :raises ArticleError: missing file, a directory, an unreadable file (permissions), binary or
        non-UTF-8 data (NUL bytes, more than :data:`MAX_CONTROL_CHARS` control characters), over
        :data:`MAX_BYTES`, malformed metadata or ``date``, or empty text after cleaning.

    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "acme.txt"
    >>> _ = p.write_text("Acme Foil starts second line\\nPublished: Jul 28, 2020\\nAcme Foil said ...", encoding="utf-8")
    >>> a = read_article(p)
    >>> a.title, a.date, a.text, read_article(p, date="2021").date
    ('Acme Foil starts second line', '2020-07-28', 'Acme Foil said ...', '2021')
    """
    p = Path(path)
    if p.is_dir():
        raise ArticleError(f"{p}: is a directory, not an article file")
    if not p.exists():
        raise ArticleError(f"{p}: no such article file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(f"{p}: {size} bytes is over the {MAX_BYTES}-byte limit for an article")
        data = p.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read {p}: {exc.strerror or exc.__class__.__name__}") from None
    return _from_bytes(data, where=str(p), stem=p.stem, sidecar=_read_sidecar(p), date=date)


def seed_article() -> Article:
    """The packaged seed article (Guangyuan, H1 2021) with its sidecar metadata.

    >>> seed_article().date
    '2021-07'
    """
    data_dir = resources.files("alucluster.loaders") / "data"
    text = (data_dir / SEED_NAME).read_bytes()
    meta = json.loads((data_dir / SEED_NAME.replace(".txt", ".meta.json")).read_text(encoding="utf-8"))
    return _from_bytes(text, where=f"<seed {SEED_NAME}>", stem=SEED_NAME[:-4], sidecar=meta)
