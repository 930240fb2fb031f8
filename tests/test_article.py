"""Reading articles: metadata, cleaning, and one-line errors for what cannot be used."""

from __future__ import annotations

import json
import os

import pytest

from alucluster.loaders import article as article_mod
from alucluster.loaders.article import Article, clean_text, read_article, seed_article
from alucluster.ontology.errors import ArticleError


def test_seed_article_has_its_sidecar_metadata():
    a = seed_article()
    assert (a.id, a.date, a.language, a.year) == ("guangyuan-aluminum-2021", "2021-07", "en", 2021)
    assert a.title.startswith("Guangyuan: Aluminum Industry")
    # the "Leave a Comment" footer of the web page is not part of the body
    assert "Leave a Comment" not in a.text
    assert a.text.endswith("industrial economy.")


def test_front_matter_is_read_and_removed(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("---\ntitle: A title\ndate: 2022-03-15\nsource: somewhere\n---\nBody text here.\n", encoding="utf-8")
    a = read_article(p)
    assert (a.title, a.date, a.source, a.text, a.id) == ("A title", "2022-03-15", "somewhere", "Body text here.", "x")


def test_sidecar_metadata(tmp_path):
    (tmp_path / "city-news.txt").write_text("Body.", encoding="utf-8")
    (tmp_path / "city-news.meta.json").write_text(json.dumps({"date": "2020", "title": "T"}), encoding="utf-8")
    a = read_article(tmp_path / "city-news.txt")
    assert (a.date, a.title, a.year) == ("2020", "T", 2020)


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("<p>Output&nbsp;rose <b>5%</b>.</p><p>Next.</p>", "Output rose 5%.\n\nNext."),
        ("City\u2019s \u201c6+2\u201d system", 'City\'s "6+2" system'),
        ("\uff11\uff12\u4e07\u5428 and \uff15\uff10\uff05", "12万吨 and 50%"),
        ("Text.\n\nShare this:\nTwitter\nLeave a Comment\n", "Text.\n\nShare this:\nTwitter"),
        ("Line  with\t odd   spaces\u200b.\r\n\r\n\r\n\r\nNext", "Line with odd spaces.\n\nNext"),
        ("AT&amp;T &lt;ok&gt;", "AT&T <ok>"),
    ],
)
def test_cleaning(raw, cleaned):
    assert clean_text(raw) == cleaned


def test_footer_lines_only_removed_at_the_end():
    assert clean_text("Leave a Comment\nBody.") == "Leave a Comment\nBody."


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"<p>&nbsp;</p>\n\nLeave a Comment", "empty"),
        (b"abc\x00def", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"---\ntitle: x\nno end", "never closed"),
        (b"---\ndate: July 2021\n---\nBody", "YYYY"),
        (b"GIF89a" + bytes(range(1, 32)) * 2 + b"more", "binary"),
        (b"Output\x1b[0m rose\x07\x1b\x1b\x1b\x1b\x1b\x1b\x1b\x1b by 5%.", "control characters"),
    ],
)
def test_unusable_input_is_one_line_error(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(ArticleError, match=message) as info:
        read_article(p)
    assert "\n" not in str(info.value)


def test_a_few_control_characters_are_dropped(tmp_path):
    p = tmp_path / "esc.txt"
    p.write_bytes(b"Hubei Xinda\x1b has an annual\x07 output of 5,000 tons.\x7f")
    assert read_article(p).text == "Hubei Xinda has an annual output of 5,000 tons."


def test_a_directory_is_one_line_error(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(ArticleError, match="is a directory") as info:
        read_article(tmp_path / "dir.txt")
    assert "\n" not in str(info.value)


def test_an_unreadable_file_is_one_line_error(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text("Some text.", encoding="utf-8")
    p.chmod(0)
    if os.access(p, os.R_OK):
        # root reads through file modes: raise the error the kernel gives everyone else
        def denied(self):
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(type(p), "read_bytes", denied)
    with pytest.raises(ArticleError, match=r"cannot read .*locked\.txt: Permission denied") as info:
        read_article(p)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(ArticleError, match="no such article file"):
        read_article(tmp_path / "absent.txt")


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(article_mod, "MAX_BYTES", 100)
    p = tmp_path / "big.txt"
    p.write_text("x" * 101, encoding="utf-8")
    with pytest.raises(ArticleError, match="over the 100-byte limit"):
        read_article(p)
    p.write_text("x" * 100, encoding="utf-8")
    assert read_article(p).text == "x" * 100


def test_from_text_ids_are_content_hashes():
    a, b = Article.from_text("Same."), Article.from_text("Same.")
    assert a.id == b.id and len(a.id) == 12
    assert Article.from_text("Other.").id != a.id


def test_from_text_size_limit(monkeypatch):
    monkeypatch.setattr(article_mod, "MAX_BYTES", 10)
    with pytest.raises(ArticleError, match="over the 10-byte limit"):
        Article.from_text("x" * 11)


PLAIN = "Ruifeng Foil output up 8% this year\nPublished: 14 Mar 2024\n\nRuifeng Foil made 9,000 tons of foil this year.\n"


def test_plain_text_header_lines_give_title_and_date(tmp_path):
    p = tmp_path / "ruifeng.txt"
    p.write_text(PLAIN, encoding="utf-8")
    a = read_article(p)
    assert (a.title, a.date, a.year) == ("Ruifeng Foil output up 8% this year", "2024-03-14", 2024)
    assert a.text == "Ruifeng Foil made 9,000 tons of foil this year."
    assert a.header == ("Ruifeng Foil output up 8% this year", "Published: 14 Mar 2024")


def test_plain_text_reads_like_the_same_article_with_front_matter(tmp_path):
    (tmp_path / "plain.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "fm.txt").write_text(
        "---\ntitle: Ruifeng Foil output up 8% this year\ndate: 2024-03-14\n---\n"
        "Ruifeng Foil made 9,000 tons of foil this year.\n", encoding="utf-8"
    )
    plain, fm = read_article(tmp_path / "plain.txt"), read_article(tmp_path / "fm.txt")
    assert (plain.text, plain.title, plain.date) == (fm.text, fm.title, fm.date)
    assert plain.content_hash == fm.content_hash  # same evidence offsets, same cache key


def test_a_text_whose_metadata_names_the_title_keeps_its_body(tmp_path):
    p = tmp_path / "ruifeng.txt"
    p.write_text("---\ntitle: Ruifeng Foil output up 8% this year\n---\n" + PLAIN, encoding="utf-8")
    a = read_article(p)
    assert (a.text, a.header, a.date) == (PLAIN.strip(), (), None)


def test_metadata_wins_over_header_lines_and_date_wins_over_both(tmp_path):
    p = tmp_path / "ruifeng.txt"
    p.write_text(PLAIN, encoding="utf-8")
    (tmp_path / "ruifeng.meta.json").write_text(json.dumps({"date": "2023-01"}), encoding="utf-8")
    assert read_article(p).date == "2023-01"
    assert read_article(p, date="2022").date == "2022"


def test_a_malformed_date_option_is_one_line_error(tmp_path):
    p = tmp_path / "ruifeng.txt"
    p.write_text(PLAIN, encoding="utf-8")
    with pytest.raises(ArticleError, match="--date.*YYYY") as info:
        read_article(p, date="14/03/2024")
    assert "\n" not in str(info.value)


def test_from_text_reads_header_lines():
    a = Article.from_text(PLAIN)
    assert (a.title, a.date, a.text) == ("Ruifeng Foil output up 8% this year", "2024-03-14", "Ruifeng Foil made 9,000 tons of foil this year.")
