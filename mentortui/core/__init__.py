"""Core: dates, language, safe text, files, the clock — imports nothing else of mentortui."""
