"""Settings of the layout stage: frozen, in points (or as ratios of what is measured on the
page), converted to pixels once per page through its resolution (``at``).

Tests and callers pass their own instead of patching module constants, e.g.
``find_rules(image, transform, RuleSettings(long_pt=60.0))``.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PieceSettings:
    """How ink runs become rule pieces and pieces chain into lines (``layout.pieces``)."""

    close_pt: float = 2.0          # gaps up to about this are closed in the mask
    piece_h_pt: float = 6.0        # shortest run kept as a piece: horizontal ...
    piece_v_pt: float = 10.0       # ... and vertical
    gap_pt: float = 3.0            # blank paper tolerated in a bridged gap
    join_pt: float = 2.0           # pieces closer than this on one row are always joined (the
                                   # 4 pt gap between two partial rules shrinks in a blurred scan)
    bridge_pt: float = 80.0        # longer gaps join when stamp or solid ink covers them ...
    bridge_min_pt: float = 24.0    # ... and the line on one side of it is at least this long
    max_thick_pt: float = 3.0      # thicker runs are bars or blobs, not lines
    slope: float = 0.005           # rise over run tolerated in a line (0.3° of residual skew)
    bridge_isolation: float = 0.85  # pieces on both sides of a bridged gap: this isolated


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """How ruling lines are told from text strokes and noise (``layout.rules``)."""

    long_pt: float = 72.0          # a rule this long needs no support from other rules ...
    seed_cover: float = 0.95       # ... when it is this continuous (or twice as long)
    min_h_pt: float = 24.0         # shortest horizontal rule held by one touching rule
    min_v_pt: float = 14.0         # shortest vertical one
    partial_min_pt: float = 14.0   # shortest partial header rule of a 三线表 (one character)
    thick_ratio: float = 2.5       # a short rule is at most this much thicker than long ones
    min_cover: float = 0.75        # share of a rule's length made of pieces (covered gaps out)
    min_isolation: float = 0.85    # share of a rule's length without ink on exactly one side
    min_clear: float = 0.6         # share of a rule's length with blank rows on both sides
    touched_run: float = 0.1       # a long solid rule touched by text row after row: its
                                   # longest stretch of one-sided ink, share of its length
    touched_isolation: float = 0.25  # ... and at least this share of it clean on both sides
    touch_pt: float = 2.0          # a rule ending this close to a perpendicular rule meets it ...
    short_pt: float = 1.5          # ... or stopping this much shorter still (a broken rule)
    group_gap_pt: float = 20.0     # pieces of one broken rule lie at most this far apart ...
    group_tol_pt: float = 1.0      # ... and at most this far off the line of their neighbour
    join_start_pt: float = 24.0    # a broken rule is walked from a piece this long
    group_cover: float = 0.85      # a broken rule touching no other rule: this much clean
    overhang_pt: float = 6.0       # a rule's end past the last rule it crosses: cut if this short
    cross_pt: float = 1.5          # ink this far before and after each rule a rule crosses ...
    cross_share: float = 0.5       # ... at this share of its crossings at least
    sandwich_pt: float = 150.0     # a partial rule lies at most this far from its long rules
    stub_pt: float = 3.5           # shortest stub of a worn grid line kept
    worn_pt: float = 12.0          # a short rule's end may stop this far short of a rule ...
    worn_gap_pt: float = 6.0       # ... with no blank gap longer than this
    pieces: PieceSettings = PieceSettings()   # the runs and chains the rules are made of

    def at(self, scale: float) -> RulePixels:
        """The lengths in pixels of a page rendered at ``scale`` pixels per point."""
        return RulePixels(
            long=self.long_pt * scale, min_h=self.min_h_pt * scale, min_v=self.min_v_pt * scale,
            partial_min=self.partial_min_pt * scale, touch=self.touch_pt * scale,
            short=self.short_pt * scale, group_gap=self.group_gap_pt * scale,
            group_tol=self.group_tol_pt * scale, join_start=self.join_start_pt * scale,
            overhang=self.overhang_pt * scale, cross=self.cross_pt * scale,
            sandwich=self.sandwich_pt * scale, stub=self.stub_pt * scale,
            worn=self.worn_pt * scale, worn_gap=self.worn_gap_pt * scale)


@dataclass(frozen=True, slots=True)
class RulePixels:
    """``RuleSettings``' lengths on one page, in pixels (``RuleSettings.at``)."""

    long: float
    min_h: float
    min_v: float
    partial_min: float
    touch: float
    short: float
    group_gap: float
    group_tol: float
    join_start: float
    overhang: float
    cross: float
    sandwich: float
    stub: float
    worn: float
    worn_gap: float


@dataclass(frozen=True, slots=True)
class RegionSettings:
    """What makes a region, in points of the page as read or as ratios of measured text."""

    margin_band: float = 0.06     # header / footer: this share of the page height, top / bottom
    title_ratio: float = 1.25     # a title line is this much taller than the body lines
    touch_pt: float = 3.0         # rules this close belong to one table
    stack_pt: float = 150.0       # horizontal rules of one (booktabs) table: at most this apart
    seal_min_pt: float = 20.0     # a seal's smaller side, at least
    seal_max_pt: float = 250.0    # and its larger side, at most
    figure_min_pt: tuple[float, float] = (60.0, 40.0)   # smallest figure: width, height


PIECES = PieceSettings()
RULES = RuleSettings(pieces=PIECES)
REGIONS = RegionSettings()
