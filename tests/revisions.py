"""Revisions made from the committed plans, as the agency revises them: the Gers
plan with a target raised, an action added and a title reworded, and the regional
scheme with an objectif renumbered."""

from __future__ import annotations

from pathlib import Path

from sts_graph.extract import extract
from sts_graph.mapping import plan_graph, turtle

GERS = "32-gers"
E1D3O7 = "sts/32/objectif/E1D3O7"
TITLE = "Renforcer les démarches d'« aller vers » en prévention et promotion de la santé, {}"
REVISIONS = (  # (the plan's text, the revised text): each once in the plan
    ("\tPsychiatrie périnatale\t1", "\tPsychiatrie périnatale\t2"),
    (TITLE.format("notamment pour"), TITLE.format("en particulier pour")),
)
ADDED = "Une action ajoutée par la révision du plan."


def revised(text: str) -> str:
    """The Gers plan's *text* revised: a target raised, a title reworded, an action added."""
    for before, after in REVISIONS:
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    practice = text.index("Mise en place d'une action « d'aller-vers » reposant")
    end = text.index("\n", practice)
    return f"{text[:end]}\n\n{ADDED}{text[end:]}"


def plan_turtle(folder: Path, text: str) -> Path:
    """The Turtle of the Gers plan written as *text*, in *folder*."""
    (folder / "src").mkdir(parents=True)
    (folder / "src" / f"{GERS}.txt").write_text(text, encoding="utf-8")
    (plan,), framework = extract(folder / "src")
    (folder / f"{GERS}.ttl").write_text(turtle(plan_graph(plan, framework)), encoding="utf-8")
    return folder


def renumbered(source: Path, out: Path, before: str, after: str) -> Path:
    """The Turtle of *source* as it would be had the agency renumbered the objectif
    *before* as *after* in the regional scheme: its IRIs and its notation changed."""
    out.mkdir()
    for path in sorted(source.glob("*.ttl")):
        text = path.read_text(encoding="utf-8")
        text = text.replace(f"/objectif/{before}", f"/objectif/{after}")
        (out / path.name).write_text(text.replace(f'"{before}"', f'"{after}"'), encoding="utf-8")
    return out
