import io

from fiscaldoc.archive.progress import Progress


class _Tty(io.StringIO):
    def isatty(self):
        return True


def _run(stream):
    with Progress(3, stream, skipped=1) as p:
        p.advance({"status": "ok", "n_pages": 4})
        p.advance({"status": "failed", "n_pages": 0})
    return p


def test_drawn_on_a_terminal_with_files_pages_and_failures():
    tty = _Tty()
    p = _run(tty)
    text = tty.getvalue()
    assert "3/3 files" in text and "4 pages" in text and "1 failed" in text
    assert "pages/s" in text and "ETA" in text and (p.files, p.pages, p.failed) == (2, 4, 1)


def test_nothing_drawn_otherwise():
    plain = io.StringIO()
    p = _run(plain)
    assert plain.getvalue() == "" and (p.files, p.failed) == (2, 1)
