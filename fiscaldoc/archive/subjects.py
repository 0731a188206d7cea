"""Subjects across an archive: every code with its printed names by year (``fiscaldoc
subjects OUT``).  The listing is written in the format a user dictionary is read in
(``fiscaldoc.archive.dictionary``), so an edited copy can be given back as
``[subjects] dictionary = "FILE.csv"``.
"""
from __future__ import annotations

import os

from .query import run_query

SUBJECT_COLUMNS = ("code", "name", "year", "level", "scheme", "records", "documents",
                   "seen_in", "table_id", "page")

_SQL = """
WITH rec AS (
  SELECT DISTINCT subject_code, subject_name, year, subject_level, subject_scheme,
         document, table_id, "row", page
  FROM facts WHERE subject_code IS NOT NULL AND subject_code <> ''
), named AS (
  SELECT subject_code, subject_name, year,
         any_value(subject_level) AS level, any_value(subject_scheme) AS scheme,
         count(*) AS records, count(DISTINCT document) AS documents,
         arg_min(document || '|' || table_id || '|' || coalesce(CAST(page AS VARCHAR), ''),
                 document || '|' || table_id || '|' || lpad(CAST("row" AS VARCHAR), 6, '0'))
           AS first_seen
  FROM rec GROUP BY subject_code, subject_name, year
)
SELECT subject_code, subject_name, year, level, scheme, records, documents,
       split_part(first_seen, '|', 1), split_part(first_seen, '|', 2),
       split_part(first_seen, '|', 3)
FROM named
ORDER BY subject_code, year NULLS LAST, records DESC, subject_name
"""


def list_subjects(out: str | os.PathLike[str]) -> list[dict[str, object]]:
    """One row per (code, printed name, year): level, scheme, how many records and documents
    carry it, and the first document, table and page (1-based) where it was seen."""
    _, rows = run_query(out, _SQL)
    result = []
    for r in rows:
        d = dict(zip(SUBJECT_COLUMNS, r))
        page = d["page"]
        d["page"] = int(page) + 1 if page not in (None, "") else ""
        result.append(d)
    return result
