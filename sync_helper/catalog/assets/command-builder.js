/*
 * « Préparer la commande »: the sync-helper command (and the Moodle form to use instead) for
 * a course and some cohort codes, computed in the page as the administrator types.
 *
 * Nothing leaves the page: no request but the code index's own search files, no token field.
 * parseCourseRef() mirrors sync_helper/moodle/courses.py's parse_course_ref() (a shared table
 * of references runs against both); the options emitted are sync-helper's (a test parses every
 * command built here with the CLI's click definitions). Text reaches the page through
 * textContent and attributes only, never innerHTML.
 */
(() => {
  "use strict";

  /** Pages whose ``?id=N`` is the course id (courses.COURSE_ID_PAGES). */
  const COURSE_ID_PAGES = new Set([
    "/course/view.php",
    "/course/edit.php",
    "/user/index.php",
    "/enrol/instances.php",
  ]);
  const EDIT_INSTANCE = "/enrol/editinstance.php";
  const PREFIXES = new Set(["id", "shortname", "idnumber"]);
  // Python's str.isdigit() / re's \d, for what a course reference can hold.
  const DIGITS = /^\p{Nd}+$/u;

  /** Every option a built command can carry, by command (a test checks them against click). */
  const OPTIONS = {
    global: ["--dry-run", "--yes"],
    sync: ["--role", "--group", "--disabled"],
    unsync: ["--disable", "--role"],
  };

  /** Moodle's French labels for the roles of its « Attribuer un rôle » field. */
  const ROLES = [
    ["student", "Étudiant"],
    ["teacher", "Enseignant non éditeur"],
    ["editingteacher", "Enseignant"],
    ["manager", "Gestionnaire"],
  ];

  /** urllib.parse.unquote_plus: invalid escapes stay as written, bad UTF-8 becomes U+FFFD. */
  function unquotePlus(text) {
    const decoder = new TextDecoder("utf-8");
    return text
      .replace(/\+/g, " ")
      .replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
        decoder.decode(Uint8Array.from(run.match(/%../g), (byte) => parseInt(byte.slice(1), 16))),
      );
  }

  /** urllib.parse.parse_qs (blank values dropped, ``&`` only): key → values. */
  function parseQuery(query) {
    const found = new Map();
    for (const piece of query.split("&")) {
      if (!piece) continue;
      const cut = piece.indexOf("=");
      const value = cut < 0 ? "" : piece.slice(cut + 1);
      if (!value) continue;
      const key = unquotePlus(cut < 0 ? piece : piece.slice(0, cut));
      if (!found.has(key)) found.set(key, []);
      found.get(key).push(unquotePlus(value));
    }
    return found;
  }

  /** urllib.parse.urlsplit's hostname and path (scheme already known to be http or https). */
  function splitUrl(url) {
    let rest = url.slice(url.indexOf("//") + 2);
    const fragment = rest.indexOf("#");
    if (fragment >= 0) rest = rest.slice(0, fragment);
    const question = rest.indexOf("?");
    const query = question >= 0 ? rest.slice(question + 1) : "";
    if (question >= 0) rest = rest.slice(0, question);
    const slash = rest.indexOf("/");
    const netloc = slash >= 0 ? rest.slice(0, slash) : rest;
    const path = slash >= 0 ? rest.slice(slash) : "";
    const host = netloc.slice(netloc.lastIndexOf("@") + 1);
    const hostname = host.startsWith("[")
      ? host.slice(1, host.indexOf("]") >= 0 ? host.indexOf("]") : undefined)
      : host.split(":")[0];
    return { hostname: hostname ? hostname.toLowerCase() : null, path, query };
  }

  const siteParts = (siteUrl) =>
    siteUrl ? splitUrl(/^[a-z]+:\/\//i.test(siteUrl) ? siteUrl : `//${siteUrl}`) : null;

  /**
   * A course reference as the CLI reads it: ``{field, value}`` with field ``id``,
   * ``shortname``, ``idnumber`` or ``any`` (shortname, then idnumber), or ``{error}``.
   */
  function parseCourseRef(raw, siteUrl) {
    const text = raw.trim();
    if (!text) return { error: "empty" };
    if (DIGITS.test(text)) return { field: "id", value: text };
    if (/^https?:\/\//.test(text)) return courseFromUrl(text, siteUrl);
    const colon = text.indexOf(":");
    if (colon >= 0) {
      const prefix = text.slice(0, colon);
      const value = text.slice(colon + 1);
      if (PREFIXES.has(prefix) && value) {
        if (prefix === "id" && !DIGITS.test(value)) return { error: "id-not-number" };
        return { field: prefix, value };
      }
    }
    return { field: "any", value: text };
  }

  function courseFromUrl(url, siteUrl) {
    const parts = splitUrl(url);
    const site = siteParts(siteUrl);
    if (site && parts.hostname !== site.hostname)
      return { error: "other-site", host: parts.hostname };
    const query = parseQuery(parts.query);
    let path = parts.path;
    const base = site ? site.path.replace(/\/+$/, "") : "";
    if (base && path.startsWith(base)) path = path.slice(base.length);
    const key = path === EDIT_INSTANCE ? "courseid" : "id";
    const value = (query.get(key) || [""])[0];
    if ((COURSE_ID_PAGES.has(path) || path === EDIT_INSTANCE) && DIGITS.test(value))
      return { field: "id", value };
    if (path === "/course/view.php" && query.get("name"))
      return { field: "shortname", value: query.get("name")[0] };
    return { error: "no-course-in-url" };
  }

  /** shlex.quote. */
  function shellQuote(word) {
    if (!word) return "''";
    if (!/[^\w@%+=:,./-]/.test(word)) return word;
    return `'${word.replace(/'/g, `'"'"'`)}'`;
  }

  /** What the CLI gets for the course: the id of a URL, otherwise the words as typed. */
  function courseArgument(ref, raw) {
    return ref.field === "id" ? ref.value : raw.trim();
  }

  /**
   * The command for ``state``: ``{course, codes, action, role, group, disabled, dryRun,
   * yes}``, action ``sync``, ``unsync`` or ``disable``; ``group`` ``none``, ``new`` or a name.
   * Returns the list of words (without quoting), or null while something is missing.
   */
  function commandWords(state, siteUrl) {
    const ref = parseCourseRef(state.course, siteUrl);
    if (ref.error || !state.codes.length || !state.group) return null;
    const words = ["sync-helper"];
    if (state.dryRun) words.push("--dry-run");
    if (state.yes && state.action === "unsync") words.push("--yes");
    const course = courseArgument(ref, state.course);
    if (state.action === "sync") {
      words.push("sync", course, ...state.codes, "--role", state.role);
      if (state.group !== "none") words.push("--group", state.group);
      if (state.disabled) words.push("--disabled");
    } else {
      words.push("unsync", course, ...state.codes);
      if (state.action === "disable") words.push("--disable");
      if (state.role) words.push("--role", state.role);
    }
    return words;
  }

  const commandLine = (words) => words.map(shellQuote).join(" ");

  const COURSE_ERRORS = {
    empty: () => "Collez l'adresse du cours (ou son identifiant, son nom abrégé).",
    "id-not-number": () => "Après «\u202fid:\u202f», l'identifiant du cours est un nombre.",
    "other-site": (ref, site) =>
      `Cette adresse est sur ${ref.host || "un autre site"}, pas sur ${site}\u202f: ` +
      "copiez l'adresse du cours sur ce Moodle.",
    "no-course-in-url": () =>
      "Pas d'identifiant de cours dans cette adresse\u202f: copiez celle de la page du cours " +
      "(…/course/view.php?id=N), ou donnez son identifiant ou son nom abrégé.",
  };

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function labelled(text, control, hint) {
    const label = element("label", "command-builder-field");
    label.append(element("span", "command-builder-label", text), control);
    if (hint) label.append(element("span", "command-builder-hint", hint));
    return label;
  }

  function select(name, options) {
    const node = element("select");
    node.name = name;
    for (const [value, text] of options) {
      const option = element("option", "", text);
      option.value = value;
      node.append(option);
    }
    return node;
  }

  function checkbox(name, text) {
    const input = element("input");
    input.type = "checkbox";
    input.name = name;
    const label = element("label", "command-builder-check");
    label.append(input, ` ${text}`);
    return { input, label };
  }

  let builders = 0;

  class CommandBuilder {
    constructor(root) {
      this.root = root;
      this.id = `command-builder-${(builders += 1)}`;
      this.siteUrl = (root.dataset.moodleUrl || "").replace(/\/+$/, "");
      this.codes = (root.dataset.codes || "").split(" ").filter(Boolean);
      this.labels = new Map();
      this.build();
      this.searchData = this.openSearch();
      this.update();
    }

    build() {
      const form = element("form", "command-builder-form");
      form.addEventListener("submit", (event) => event.preventDefault());
      this.course = element("input");
      Object.assign(this.course, { type: "text", name: "course", spellcheck: false });
      this.course.placeholder = `${this.siteUrl}/course/view.php?id=…`;
      this.course.autocomplete = "off";
      this.courseSays = element("span", "command-builder-hint");
      this.courseSays.id = `${this.id}-course`;
      this.course.setAttribute("aria-describedby", this.courseSays.id);
      const course = labelled("Cours Moodle (adresse, identifiant ou nom abrégé)", this.course);
      course.append(this.courseSays);

      this.chosen = element("ul", "command-builder-codes");
      this.chosen.setAttribute("aria-label", "Cohortes choisies");
      this.query = element("input");
      Object.assign(this.query, { type: "search", name: "code-query", autocomplete: "off" });
      this.query.placeholder = "thermo, L1CHIM, RETHC01…";
      this.found = element("ul", "command-builder-found");
      this.foundSays = element("span", "command-builder-hint");
      this.foundSays.setAttribute("role", "status");
      // Not one <label>: the chosen codes' buttons must not sit inside it.
      this.query.id = `${this.id}-query`;
      const queryLabel = element(
        "label",
        "command-builder-label",
        "Cohortes (cherchez une formation, ou tapez un code puis Entrée)",
      );
      queryLabel.htmlFor = this.query.id;
      const codes = element("div", "command-builder-field");
      codes.append(queryLabel, this.chosen, this.query, this.foundSays, this.found);

      this.action = select("action", [
        ["sync", "Attacher ou mettre à jour (sync)"],
        ["disable", "Désactiver, sans rien supprimer (unsync --disable)"],
        ["unsync", "Supprimer la méthode (unsync)\u202f: désinscrit les étudiants"],
      ]);
      this.role = select("role", [["", "Tous les rôles"], ...ROLES]);
      this.role.value = "student";
      this.group = select("group", [
        ["none", "Aucun"],
        ["new", "Créer un groupe"],
        ["name", "Un groupe existant…"],
      ]);
      this.groupName = element("input");
      Object.assign(this.groupName, { type: "text", name: "group-name", autocomplete: "off" });
      this.groupName.placeholder = "Nom du groupe";
      this.groupField = labelled("Ajouter au groupe", this.group);
      this.groupField.append(this.groupName);
      this.disabled = checkbox("disabled", "Ajouter la méthode désactivée (--disabled)");
      this.dryRun = checkbox("dry-run", "Montrer sans rien modifier (--dry-run)");
      this.yes = checkbox("yes", "Sans demander de confirmation, pour un script (--yes)");

      form.append(
        course,
        codes,
        labelled("Que faire", this.action),
        labelled("Attribuer un rôle", this.role),
        this.groupField,
        this.disabled.label,
        this.dryRun.label,
        this.yes.label,
      );
      this.output = element("div", "command-builder-output");
      this.output.setAttribute("aria-live", "polite");
      this.root.replaceChildren(form, this.output);

      for (const control of [this.course, this.groupName])
        control.addEventListener("input", () => this.update());
      for (const control of [this.action, this.role, this.group])
        control.addEventListener("change", () => this.update());
      for (const box of [this.disabled, this.dryRun, this.yes])
        box.input.addEventListener("change", () => this.update());
      this.query.addEventListener("input", () => this.search());
      this.query.addEventListener("keydown", (event) => this.onQueryKey(event));
    }

    /** The code index's search (code-search.js), on its own data files. */
    openSearch() {
      const shared = window.codeSearch;
      if (!shared || !shared.SearchData) return null;
      const source = this.root.dataset.search
        ? new URL(this.root.dataset.search, window.location.href)
        : shared.indexAddress() && new URL("search/", shared.indexAddress());
      if (!source) return null;
      const data = new shared.SearchData(
        source,
        () => this.search(),
        () => (this.foundSays.textContent = "La recherche n'a pas pu charger ses données."),
      );
      data.load().then(
        () => this.search(),
        () => (this.foundSays.textContent = "La recherche n'a pas pu charger ses données."),
      );
      return data;
    }

    search() {
      const query = this.query.value;
      const data = this.searchData;
      if (!query.trim() || !data || !data.core) {
        this.found.replaceChildren();
        this.foundSays.textContent = "";
        return;
      }
      const { ranked } = window.codeSearch.search(data.core, data.accessor(), query);
      const { raw, cohorts } = data.core;
      this.found.replaceChildren(
        ...ranked.slice(0, 8).map((index) => {
          const code = cohorts[index];
          this.labels.set(code, raw.label[index]);
          const button = element("button", "command-builder-pick");
          button.type = "button";
          button.dataset.code = code;
          button.append(element("code", "", code), ` ${raw.label[index]}`);
          button.addEventListener("click", () => this.addCode(code));
          const item = element("li");
          item.append(button);
          return item;
        }),
      );
      this.foundSays.textContent = ranked.length ? "" : "Aucune formation ne correspond.";
    }

    onQueryKey(event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const first = this.found.querySelector(".command-builder-pick");
      const typed = this.query.value.trim();
      if (first) this.addCode(first.dataset.code);
      else if (typed && !/\s/.test(typed)) this.addCode(typed);
    }

    addCode(code) {
      if (!this.codes.includes(code)) this.codes.push(code);
      this.query.value = "";
      this.search();
      this.update();
      this.query.focus();
    }

    removeCode(code) {
      this.codes = this.codes.filter((kept) => kept !== code);
      this.update();
    }

    state() {
      const group = this.group.value === "name" ? this.groupName.value.trim() : this.group.value;
      return {
        course: this.course.value,
        codes: [...this.codes],
        action: this.action.value,
        role: this.role.value,
        group,
        disabled: this.disabled.input.checked,
        dryRun: this.dryRun.input.checked,
        yes: this.yes.input.checked,
      };
    }

    update() {
      const state = this.state();
      const sync = state.action === "sync";
      this.role.options[0].hidden = sync;
      if (sync && !this.role.value) this.role.value = "student";
      this.groupField.hidden = !sync;
      this.groupName.hidden = this.group.value !== "name";
      this.disabled.label.hidden = !sync;
      this.yes.label.hidden = state.action !== "unsync";
      this.renderCodes();
      const ref = parseCourseRef(state.course, this.siteUrl);
      this.courseSays.textContent =
        ref.error && state.course.trim() ? COURSE_ERRORS[ref.error](ref, this.siteUrl) : "";
      this.renderOutput(this.state(), ref);
    }

    renderCodes() {
      this.chosen.replaceChildren(
        ...this.codes.map((code) => {
          const item = element("li", "command-builder-code");
          item.append(element("code", "", code));
          const remove = element("button", "command-builder-remove", "×");
          remove.type = "button";
          remove.setAttribute("aria-label", `Retirer ${code}`);
          remove.addEventListener("click", () => this.removeCode(code));
          item.append(remove);
          return item;
        }),
      );
    }

    renderOutput(state, ref) {
      const words = commandWords(state, this.siteUrl);
      if (!words) {
        const missing = [];
        if (ref.error) missing.push("le cours");
        if (!state.codes.length) missing.push("au moins une cohorte");
        if (!state.group) missing.push("le nom du groupe");
        this.output.replaceChildren(
          element("p", "command-builder-missing", `Indiquez ${missing.join(" et ")}.`),
        );
        return;
      }
      const blocks = [element("p", "", "Avec sync-helper\u202f:"), this.commandBlock(words)];
      const status = ["sync-helper", "status", courseArgument(ref, state.course)];
      blocks.push(element("p", "", "Puis, pour vérifier\u202f:"), this.commandBlock(status));
      blocks.push(...this.manualPath(state, ref));
      this.output.replaceChildren(...blocks);
    }

    commandBlock(words) {
      const line = commandLine(words);
      const block = element("div", "command-builder-command");
      const code = element("code", "", line);
      const button = element("button", "code-index-copy md-icon");
      button.type = "button";
      button.dataset.clipboardText = line;
      button.title = "Copier la commande";
      button.setAttribute("aria-label", `Copier la commande ${line}`);
      block.append(code, button);
      return block;
    }

    link(path, text) {
      const anchor = element("a", "command-builder-moodle", text);
      anchor.href = `${this.siteUrl}${path}`;
      return anchor;
    }

    /** The same change by hand, in Moodle's own forms. */
    manualPath(state, ref) {
      const heading = element("p", "", "Ou à la main, dans Moodle\u202f: ");
      const byId = ref.field === "id";
      const steps = element("ol", "command-builder-manual");
      const step = (...parts) => {
        const item = element("li");
        item.append(...parts);
        steps.append(item);
      };
      if (!byId) {
        const search = `/course/search.php?search=${encodeURIComponent(ref.value)}`;
        step(
          "ouvrez le cours (",
          this.link(search, "chercher le cours"),
          "), puis Participants › Méthodes d'inscription (donnez l'adresse ou l'identifiant du " +
            "cours pour un lien direct)\u202f;",
        );
      }
      if (state.action === "sync") {
        if (byId)
          heading.append(
            this.link(
              `/enrol/editinstance.php?type=cohort&courseid=${ref.value}`,
              "formulaire «\u202fSynchronisation des cohortes\u202f» du cours",
            ),
          );
        else step("«\u202fAjouter méthode\u202f» › «\u202fSynchronisation des cohortes\u202f»\u202f;");
        const role = ROLES.find(([value]) => value === state.role)[1];
        const group =
          state.group === "none" ? "Aucun" : state.group === "new" ? "Créer un groupe" : state.group;
        step(`«\u202fCohorte\u202f»\u202f: ${state.codes.join(", ")} (une méthode par cohorte)\u202f;`);
        step(`«\u202fAttribuer un rôle\u202f»\u202f: ${role}\u202f;`);
        step(`«\u202fAjouter au groupe\u202f»\u202f: ${group}\u202f;`);
        if (state.disabled) step("«\u202fActivé\u202f»\u202f: Non\u202f;");
        step("bouton «\u202fAjouter méthode\u202f».");
      } else {
        if (byId)
          heading.append(
            this.link(`/enrol/instances.php?id=${ref.value}`, "page «\u202fMéthodes d'inscription\u202f» du cours"),
          );
        const what =
          state.action === "disable"
            ? "l'œil («\u202fDésactiver\u202f»)\u202f: les étudiants gardent leurs notes"
            : "la poubelle («\u202fSupprimer\u202f»)\u202f: les étudiants sont désinscrits";
        step(
          `sur chaque ligne «\u202fSynchronisation des cohortes\u202f» de ${state.codes.join(", ")}` +
            `${state.role ? ` (rôle ${ROLES.find(([v]) => v === state.role)[1]})` : ""}, ` +
            `cliquez sur ${what}.`,
        );
      }
      return [heading, steps];
    }
  }

  function initialise() {
    for (const root of document.querySelectorAll(".command-builder:not([data-ready])")) {
      root.dataset.ready = "";
      root.commandBuilder = new CommandBuilder(root);
    }
  }

  if (window.document$) window.document$.subscribe(initialise);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", initialise);
  else initialise();

  window.commandBuilder = { parseCourseRef, commandWords, commandLine, shellQuote, OPTIONS };
})();
