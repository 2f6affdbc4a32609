"""A real browser (Debian's headless Chromium, through Playwright) walks the site:
home page → regional objectif → the Gers page → its source line in the plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_server import Server

from sts_graph.core.paths import ROOT

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


AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
A11Y_PAGES = {
    "accueil": "/",
    "objectif": "/id/sts/32/objectif/E1D3O7",
    "departement": "/departements/32",
    "recherche": "/recherche?q=telemedecine",
    "sparql": "/sparql?requete=objectifs-par-departement",
}


def test_a_search_ignores_accents_and_lists_objectif_pages(page, server: Server):
    page.goto(server.url + "/")
    page.fill("#site-search", "telemedecine")
    page.press("#site-search", "Enter")
    page.wait_for_function("document.getElementById('search-status').textContent !== ''")
    links = page.locator("#hits li a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 5
    assert any(re.fullmatch(r"id/sts/\d\d/objectif/[^/]+(/action/\d+)?", h) for h in hrefs)
    assert "télémédecine" in page.locator("#hits").inner_text().lower()
    page.screenshot(path=str(ARTIFACTS / "recherche-telemedecine.png"), full_page=True)


@pytest.mark.parametrize("engine", ["server", "webassembly"])
def test_sparql_page_answers_a_saved_query_like_the_cli(page, server: Server, store, engine):
    from sts_graph.query import run
    from sts_graph.query.results import to_csv

    rows = run(store, "objectifs-par-departement")
    if engine == "webassembly":  # no SPARQL protocol beside the site: Oxigraph in the page
        page.route("**/sparql", lambda r: r.abort() if r.request.method == "POST" else r.fallback())
    page.goto(server.url + "/sparql?requete=objectifs-par-departement")
    page.wait_for_selector("#answer:not([hidden])", timeout=60_000)
    assert page.locator("#results tbody tr").count() == len(rows)
    assert ("WebAssembly" in page.locator("#status").inner_text()) == (engine == "webassembly")
    with page.expect_download() as download:
        page.click("#download-csv")
    assert Path(download.value.path()).read_bytes() == to_csv(rows).encode("utf-8")
    page.unroute("**/sparql")
    page.screenshot(path=str(ARTIFACTS / f"sparql-{engine}.png"))


def test_the_server_engine_asks_once_per_query(page, server: Server):
    asked: list[str] = []

    def note(request) -> None:
        if request.url.endswith("/sparql"):
            asked.append(request.post_data or "")

    page.on("request", note)
    page.goto(server.url + "/sparql?requete=objectifs-par-departement")
    page.wait_for_selector("#answer:not([hidden])", timeout=60_000)
    page.remove_listener("request", note)
    queries = [body for body in asked if "ASK" not in body]  # the probe is an ASK
    assert len(queries) == 1, asked


# values a researcher may type: quotes, backslashes, line breaks, a decomposed accent,
# text that would close the VALUES block
TYPED = {
    "code": ["E1D3O7", 'a"b', "back\\slash", "line\nbreak\ttab", "e\u0301te", '" } } DROP ALL #'],
    "min": ["3", " +7 ", "-2"],
    # a phrase is folded in the browser as search_key folds it in Python
    "motif": ["Télémédecine", "l’accès  aux-soins", "ŒUVRE Æ", "e\u0301te", 'a"b \\ }', "İ ΑΣ ½²"],
}


@pytest.mark.parametrize(
    "name, param",
    [
        ("actions-objectif", "code"),
        ("objectifs-tous-departements", "min"),
        ("recherche-actions", "motif"),
    ],
)
def test_the_browser_binds_a_parameter_as_the_command_line(page, server: Server, name, param):
    from sts_graph.query import find, with_values

    page.goto(f"{server.url}/sparql?requete={name}")
    page.wait_for_selector("#answer:not([hidden])", timeout=60_000)
    shown = "document.querySelector('.CodeMirror').CodeMirror.getValue()"
    for value in TYPED[param]:
        page.fill(f"#param-{param}", value)
        typed = page.input_value(f"#param-{param}")  # a text field holds no line break
        assert page.evaluate(shown) == with_values(find(name), {param: typed}), value


def test_a_parameter_field_changes_the_answer(page, server: Server, store):
    from sts_graph.query import run

    page.goto(server.url + "/sparql?requete=actions-objectif&code=E3D1O5")
    page.wait_for_selector("#answer:not([hidden])", timeout=60_000)
    assert page.input_value("#param-code") == "E3D1O5"
    expected = run(store, "actions-objectif", {"code": "E3D1O5"})
    assert page.locator("#results tbody tr").count() == len(expected)
    assert page.locator("#results tbody tr").first.inner_text().startswith("09")


@pytest.mark.parametrize("name", A11Y_PAGES)
def test_no_serious_accessibility_violation(page, server: Server, name):
    page.goto(server.url + A11Y_PAGES[name])
    page.wait_for_load_state("networkidle")
    if name == "sparql":
        page.wait_for_selector("#answer:not([hidden])", timeout=60_000)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.length + ' × ' + v.nodes[0].target.join(' '))"
    )
    page.screenshot(path=str(ARTIFACTS / f"a11y-{name}.png"))
    assert violations == [], "\n".join(violations)
