"""The extractor against the hand-checked expectations of every plan."""

from __future__ import annotations

import re

import pytest
from helpers import PLAN_NAMES, expectation

from sts_graph.extract.text import key
from sts_graph.extract.vocabularies import vocabularies

# Pages where the extractor still reads the pdftotext layout differently from the
# hand-checked expectation (strict: a fix makes the test fail until removed here).
OBJECTIF_PAGES = [
    pytest.param(
        name,
        index,
        id=f"{name}:{page['line']}",
    )
    for name in PLAN_NAMES
    for index, page in enumerate(expectation(name)["objectifs"])
]


def same(a: str, b: str) -> bool:
    return key(a.replace("*", "")) == key(b.replace("*", ""))


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_defi_pages(plans, name):
    exp = expectation(name)
    got = [(d.span.start, d.code) for d in plans[name].defis]
    assert got == [(d["line"], d["code"]) for d in exp["defis"]]
    assert len(got) == exp["defi_pages"]


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_defi_titles_themes_parcours(plans, name):
    for page, exp in zip(plans[name].defis, expectation(name)["defis"], strict=True):
        assert same(page.title, exp["title"]), page.span.start
        assert [m.concept.label for m in page.themes] == exp["themes"], page.span.start
        assert [m.concept.label for m in page.parcours] == exp["parcours"], page.span.start


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_objectif_pages_and_codes(plans, name):
    exp = expectation(name)
    got = [(o.span.start, o.code) for o in plans[name].objectifs]
    assert got == [(o["line"], o["code"]) for o in exp["objectifs"]]
    assert len(got) == exp["objectif_pages"]


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_objectif_themes_parcours(plans, name):
    for page, exp in zip(plans[name].objectifs, expectation(name)["objectifs"], strict=True):
        assert [m.concept.label for m in page.themes] == exp["themes"], page.span.start
        assert [m.concept.label for m in page.parcours] == exp["parcours"], page.span.start


@pytest.mark.parametrize(("name", "index"), OBJECTIF_PAGES)
def test_objectif_title_and_actions(plans, name, index):
    page, exp = plans[name].objectifs[index], expectation(name)["objectifs"][index]
    assert same(page.title, exp["title"])
    got = [key(a.text.replace("*", "")[:30]) for a in page.actions]
    want = [key(a.replace("*", "")[:30]) for a in exp["actions"]]
    assert got == want


def test_framework_engagements(extraction):
    _plans, framework = extraction
    assert list(framework.engagements) == ["E1", "E2", "E3", "E4", "E5", "E6"]
    assert framework.engagements["E6"].label == "Soutenir l'attractivité des métiers de la santé"


def test_misprinted_reference_is_repaired(plans):
    herault = plans["34-herault"]
    page = next(o for o in herault.objectifs if o.span.start == 665)
    assert (page.printed_code, page.code) == ("Réf. E1D307", "E1D3O7")
    assert any(a.line == 665 and a.kind == "repair" for a in herault.anomalies)


def test_unnumbered_objectif_is_resolved_by_title(plans):
    gers = plans["32-gers"]
    assert gers.objectifs[0].printed_code is None and gers.objectifs[0].code == "E1D3O7"


def test_unresolved_objectif_is_kept_and_reported(plans):
    gers = plans["32-gers"]
    page = next(o for o in gers.objectifs if o.span.start == 1069)
    assert page.code is None
    assert any(a.line == 1069 and a.kind == "unresolved" for a in gers.anomalies)


