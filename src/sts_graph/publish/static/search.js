// /recherche: MiniSearch over the index the site was published with. Case, accents,
// œ/æ and the apostrophe's form are folded on both sides, so « telemedecine » finds
// « télémédecine » and « l'acces » finds « l’accès ».
(function () {
  const script = document.currentScript;
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const hits = document.getElementById("hits");
  const status = document.getElementById("search-status");
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/[’‘ʼ`´]/g, "'");
  const search = new MiniSearch({
    fields: ["t", "x", "k", "d"],
    storeFields: ["id", "t", "x", "k", "d"],
    tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean),
    processTerm: (term) => fold(term),
    searchOptions: { prefix: true, fuzzy: 0.15, combineWith: "AND", boost: { t: 2 } },
  });
  const ready = fetch(script.dataset.index)
    .then((response) => response.json())
    .then((documents) => search.addAll(documents));

  function excerpt(text, terms) {
    const folded = fold(text);
    const found = terms.map((t) => folded.indexOf(t)).filter((i) => i >= 0);
    const at = found.length ? Math.min(...found) : 0;
    const start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 220) + (text.length > start + 220 ? "…" : "");
  }

  async function run(query) {
    await ready;
    const found = query.trim() ? search.search(query) : [];
    hits.replaceChildren(
      ...found.slice(0, 100).map((hit) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = hit.id;
        a.textContent = hit.t;
        const kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = ` ${hit.k}${hit.d ? " · " + hit.d : ""}`;
        li.append(a, kind);
        if (hit.x) {
          const p = document.createElement("p");
          p.textContent = excerpt(hit.x, hit.terms);
          li.append(p);
        }
        return li;
      }),
    );
    status.textContent = query.trim()
      ? `${found.length} résultat${found.length > 1 ? "s" : ""}${found.length > 100 ? " (les 100 premiers)" : ""} pour « ${query} ».`
      : "";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  const given = new URLSearchParams(location.search).get("q");
  if (given) {
    input.value = given;
    run(given);
  }
})();
