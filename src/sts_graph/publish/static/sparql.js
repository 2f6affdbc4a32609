// /sparql: a SPARQL 1.1 editor over the published graph. The engine is the server
// that serves the site when it answers the SPARQL protocol at /sparql (sts-graph
// serve), else Oxigraph in WebAssembly over the published N-Quads dump.
const root = new URL("./", document.baseURI);
const status = document.getElementById("status");
const form = document.getElementById("sparql-form");
const saved = JSON.parse(document.getElementById("saved-queries").textContent);
const byName = new Map(saved.map((q) => [q.name, q]));
const textarea = document.getElementById("query");
const editor = window.CodeMirror
  ? window.CodeMirror.fromTextArea(textarea, {
      mode: "sparql",
      lineNumbers: true,
      lineWrapping: true, // the editor grows with the query: no region to scroll
      viewportMargin: Infinity,
      screenReaderLabel: "Requête SPARQL",
    })
  : null;
if (editor) {
  // CodeMirror's scroller is a scrollable region: reachable from the keyboard, named
  const scroller = editor.getScrollerElement();
  scroller.tabIndex = 0;
  scroller.setAttribute("aria-label", "Requête SPARQL (défilement)");
}
const text = () => (editor ? editor.getValue() : textarea.value);
const setText = (value) => (editor ? editor.setValue(value) : (textarea.value = value));
const JSON_RESULTS = "application/sparql-results+json";

// A phrase folded as the texts' search keys are (sts_graph/core/search_key.py, the same
// steps): lower case, nonspacing marks dropped, œ and æ spelt out, every run of
// characters other than letters and digits one space, none at either end.
const searchKey = (value) =>
  value.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC")
    .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/[^\p{L}\p{N}]+/gu, " ").trim();

// A parameter's value as a literal of its type, by the rules the site gives with each
// query (`binding`: those `sts-graph query --param` binds with).
function literal(binding, param, value) {
  if (param.type === "integer") {
    if (!new RegExp(binding.integer).test(value)) throw new Error(`${param.name} : un nombre entier est attendu`);
    return String(parseInt(value, 10));
  }
  const text = param.type === "search" ? searchKey(value) : value.normalize("NFC");
  return `"${Array.from(text, (c) => binding.escapes[c] ?? c).join("")}"`;
}

// The query's text, each given value spliced into its slot (the parts come from the site).
function withValues(query, values) {
  const params = new Map(query.params.map((p) => [p.name, p]));
  return query.binding.parts
    .map((part) => {
      if (typeof part === "string") return part;
      if (!(part.param in values)) return part.written;
      return literal(query.binding, params.get(part.param), values[part.param]);
    })
    .join("");
}

function showQuery(name, given) {
  const query = byName.get(name);
  const fieldset = document.getElementById("params");
  fieldset.replaceChildren();
  const legend = document.createElement("legend");
  legend.textContent = "Paramètres";
  fieldset.append(legend);
  document.getElementById("question").textContent = query ? query.question[0] : "";
  if (!query) return;
  for (const param of query.params) {
    const label = document.createElement("label");
    label.textContent = `${param.name} (${param.help}) `;
    const input = document.createElement("input");
    input.name = param.name;
    input.id = `param-${param.name}`;
    input.value = given.get(param.name) ?? param.default;
    if (param.type === "integer") input.inputMode = "numeric";
    input.addEventListener("input", () => render(query));
    label.htmlFor = input.id;
    const p = document.createElement("p");
    p.append(label, input);
    fieldset.append(p);
  }
  fieldset.hidden = query.params.length === 0;
  render(query);
}

function render(query) {
  const values = {};
  for (const input of document.querySelectorAll("#params input")) values[input.name] = input.value;
  try {
    setText(withValues(query, values));
  } catch (error) {
    status.textContent = error.message;
  }
}