def _oqos_matches(row, exp) -> bool:
    label = key((exp["mention"] or exp["modalite"] or "").replace("*", ""))[:30]
    got = {key(t.replace("*", ""))[:30] for t in (row.label, row.group or "")}
    activite = vocabularies().activite_label(row.activite)
    return (
        label in got
        and activite.startswith(exp["activite"].split(" (")[0][:12])
        and row.zone == exp["zone"]
        and row.existant == exp["existant"]
        and (row.cible or "").replace(" ", "") == (exp["cible_texte"] or "").replace(" ", "")
        and row.target_range == (exp["cible_min"], exp["cible_max"])
    )


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_oqos_rows(plans, name):
    rows = plans[name].oqos
    expected = expectation(name)["oqos"]
    assert len(expected) >= 12
    for exp in expected:
        candidates = [r for r in rows if r.span.start <= exp["line"] <= r.span.end]
        assert any(_oqos_matches(r, exp) for r in candidates), (exp, candidates)


def test_oqos_activite_recognised_without_heading(plans):
    gard = plans["30-gard"]
    assert {r.activite for r in gard.oqos if r.span.start in (2239, 2247)} == {"psychiatrie"}
    assert any("Psychiatrie recognised from its rows" in a.message for a in gard.anomalies)


# dispositif names of the expectations → ontology classes (others are not dispositifs)
DISPOSITIF_CLASSES = {
    "Établissements de santé": "EtablissementDeSante",
    "Maternités": "Maternite",
    "Structures des urgences": "StructureDesUrgences",
    "Maisons médicales de garde": "MaisonMedicaleDeGarde",
    "Centres de soins non programmés": "CentreDeSoinsNonProgrammes",
    "SOS médecins": "SOSMedecins",
    "Stations thermales": "StationThermale",
    "Centres de santé": "CentreDeSante",
    "Centre périnatal de proximité": "CentrePerinatalDeProximite",
}
NOT_DISPOSITIFS = {"Places pour personnes vivant avec un handicap", "ESMS", "Centres de soins"}


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_dispositif_counts(plans, name):
    counts = {(c.dispositif, c.count, c.line) for c in plans[name].counts}
    for exp in expectation(name)["dispositifs"]:
        if exp["type"] in NOT_DISPOSITIFS:
            continue
        cls = DISPOSITIF_CLASSES.get(exp["type"], exp["type"])
        assert (cls, exp["nombre"], exp["line"]) in counts, exp


def test_contradicting_counts_both_stand(plans):
    gers = plans["32-gers"]
    cpts = sorted((c.count, c.line) for c in gers.counts if c.dispositif == "CPTS")
    assert cpts == [(1, 238), (2, 794)]
    assert any(a.kind == "contradiction" and "CPTS" in a.message for a in gers.anomalies)


def test_indicators_with_comparators(plans):
    gers = {i.span.start: i for i in plans["32-gers"].indicators}
    poverty = gers[106]
    assert (poverty.value, poverty.unit, poverty.occitanie, poverty.france) == (
        "15",
        "%",
        "17",
        "15",
    )
    no_doctor = gers[171]
    assert "médecin traitant" in no_doctor.label
    assert (no_doctor.value, no_doctor.occitanie, no_doctor.france) == ("13", "11", None)


def test_cts_defis_cnr_and_quotes(plans):
    gers = plans["32-gers"]
    assert len(gers.cts_defis) == 9
    assert gers.cts_defis[0].text.startswith("Donner à tous un accès à un médecin traitant")
    axes = [p.axis for p in gers.cnr]
    assert axes.count("La prévention") == 6 and axes.count("L'accès aux soins") == 5
    assert len(gers.quotes) == 6 and gers.quotes[1].span.start == 23
    ariege = plans["09-ariege"]
    assert ariege.cts_defis[0].text == "Le développement de l'aller-vers"


def test_listing_sections_keep_their_items_in_order(plans):
    # 32-gers.txt:498-502: five bullets under « L'objectif »; 521-529: five paragraphs
    # under « Les résultats attendus »
    page = plans["32-gers"].objectifs[0]
    assert [t.span.start for t in page.objectif] == [498, 499, 500, 501, 502]
    assert page.objectif[1].text == (
        "Renforcer l'accessibilité à tous les dispositifs de droit commun,"
    )
    assert [t.text for t in page.resultats][::4] == [
        "Restauration de la relation de confiance des personnes visées.",
        "Couverture territoriale des démarches d'« aller vers ».",
    ]
    assert len(page.resultats) == 5


