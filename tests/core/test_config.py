"""Configuration: production refuses to start without its secrets; plain PostgreSQL URLs use psycopg 3."""

import pytest

from config import settings


def test_production_refuses_to_start_without_secret_key_and_database(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/survey")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        settings.Production()
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.delenv("DATABASE_URL")
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        settings.Production()


def test_production_reads_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/survey")
    monkeypatch.setenv("AUDIT_KEY", "a" * 40)
    config = settings.Production()
    assert config.SECRET_KEY == "k" * 40 and config.AUDIT_KEY == "a" * 40
    assert config.HSTS_SECONDS >= 31536000
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db:5432/survey"


def test_the_embedded_secret_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(settings, "INSTANCE", tmp_path)
    first, second = settings.Embedded().SECRET_KEY, settings.Embedded().SECRET_KEY
    assert first == second and len(first) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_refuses_to_start_without_the_audit_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/survey")
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    with pytest.raises(RuntimeError, match="AUDIT_KEY"):
        settings.Production()


def test_the_embedded_audit_key_is_generated_once_beside_the_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    monkeypatch.setattr(settings, "INSTANCE", tmp_path)
    first, second = settings.Embedded().AUDIT_KEY, settings.Embedded().AUDIT_KEY
    assert first == second and len(first) > 40 and first != settings.Embedded().SECRET_KEY
    assert (tmp_path / "audit_key").stat().st_mode & 0o777 == 0o600
