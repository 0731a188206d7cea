"""What makes a chain of ink pieces a ruling line rather than text strokes (``layout.rules``
decides which chains to judge and in what order)."""
from __future__ import annotations

from .pieces import PixelLine
from .settings import RuleSettings


def rule_like(ln: PixelLine, st: RuleSettings, long_px: float, touched: bool = False) -> bool:
    """Thin, straight, made of pieces and isolated (see ``layout.rules``); or, where the caller
    also has the line meet an accepted perpendicular rule (``touched``), a long, solid rule
    that text touches row after row: a column rule whose right-aligned amounts run up to it.
    Its ink on one side comes in short separate stretches, none over ``touched_run`` of its
    length, with clean rule between them (``touched_isolation``); a character's stroke has the
    rest of the character along all of it.  Vertical rules only: the foot of a line of text,
    its characters' strokes chained along it, looks alike."""
    if not ln.straight:
        return False
    if ln.cover >= st.min_cover and ln.isolation >= st.min_isolation and ln.clear >= st.min_clear:
        return True
    return (touched and not ln.horizontal and ln.length >= long_px and ln.cover >= st.seed_cover
            and ln.one_run <= st.touched_run and ln.isolation >= st.touched_isolation)
