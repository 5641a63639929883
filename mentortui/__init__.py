"""mentortui: a terminal workbook for mentoring relationships."""

__version__ = "0.1.0"
