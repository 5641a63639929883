"""What goes to the partner and what stays in this workbook, side by side: the Relationship
screen's card and the invite dialog show the same words (``core/sharing.py``)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from mentortui.core.i18n import _
from mentortui.core.sharing import PRIVATE, SHARED, SHARED_MARK


def sharing_table() -> Table:
    """Two columns: shared with the partner (by default, or marked), and private."""
    table = Table(box=None, expand=True, padding=(0, 2, 0, 0), show_edge=False)
    table.add_column(Text(SHARED_MARK + " " + _("Shared with your partner"), style="bold"), ratio=1)
    table.add_column(Text(_("Stays in your workbook only"), style="bold"), ratio=1)
    shared = [_(words) for _table, _mark, words in SHARED]
    private = [_(words) for _table, words in PRIVATE]
    for index in range(max(len(shared), len(private))):
        table.add_row(
            Text("• " + shared[index]) if index < len(shared) else Text(""),
            Text("• " + private[index], style="dim") if index < len(private) else Text(""),
        )
    return table
