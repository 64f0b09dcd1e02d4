"""Search results list every name of an entity: a Latin query shows its Chinese name."""

from __future__ import annotations

from sqlalchemy.orm import Session

from greenbridge.store.entities import search_entities
from greenbridge.web.deps import templates
from tests.resolve.test_link_bilingual import _english


def test_the_search_results_list_the_chinese_names(session: Session) -> None:
    first = _english(session)
    session.flush()
    hits = search_entities(session, "chinese academy")
    html = templates.env.get_template("search_results.html").render(
        q="chinese academy", entities=hits, documents=[]
    )
    assert hits[0].id == first["o1"]
    assert "中国科学院" in html and "as “Chinese Academy of Sciences”" not in html
