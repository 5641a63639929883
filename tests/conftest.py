"""Shared fixtures: a frozen clock and a fresh database per test."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mentortui.core.clock import FrozenClock
from mentortui.data.store import Store
from mentortui.core.i18n import set_date_locale, set_language

NOW = "2026-11-26T10:00:00"  # a Thursday, ISO week 2026-W48


@pytest.fixture(autouse=True)
def private_config(tmp_path_factory, monkeypatch):
    """Preferences, keymaps and reminders go to a folder of the test's own, never ~/.config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    set_date_locale(None)
    yield
    set_language("en")
    set_date_locale(None)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(NOW)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workbook.db"


@pytest.fixture
def store(db_path: Path, clock: FrozenClock):
    opened = Store.open(db_path, clock)
    yield opened
    opened.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