def test_an_oqos_row_whose_value_is_blank_stays_a_row(plans):
    # 32-gers.txt:1431-1439: « Psychiatrie adulte » (line 1431), then its rows, « Appartement
    # thérapeutique » and « Centre de crise » with a blank Bilan cell, « Centre de postcure
    # psychiatrique » 0; line 1440 opens « Psychiatrie infanto juvénile »
    rows = [r for r in plans["32-gers"].oqos if r.activite == "psychiatrie"]
    got = [(r.span.start, r.label, r.group, r.existant) for r in rows][3:9]
    assert got == [
        (1435, "Placement familial thérapeutique", "Psychiatrie adulte", "1"),
        (1436, "Hospitalisation à domicile", "Psychiatrie adulte", "1"),
        (1437, "Appartement thérapeutique", "Psychiatrie adulte", None),
        (1438, "Centre de crise", "Psychiatrie adulte", None),
        (1439, "Centre de postcure psychiatrique", "Psychiatrie adulte", "0"),
        (1441, "Hospitalisation complète", "Psychiatrie infanto juvénile", "1"),
    ]


@pytest.mark.parametrize(
    ("name", "line", "hc", "htp"),
    [("09-ariege", 7637, "4", "0"), ("32-gers", 1650, "10", "1")],
)
def test_a_bilan_table_keeps_both_its_counts(plans, name, line, hc, htp):
    # the SMR « bilan » tables print two counts a row, HC and HTP (« SSR Adultes »)
    row = next(r for r in plans[name].oqos if r.span.end == line)
    assert (row.label, row.hc, row.htp, row.existant) == ("SSR Adultes", hc, htp, None)


def test_every_data_repere_figure_measures_an_indicator_of_the_vocabulary(plans):
    for name, plan in plans.items():
        for indicator in plan.indicators:
            assert indicator.measures is not None, (name, indicator.span.start, indicator.label)
    # 09-ariege.txt:226-231: « Les +65 ans », « 26% aujourd'hui », « (22% en moyenne en
    # Occitanie) »: the heading stays in the label, the figure is the share of the 65+
    ariege = next(i for i in plans["09-ariege"].indicators if i.span.start == 228)
    assert (ariege.label, ariege.value, ariege.occitanie) == (
        "Les +65 ans 26% aujourd'hui",
        "26",
        "22",
    )
    assert ariege.measures.notation == "plus-65-ans"


def test_an_oqos_heading_over_two_lines_and_long_rows_keep_their_table(plans):
    # 34-herault.txt:2375-2376: « Activité interventionnelle sous imagerie médicale » /
    # « en cardiologie » heads the cardiology tables; 2380-2382, rows of over 200
    # characters, are its « bilan »; 2392-2393 the mentions of its « Modalité 2 »
    rows = {r.span.start: r for r in plans["34-herault"].oqos}
    assert {rows[n].activite for n in (2380, 2381, 2382, 2388, 2392, 2393)} == {
        "cardiologie-interventionnelle"
    }
    assert rows[2380].existant == "4" and rows[2418].activite == "eml"
    assert (rows[2392].group, rows[2392].cible) == (
        "Modalité 2 Cardiopathies congénitales hors rythmologie",
        "1",
    )


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_a_modalite_named_by_its_number_is_neither_a_row_nor_a_mention(plans, name):
    # « Modalité 3 » over « Cardiopathies ischémiques… »: the number names the modalité
    # (never a target read off it), and a modalité printed with no mention is no mention
    for row in plans[name].oqos:
        assert key(row.label) != "modalite", row
        assert not (row.mention and re.match(r"Modalit[ée] \d", row.label)), row
