"""kg.fileio: atomic files and folders leave nothing behind, whenever an interrupt arrives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import fileio
from kg.errors import KgError
from kg.fileio import atomic_folder, atomic_write, check_writable


def siblings(target: Path) -> list[str]:
    """The hidden temp names kg's writers use next to `target`."""
    return sorted(path.name for path in target.parent.glob(f".{target.name}.*"))


def test_an_interrupt_right_after_the_temp_file_is_created_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.json"
    target.write_text("previous", encoding="utf-8")
    real_open = os.open

    def open_then_interrupt(path: object, flags: int, mode: int = 0o777) -> int:
        descriptor = real_open(path, flags, mode)  # the file now exists on disk ...
        os.close(descriptor)
        raise KeyboardInterrupt  # ... and Ctrl-C arrives before the writer has it

    monkeypatch.setattr(fileio.os, "open", open_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        with atomic_write(target) as out:
            out.write("new")
    assert target.read_text(encoding="utf-8") == "previous" and siblings(target) == []


def test_an_interrupt_right_after_the_staging_folder_is_made_leaves_no_folder(tmp_path, monkeypatch):
    target = tmp_path / "export"
    real_mkdir = Path.mkdir

    def mkdir_then_interrupt(self: Path, *arguments: object, **options: object) -> None:
        real_mkdir(self, *arguments, **options)
        if self.name.endswith(".tmp"):
            raise KeyboardInterrupt

    monkeypatch.setattr(Path, "mkdir", mkdir_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        with atomic_folder(target, "kg-export.json"):
            pass
    assert not target.exists() and siblings(target) == []


def test_a_write_error_is_one_line_naming_the_path_and_keeps_the_previous_file(tmp_path):
    target = tmp_path / "graph.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(KgError) as raised:
        with atomic_write(target) as out:
            out.write("new")
            raise OSError(28, "No space left on device")  # what a full disk makes a write raise
    assert str(raised.value) == f"cannot write {target}: No space left on device; free some space or write elsewhere"
    assert target.read_text(encoding="utf-8") == "previous" and siblings(target) == []


def test_check_writable_names_a_missing_folder_and_leaves_nothing(tmp_path):
    with pytest.raises(KgError, match="its folder does not exist"):
        check_writable(tmp_path / "missing" / "graph.json")
    check_writable(tmp_path / "graph.json")
    assert list(tmp_path.iterdir()) == []


def test_check_writable_refuses_a_folder_as_output(tmp_path):
    with pytest.raises(KgError, match="that path is a folder"):
        check_writable(tmp_path)
