import csv
import dataclasses
import io

import pytest

from fiscaldoc import cli
from fiscaldoc.archive.dictionary import load_dictionary, refine_subjects
from fiscaldoc.archive.subjects import SUBJECT_COLUMNS, list_subjects
from fiscaldoc.errors import ConfigError
from fiscaldoc.postprocess.verify import verify_document


def test_subjects_listing_on_the_example(example_out):
    rows = list_subjects(example_out)
    by_code = {}
    for r in rows:
        by_code.setdefault(r["code"], []).append(r)
    assert {"201", "20103", "2010350", "221"} <= set(by_code)
    names = {r["name"] for r in by_code["201"]}
    assert names == {"一般公共服务支出", "一、一般公共服务支出"}
    r = by_code["2010350"][0]
    assert (r["level"], r["year"], r["seen_in"], r["documents"]) == ("项", 2021,
                                                                     "final_account_2021", 1)
    assert r["records"] >= 2 and r["page"] >= 1


def test_subjects_command_writes_a_dictionary_it_can_read(example_out, tmp_path, capsys):
    assert cli.main(["subjects", str(example_out)]) == 0
    lines = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert tuple(lines[0]) == SUBJECT_COLUMNS and len(lines) > 20
    target = tmp_path / "subjects.csv"
    assert cli.main(["subjects", str(example_out), "-o", str(target)]) == 0
    dic = load_dictionary(target)
    assert dic.canonical("2010350", 2021) == "事业运行"


def apply_dictionary(doc, dic):
    """``doc`` verified with ``dic`` as the step between subjects and checks."""
    return verify_document(doc, refine_subjects=lambda d, found: refine_subjects(d, found, dic))


def _dictionary(tmp_path, text):
    p = tmp_path / "dic.csv"
    p.write_text(text, encoding="utf-8")
    return load_dictionary(p)


def test_dictionary_gives_canonical_names_by_year(tmp_path, rich_doc):
    dic = _dictionary(tmp_path, "code,name,year\n201,一般公共服务支出,2020\n"
                                "201,一般公共服务支出（新）,2023\n221,住房保障支出,\n")
    assert dic.canonical("201", 2021) == "一般公共服务支出"
    assert dic.canonical("201", 2024) == "一般公共服务支出（新）"
    doc = apply_dictionary(rich_doc, dic)
    subjects = {r.subject.code: r.subject.canonical_name for r in doc.tables[0].records}
    assert subjects["201"] == "一般公共服务支出" and subjects["221"] == "住房保障支出"


def _with_code(doc, old, new, source):
    t = doc.tables[0]
    recs = tuple(dataclasses.replace(r, subject=dataclasses.replace(r.subject, code=new))
                 if r.subject.code == old else r for r in t.records)
    pages = tuple(dataclasses.replace(p, text_source=source) for p in doc.pages)
    return dataclasses.replace(doc, tables=(dataclasses.replace(t, records=recs),), pages=pages)


@pytest.mark.parametrize("source,repaired", [("ocr", True), ("pdf", False)])
def test_dictionary_repairs_a_damaged_code_on_ocr_pages_only(tmp_path, rich_doc, source,
                                                             repaired):
    dic = _dictionary(tmp_path, "code,name\n221,住房保障支出\n224,灾害防治及应急管理支出\n")
    doc = apply_dictionary(_with_code(rich_doc, "221", "227", source), dic)
    rec = next(r for r in doc.tables[0].records if r.subject.name == "住房保障支出")
    assert rec.subject.code == ("221" if repaired else "227")
    fixes = [c for c in doc.tables[0].corrections if c.after == "221"]
    assert len(fixes) == int(repaired)
    assert all("subject dictionary lists 住房保障支出 under 221" in c.reason for c in fixes)


@pytest.mark.parametrize("text", ["name\n住房保障支出\n", "code,name\n22,住房\n",
                                  "code,name,year\n221,住房保障支出,last\n"])
def test_bad_dictionary_is_a_config_error(tmp_path, text):
    with pytest.raises(ConfigError):
        _dictionary(tmp_path, text)