async function serverEngine() {
  const ask = (query, accept) =>
    fetch(new URL("sparql", root), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: accept },
      body: new URLSearchParams({ query }),
    });
  const probe = await ask("ASK {}", JSON_RESULTS);
  if (!probe.ok || !(probe.headers.get("Content-Type") || "").startsWith(JSON_RESULTS)) return null;
  return {
    name: "le serveur SPARQL du site (/sparql)",
    async run(query, accept) {
      const response = await ask(query, accept);
      if (!response.ok) throw new Error(await response.text());
      return response.text();
    },
  };
}

async function wasmEngine() {
  const oxigraph = await import(new URL("static/vendor/oxigraph/web.js", root).href);
  await oxigraph.default();
  const store = new oxigraph.Store();
  status.textContent = "Chargement du dump…";
  const dump = await fetch(new URL("dumps/sts-graph.nq", root));
  store.load(await dump.text(), { format: "application/n-quads" });
  return {
    name: `Oxigraph (WebAssembly), ${store.size.toLocaleString("fr-FR")} triplets`,
    async run(query, accept) {
      return store.query(query, { results_format: accept, use_default_graph_as_union: true });
    },
  };
}

function cell(term) {
  if (!term) return "";
  return term.type === "bnode" ? `_:${term.value}` : term.value;
}

// The W3C SPARQL 1.1 CSV of an answer in SPARQL JSON (RFC 4180: CRLF line ends, a
// cell quoted when it holds a comma, a quote or a line break), as `--format csv` writes.
function toCsv(answer) {
  const field = (text) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const columns = answer.head.vars;
  const lines = [columns.map(field)];
  for (const binding of answer.results?.bindings ?? []) lines.push(columns.map((c) => field(cell(binding[c]))));
  // a row of one empty cell is written "" (not an empty line), as Python's csv does
  return lines.map((line) => `${line.length === 1 && line[0] === "" ? '""' : line.join(",")}\r\n`).join("");
}

function show(json) {
  const answer = JSON.parse(json);
  const csv = toCsv(answer);
  const columns = answer.head.vars;
  const head = document.querySelector("#results thead");
  const body = document.querySelector("#results tbody");
  const row = document.createElement("tr");
  for (const column of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column;
    row.append(th);
  }
  head.replaceChildren(row);
  const rows = (answer.results?.bindings ?? []).map((binding) => {
    const tr = document.createElement("tr");
    for (const column of columns) {
      const td = document.createElement("td");
      const term = binding[column];
      if (term && term.type === "uri") {
        const a = document.createElement("a");
        a.href = term.value.replace("https://w3id.org/sts-graph/", root.href);
        a.textContent = term.value;
        td.append(a);
      } else {
        td.textContent = cell(term);
      }
      tr.append(td);
    }
    return tr;
  });
  body.replaceChildren(...rows);
  document.getElementById("count").textContent = rows.length;
  const link = (id, data, type) => {
    const a = document.getElementById(id);
    URL.revokeObjectURL(a.href);
    a.href = URL.createObjectURL(new Blob([data], { type }));
  };
  link("download-csv", csv, "text/csv");
  link("download-json", json, JSON_RESULTS);
  document.getElementById("answer").hidden = false;
}

async function main() {
  const engine = (await serverEngine().catch(() => null)) ?? (await wasmEngine());
  status.textContent = `Prêt : ${engine.name}.`;
  const button = document.getElementById("run");
  button.disabled = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "Requête en cours…";
    try {
      const query = text();
      show(await engine.run(query, JSON_RESULTS)); // one request: the CSV is made from it
      status.textContent = `Prêt : ${engine.name}.`;
    } catch (error) {
      status.textContent = `Erreur : ${error.message ?? error}`;
    }
  });
  const select = document.getElementById("saved");
  select.addEventListener("change", () => showQuery(select.value, new Map()));
  const params = new URLSearchParams(location.search);
  const name = params.get("requete");
  if (name && byName.has(name)) {
    select.value = name;
    showQuery(name, params);
    form.requestSubmit();
  }
}

main().catch((error) => {
  status.textContent = `Le moteur SPARQL n'a pas pu démarrer : ${error.message ?? error}`;
});
