"""Attachments live outside the web root: the private storage and the check that guards its setting."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from vikarieportalen.support.apps import _private_media_outside_public_roots
from vikarieportalen.support.storage import PrivateFileStorage


def test_private_storage_writes_under_its_own_root_and_has_no_public_address(tmp_path: Path) -> None:
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        storage = PrivateFileStorage()
        name = storage.save("support/2026/06/abc.pdf", ContentFile(b"%PDF-1.4 %%EOF"))
        assert (tmp_path / "private" / name).read_bytes() == b"%PDF-1.4 %%EOF"
        with pytest.raises(ValueError, match="no public URL"):
            storage.url(name)


def test_check_refuses_a_private_root_inside_media_or_static(tmp_path: Path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path / "media", STATIC_ROOT=tmp_path / "static"):
        with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "media" / "private"):
            assert [error.id for error in _private_media_outside_public_roots()] == ["support.E001"]
        with override_settings(PRIVATE_MEDIA_ROOT=tmp_path):  # contains both public roots
            assert len(_private_media_outside_public_roots()) == 2
        with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):
            assert _private_media_outside_public_roots() == []