def test_config_names_the_dictionary_relative_to_the_toml(tmp_path, example_out):
    (tmp_path / "dic.csv").write_text("code,name\n2010350,事业运行（官方）\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[subjects]\ndictionary = "dic.csv"\n')
    config = cli.load_config(cfg, None)
    assert config.subjects.dictionary == str(tmp_path / "dic.csv")
    bad = tmp_path / "bad.toml"
    bad.write_text('[subjects]\ndictionary = "missing.csv"\n')
    with pytest.raises(ConfigError):
        cli.load_config(bad, None)


def test_convert_with_a_dictionary_fills_canonical_names(tmp_path, capsys):
    from archive_docs import EXAMPLE
    from fiscaldoc.archive.query import run_query

    (tmp_path / "dic.csv").write_text("code,name\n2010350,事业运行（官方）\n", encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text('[subjects]\ndictionary = "dic.csv"\n')
    out = tmp_path / "out"
    assert cli.main(["convert", str(EXAMPLE), "-o", str(out), "--config", str(cfg)]) == 0
    _, rows = run_query(out, "SELECT DISTINCT canonical_name FROM facts "
                             "WHERE subject_code = '2010350'")
    assert rows == [("事业运行（官方）",)]


def _report_config(tmp_path, **subjects):
    from fiscaldoc.config import Config, SubjectsConfig

    return Config(subjects=SubjectsConfig(**subjects))


def _canonical(doc):
    return {r.subject.code: r.subject.canonical_name for t in doc.tables for r in t.records
            if r.subject.code}


def test_extract_applies_the_dictionary_from_a_file_or_from_shipped_rows(tmp_path):
    import fiscaldoc
    from archive_docs import make_report

    pdf = make_report(tmp_path / "r.pdf", 3)
    plain = _canonical(fiscaldoc.extract(pdf))
    assert plain["201"] != "一般公共服务支出（官方）" and "221" in plain
    dic = tmp_path / "dic.csv"
    dic.write_text("code,name,year\n201,一般公共服务支出（官方）,2021\n", encoding="utf-8")
    doc = fiscaldoc.extract(pdf, _report_config(tmp_path, dictionary=str(dic)))
    assert _canonical(doc) == {**plain, "201": "一般公共服务支出（官方）"}
    # the rows a driver ships: no file needed where the work runs
    rows = (("201", "一般公共服务支出（官方）", 2021),)
    shipped = fiscaldoc.extract(pdf, _report_config(
        tmp_path, dictionary=str(tmp_path / "not-here.csv"), entries=rows))
    assert _canonical(shipped) == _canonical(doc)
    # the rows stand for the file they came from: the run's configuration hash is the same
    again = fiscaldoc.extract(pdf, _report_config(tmp_path, dictionary=str(dic), entries=rows))
    assert again.run["config_hash"] == doc.run["config_hash"] != shipped.run["config_hash"]


def test_a_missing_dictionary_is_a_config_error_naming_it(tmp_path):
    import fiscaldoc
    from archive_docs import make_report

    pdf = make_report(tmp_path / "r.pdf", 3)
    with pytest.raises(ConfigError, match="missing.csv"):
        fiscaldoc.extract(pdf, _report_config(tmp_path, dictionary=str(tmp_path / "missing.csv")))


def test_the_dictionary_file_is_read_once_per_process_until_it_changes(tmp_path):
    import os

    from fiscaldoc.archive.dictionary import user_dictionary, with_entries

    dic = tmp_path / "dic.csv"
    dic.write_text("code,name\n201,甲\n", encoding="utf-8")
    config = _report_config(tmp_path, dictionary=str(dic))
    first = user_dictionary(config)
    assert user_dictionary(config) is first and first.canonical("201", None) == "甲"
    dic.write_text("code,name\n201,乙乙\n", encoding="utf-8")
    os.utime(dic, ns=(dic.stat().st_mtime_ns + 10**9,) * 2)
    assert user_dictionary(config).canonical("201", None) == "乙乙"
    shipped = with_entries(config)
    assert shipped.subjects.entries == (("201", "乙乙", None),)
    dic.unlink()
    assert user_dictionary(shipped).canonical("201", None) == "乙乙"
    with pytest.raises(ConfigError, match="dic.csv"):
        user_dictionary(config)
