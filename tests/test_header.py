"""Header lines of plain-text articles: title, date lines in the genre's forms, source and byline."""

from __future__ import annotations

import pytest

from alucluster.loaders.header import MAX_HEADER_LINES, date_of_line, split_header


@pytest.mark.parametrize(
    "line, date",
    [
        ("Published: Jul 28, 2020", "2020-07-28"),
        ("Published: 14 Mar 2024", "2024-03-14"),
        ("14 Mar 2024", "2024-03-14"),
        ("2020-06-04", "2020-06-04"),
        ("Release time: 2020/06/04", "2020-06-04"),
        ("Release time: 2024/3/14", "2024-03-14"),
        ("Date: 2021-11", "2021-11"),
        ("Date: 2019", "2019"),
        ("Date 2024-03-14", "2024-03-14"),
        ("Date: March 14th, 2024", "2024-03-14"),
        ("Post Time: 2009/7/1", "2009-07-01"),
        ("Updated: 2012-05-09 08:15", "2012-05-09"),
        ("Oct 3, 2017 14:05", "2017-10-03"),
        ("Sept. 9, 2022", "2022-09-09"),
        ("Feb 2,2016", "2016-02-02"),
        ("November 2023", "2023-11"),
        ("发布时间：2020-06-04", "2020-06-04"),
        ("发布时间:2020-06-04 09:30", "2020-06-04"),
        ("2020年6月4日", "2020-06-04"),
        ("日期：2018年12月", "2018-12"),
    ],
)
def test_date_lines(line, date):
    assert date_of_line(line) == date


@pytest.mark.parametrize(
    "line",
    [
        "2019",  # a bare year without a label could be a figure
        "In 2020 output rose 5%.",
        "Published: soon",
        "2020-13-04",  # no thirteenth month
        "2010-2015",
        "Feb 30, 2021",
        "The plant opened on Jul 28, 2020 after two years of work",
        "",
    ],
)
def test_not_date_lines(line):
    assert date_of_line(line) is None


def test_title_date_and_source_leave_the_body():
    text = "Ruifeng Foil starts its second line\n\nRelease time: 2024/3/14\nSource: Zunyi Evening News\n\nRuifeng Foil said on Monday ...\nMore text."
    header, body = split_header(text)
    assert (header.title, header.date, header.source) == ("Ruifeng Foil starts its second line", "2024-03-14", "Zunyi Evening News")
    assert header.lines == ("Ruifeng Foil starts its second line", "Release time: 2024/3/14", "Source: Zunyi Evening News")
    assert body == "Ruifeng Foil said on Monday ...\nMore text."


def test_date_line_before_the_title():
    header, body = split_header("2025-08-02\nFoil output up 8% this year\nThe mill ran at full load.")
    assert (header.title, header.date, body) == ("Foil output up 8% this year", "2025-08-02", "The mill ran at full load.")


@pytest.mark.parametrize(
    "line",
    ["By Wang Lin (Evening Post)", "by:Chen 2021-05-17", "Editor: Li Ping", "Metal Trade Network", "news.example.cn"],
)
def test_bylines_and_publishers_are_header_lines(line):
    header, body = split_header(f"Longhua Foil expands\n{line}\nLonghua Foil said it will expand.")
    assert header.lines[-1] == line and body == "Longhua Foil said it will expand."


def test_byline_date_is_the_article_date():
    assert split_header("Longhua Foil expands\nby:Chen 2021-05-17\nBody text.")[0].date == "2021-05-17"


def test_a_sentence_is_not_a_title():
    text = "Kaixin Foil produced 5,000 tons of foil in 2021.\nIt plans a second line."
    header, body = split_header(text)
    assert header == type(header)() and body == text


def test_a_single_line_is_the_body():
    assert split_header("Kaixin Foil expands")[1] == "Kaixin Foil expands"


def test_the_header_ends_at_the_first_body_line():
    # a date line after a body line is a sentence of the body, not a header line
    text = "Kaixin Foil expands\nThe company said so.\nDate: 2020-01-02\nMore."
    header, body = split_header(text)
    assert header.date is None and body == "The company said so.\nDate: 2020-01-02\nMore."


def test_header_lines_are_looked_for_near_the_top_only():
    dates = "\n".join(f"Date: 20{10 + i}-01-01" for i in range(MAX_HEADER_LINES + 2))
    header, body = split_header(f"{dates}\nBody.")
    assert len(header.lines) == MAX_HEADER_LINES and header.date == "2010-01-01"
    assert body.startswith(f"Date: 20{10 + MAX_HEADER_LINES}-01-01")


@pytest.mark.parametrize(
    "lead, date",
    [
        ("LANZHOU, March 20, 2024 /Newswire/ -- Kaixin Foil said ...", "2024-03-20"),
        ("BAOTOU, China, Sept. 9, 2022 - Kaixin Foil said ...", "2022-09-09"),
        ("HONG KONG, July 13, 2003; a wire reported that ...", "2003-07-13"),
        ("HONG KONG, July 13 -- no year, no date", None),
        ("Lanzhou, March 2021 output rose.", None),  # a place in running text, not a dateline
    ],
)
def test_a_dateline_dates_the_article_and_stays_in_the_body(lead, date):
    header, body = split_header(f"Kaixin Foil expands\n{lead}")
    assert header.date == date and body == lead


def test_a_date_line_wins_over_the_dateline():
    header, _ = split_header("Kaixin Foil expands\nDate: 2024-01-02\nLANZHOU, March 20, 2023 - Kaixin Foil said ...")
    assert header.date == "2024-01-02"
