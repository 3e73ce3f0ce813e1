// The findings table: sort, filter and page through every finding without leaving the file.
// Text from the account is only ever set with textContent, never parsed as markup.
(() => {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const PAGE = 100;
  const STATUS_ORDER = { ERROR: 0, NON_COMPLIANT: 1, COMPLIANT: 2, NOT_APPLICABLE: 3 };
  const SEVERITY_ORDER = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
  const rows = data.rows.map((r, order) => {
    const resource = data.resources[r[0]];
    return {
      order,
      resource: resource[0],
      search: resource[0].toLowerCase(),
      type: resource[1],
      region: resource[2],
      account: resource[3],
      link: resource[4],
      rule: data.rules[r[1]],
      status: r[2],
      severity: r[3],
      why: r[4],
    };
  });
  const compare = {
    resource: (a, b) => a.resource.localeCompare(b.resource),
    rule: (a, b) => a.rule.localeCompare(b.rule),
    status: (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status],
    severity: (a, b) => SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity],
    region: (a, b) => a.region.localeCompare(b.region),
    why: (a, b) => a.why.localeCompare(b.why),
  };
  const state = { severity: "", rule: "", status: "", resource: "", sort: "", descending: false, page: 0 };
  const $ = (id) => document.getElementById(id);
  const body = document.querySelector("#findings tbody");

  function fillSelect(select, values) {
    for (const value of values) select.add(new Option(value, value));
  }
  const present = (key, order) => [...new Set(rows.map((r) => r[key]))].sort((a, b) => order(a, b));
  fillSelect(
    $("filter-severity"),
    present("severity", (a, b) => SEVERITY_ORDER[b] - SEVERITY_ORDER[a]),
  );
  fillSelect(
    $("filter-rule"),
    present("rule", (a, b) => a.localeCompare(b)),
  );
  fillSelect(
    $("filter-status"),
    present("status", (a, b) => STATUS_ORDER[a] - STATUS_ORDER[b]),
  );

  function matching() {
    const needle = state.resource.trim().toLowerCase();
    const shown = rows.filter(
      (r) =>
        (!state.severity || r.severity === state.severity) &&
        (!state.rule || r.rule === state.rule) &&
        (!state.status || r.status === state.status) &&
        (!needle || r.search.includes(needle)),
    );
    if (state.sort) {
      const by = compare[state.sort];
      shown.sort((a, b) => (state.descending ? by(b, a) : by(a, b)) || a.order - b.order);
    }
    return shown;
  }

  function cell(tr, text, className) {
    const td = tr.insertCell();
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function rowOf(r) {
    const tr = document.createElement("tr");
    const resource = tr.insertCell();
    const link = document.createElement("a");
    link.href = r.link;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.textContent = r.resource;
    link.title = `${r.type} in ${r.account}, open in the AWS console`;
    resource.append(link);
    cell(tr, r.rule).className = "rule";
    cell(tr, r.status, `status-${r.status}`);
    const severity = tr.insertCell();
    const badge = document.createElement("span");
    badge.className = `sev sev-${r.severity.toLowerCase()}`;
    badge.textContent = r.severity;
    severity.append(badge);
    cell(tr, r.region);
    cell(tr, r.why, "why");
    return tr;
  }

  function render() {
    const shown = matching();
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * PAGE;
    const fragment = document.createDocumentFragment();
    for (const r of shown.slice(start, start + PAGE)) fragment.append(rowOf(r));
    body.replaceChildren(fragment);
    $("match-count").textContent = `${shown.length} of ${rows.length} findings`;
    $("page-position").textContent = shown.length
      ? `${start + 1}–${Math.min(start + PAGE, shown.length)} of ${shown.length}`
      : "none";
    $("page-previous").disabled = state.page === 0;
    $("page-next").disabled = state.page >= pages - 1;
    for (const th of document.querySelectorAll("#findings th[data-sort]")) {
      if (th.dataset.sort === state.sort)
        th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    }
    for (const card of document.querySelectorAll("#cards .card")) {
      const active =
        (card.dataset.severity &&
          card.dataset.severity === state.severity &&
          state.status === "NON_COMPLIANT") ||
        (card.dataset.status === "ERROR" && state.status === "ERROR" && !state.severity);
      card.classList.toggle("active", Boolean(active));
    }
  }

  function setFilter(key, value) {
    state[key] = value;
    state.page = 0;
    render();
  }
  for (const key of ["severity", "rule", "status"]) {
    $(`filter-${key}`).addEventListener("change", (e) => setFilter(key, e.target.value));
  }
  $("filter-resource").addEventListener("input", (e) => setFilter("resource", e.target.value));
  $("filters").addEventListener("submit", (e) => e.preventDefault());

  function sortBy(column) {
    state.descending = state.sort === column ? !state.descending : false;
    state.sort = column;
    render();
  }
  for (const th of document.querySelectorAll("#findings th[data-sort]")) {
    th.addEventListener("click", () => sortBy(th.dataset.sort));
    th.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") sortBy(th.dataset.sort);
    });
  }

  $("page-previous").addEventListener("click", () => {
    state.page--;
    render();
  });
  $("page-next").addEventListener("click", () => {
    state.page++;
    render();
  });

  // A severity card shows its non-compliant findings; the errors card, every unreadable one.
  for (const card of document.querySelectorAll("#cards .card")) {
    card.addEventListener("click", () => {
      if (card.dataset.status === "EXEMPT") {
        $("exempt").scrollIntoView({ behavior: "smooth" });
        return;
      }
      state.severity = card.dataset.severity || "";
      state.status = card.dataset.severity ? "NON_COMPLIANT" : "ERROR";
      state.page = 0;
      $("filter-severity").value = state.severity;
      $("filter-status").value = state.status;
      render();
      $("findings").scrollIntoView({ behavior: "smooth" });
    });
  }

  render();
  document.body.dataset.ready = "true";
})();
