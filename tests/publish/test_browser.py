"""A real browser (Debian's headless Chromium, through Playwright) walks the site:
home page → regional objectif → the Gers page → its source line in the plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_server import Server

from sts_graph.namespaces import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page():
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: make browser installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def test_from_the_index_to_an_objectif_its_themes_and_its_source_line(page, server: Server):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server.url + "/")
    expect(page.locator("h1")).to_have_text("Schémas territoriaux de santé d'Occitanie 2023-2028")

    page.locator("ul.tree a", has_text=re.compile(r"^E1D3O7 ")).click()
    expect(page).to_have_url(server.url + "/id/objectif/E1D3O7")
    declinations = page.locator("section.declinations tr td:first-child")
    expect(declinations).to_have_text(["Ariège", "Aveyron", "Gers", "Hérault"])

    page.locator("section.declinations a", has_text="Gers · E1D3O7").click()
    expect(page).to_have_url(server.url + "/id/sts/32/objectif/E1D3O7")
    themes = page.locator("tr", has=page.locator("th", has_text="thème associé")).locator("a")
    expect(themes).to_have_text(["PRAPS", "Prévention, promotion de la santé"])
    page.screenshot(path=str(ARTIFACTS / "objectif-gers-E1D3O7.png"), full_page=True)

    page.locator("p.source a").click()
    expect(page).to_have_url(server.url + "/id/source/32#L475-L547")
    expect(page.locator("#L475-L547")).to_be_in_viewport()
    expect(page.locator("#L475")).to_contain_text("Renforcer les démarches d'« aller vers »")
    expect(page.locator("#L475")).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "source-gers-L475.png"))
