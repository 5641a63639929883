"""Partner exchange (issue #20): mentor and mentee each keep their own workbook and merge
the part they share through files (an invite, then changes), with no server."""
