from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from greenbridge.match.importing import import_file, read_records
from greenbridge.store.models import Entity, Evidence
from tests.conftest import SHARED

DEV = SHARED / "match" / "dev.json"
DATA = SHARED / "data"


def test_dev_bench_imports_with_evidence(session: Session) -> None:
    report = import_file(session, DEV, "technology", user="tester")
    needs = import_file(session, DEV, "need")
    assert report.created == 268 and needs.created == 19
    technology = session.scalars(select(Entity).where(Entity.type == "technology")).first()
    assert technology is not None
    assert {"title", "description", "provider", "source", "source_id"} <= set(technology.attributes)
    evidence = session.scalars(select(Evidence).where(Evidence.entity_id == technology.id)).one()
    assert evidence.user == "tester" and evidence.extractor == "import:dev.json"
    region_need = session.scalars(
        select(Entity).where(Entity.type == "need", Entity.name.contains("South Asia"))
    ).one()
    assert region_need.attributes["region"] == "South Asia"
    assert "IN" in region_need.attributes["countries"]


def test_importing_twice_updates_instead_of_duplicating(session: Session) -> None:
    import_file(session, DEV, "technology")
    again = import_file(session, DEV, "technology")
    assert again.created == 0 and again.updated == 268
    count = session.scalar(select(func.count()).select_from(Entity))
    assert count == 268


def test_undp_files_import_cleanly_and_share_ids_with_the_bench(session: Session) -> None:
    import_file(session, DEV, "technology")
    energy = import_file(session, DATA / "undp_acclab_energy_solutions_vfsg2022.csv", "technology")
    assert energy.created + energy.updated == 359 and energy.updated > 0
    africa = import_file(session, DATA / "undp_acclab_africa_solutions_2025-02.csv", "technology")
    assert africa.created + africa.updated == 893
    with_readiness = [
        e for e in session.scalars(select(Entity)) if e.attributes.get("readiness") is not None
    ]
    assert with_readiness


def test_csv_with_a_column_mapping(tmp_path: Path, session: Session) -> None:
    path = tmp_path / "needs.csv"
    path.write_text("code,name,what,where\nN1,Clean water,Filters for wells,Kenya\n")
    mapping = {"source_id": "code", "title": "name", "description": "what", "country": "where"}
    records = list(read_records(path, "need", mapping))
    assert records[0].country == "KE" and records[0].source_id == "N1"
    assert import_file(session, path, "need", mapping).created == 1
