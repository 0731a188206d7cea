"""Reading a page that has no usable text layer: render it, straighten it, find its rules,
plan and read the cell crops with an OCR engine (``fiscaldoc.ocr``), repair what the crops
lose (column gutters, decimal points, lines split across a rule), and give back the same
``PageContent`` the text layer gives for digital pages.

``scan`` reads one rendered page, ``scanned`` schedules a document's pages; ``split``,
``gutters`` and ``points`` are the line and pixel heuristics they use, ``pixels`` the ink
tests they share."""
