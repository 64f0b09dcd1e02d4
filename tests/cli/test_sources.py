"""`greenbridge sources add|list|poll|remove` against a site served on localhost."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from greenbridge.cli import app
from tests.sources.site import article, rss, serve_site

runner = CliRunner()


def test_sources_commands_poll_and_run_the_new_documents(tmp_path: Path, database_url: str) -> None:
    env = {"GREENBRIDGE_HOME": str(tmp_path / "home"), "GREENBRIDGE_DATABASE_URL": database_url,
           "GREENBRIDGE_SOURCE_INTERVAL": "0", "COLUMNS": "250"}  # fmt: skip

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), env=env, catch_exceptions=False)

    with serve_site() as site:
        site.put("/robots.txt", "User-agent: *\nDisallow: /drafts/\n", "text/plain")
        site.put("/news/1", article("Solar dryers", "A cooperative in Ghana uses solar dryers."))
        site.put("/drafts/2", article("Draft", "Not to be fetched."))
        feed = site.put(
            "/feed.xml", rss(site.base, ["/news/1", "/drafts/2"]), "application/rss+xml"
        )
        assert "source 1: feed" in invoke("sources", "add", feed, "--name", "Co-op news").output
        refused = invoke("sources", "add", "gopher://old.example/feed")
        assert refused.exit_code == 1
        polled = invoke("sources", "poll", "--run", "--no-extract")
        assert polled.exit_code == 0, polled.output
        assert "1 new" in polled.output and "1 refused by robots.txt" in polled.output
        assert "'added': 1" in polled.output
        assert "source 1: 2 listed, 0 new" in invoke("sources", "poll", "1").output
        assert invoke("sources", "poll").output.strip() == ""  # nothing is due
        listed = invoke("sources", "list").output
        assert "queued" in listed and "refused" in listed
        documents = invoke("documents").output
        assert "Solar dryers" in documents
        site.pages.pop("/feed.xml")
        failing = invoke("sources", "poll", "1")
        assert failing.exit_code == 1 and "HTTP 404" in failing.output
        assert "source 1 removed" in invoke("sources", "remove", "1").output
        assert invoke("sources", "remove", "1").exit_code == 1
