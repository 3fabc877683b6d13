/*
 * "Trouver mon code": search formations by code or title, entirely in the browser.
 *
 * Data layout and folding rules: sync_helper/catalog/search_index.py (core.json fetched when
 * the page opens, s<N>.json shards on the keystroke that needs them). fold() and words() must
 * stay identical to sync_helper.catalog.text.fold and search_index.words: a test compares them.
 * Results are built with DOM APIs and textContent only: data never goes through innerHTML.
 */
(() => {
  "use strict";

  const STOP_WORDS = new Set(
    "a au aux d de des du en et l la le les par pour sur un une".split(" "),
  );
  const PREFIX = 2;
  const MAX_SHOWN = 30;
  const URL_UPDATE_DELAY_MS = 300;
  const NONE = 127;
  // Tiers, best first: how a formation matched the query.
  const EXACT_CODE = 0;
  const EXACT_ELEMENT_CODE = 1;
  const EXACT_ELEMENT_LABEL = 2;
  const CODE_PREFIX = 3;
  const ELEMENT_CODE_PREFIX = 4;
  const CODE_INFIX = 5;
  const LABEL_WORDS = 6; // + 0 whole words, + 1 prefixes, + 2 infixes

  const fold = (text) =>
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae");
  const words = (folded) => folded.match(/[\p{L}\p{N}]+/gu) || [];
  // Codes are compared without spaces: APOGEE shows "L1CHIM 231" for L1CHIM231.
  const compactCode = (folded) => folded.replace(/\s+/g, "");

  const cache = new Map(); // absolute URL → Promise of parsed JSON, shared across pages

  function fetchJson(url) {
    if (!cache.has(url)) {
      const request = fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.json();
      });
      request.catch(() => cache.delete(url));
      cache.set(url, request);
    }
    return cache.get(url);
  }

  function prepareCore(raw) {
    const cohorts = raw.cohort.map((cohort, i) => cohort || raw.code[i]);
    const labels = raw.label.map(fold);
    return {
      raw,
      cohorts,
      foldedCodes: raw.code.map(fold),
      foldedCohorts: cohorts.map(fold),
      labels,
      labelWords: labels.map(words),
      examples: new Set(raw.example),
      byCode: raw.code.map((code, i) => i).sort((a, b) => (raw.code[a] < raw.code[b] ? -1 : 1)),
      shardNumbers: new Map(raw.shards.map((key, number) => [key, number])),
    };
  }

  // Posting lists arrive as gaps between sorted formation indexes.
  function undoGaps(gaps) {
    let index = 0;
    return gaps.map((gap) => (index += gap));
  }

  function decodePostings(postings) {
    return Object.entries(postings).map(([token, gaps]) => [token, undoGaps(gaps)]);
  }

  function prepareShard(raw) {
    return {
      codes: decodePostings(raw.c),
      codeNames: raw.n,
      words: decodePostings(raw.w),
      labels: Object.fromEntries(decodePostings(raw.l)),
    };
  }

  /** Best tier per formation in a typed array: no allocation per match while typing. */
  class Matches {
    constructor(count) {
      this.tiers = new Int8Array(count).fill(NONE);
      this.via = new Map();
    }
    offer(index, tier, via) {
      if (tier >= this.tiers[index]) return;
      this.tiers[index] = tier;
      if (via) this.via.set(index, via);
      else this.via.delete(index);
    }
    /** Indexes best first, ties in code order: buckets filled in code order, no sort. */
    ranked(byCode) {
      const buckets = Array.from({ length: LABEL_WORDS + 3 }, () => []);
      for (const index of byCode) {
        const tier = this.tiers[index];
        if (tier !== NONE) buckets[tier].push(index);
      }
      return buckets.flat();
    }
  }

  function matchCodes(core, code, matches) {
    const { foldedCodes, foldedCohorts } = core;
    for (let i = 0; i < foldedCodes.length; i++) {
      const formation = foldedCodes[i];
      const cohort = foldedCohorts[i];
      if (formation === code || cohort === code) matches.offer(i, EXACT_CODE);
      else if (formation.startsWith(code) || cohort.startsWith(code)) matches.offer(i, CODE_PREFIX);
      else if (code.length >= PREFIX && (formation.includes(code) || cohort.includes(code)))
        matches.offer(i, CODE_INFIX);
    }
  }

  function matchElementCodes(shard, code, matches) {
    if (!shard) return;
    for (const [elementCode, ids] of shard.codes) {
      let tier = NONE;
      if (elementCode === code) tier = EXACT_ELEMENT_CODE;
      else if (elementCode.startsWith(code)) tier = ELEMENT_CODE_PREFIX;
      else continue;
      const [shown, label] = shard.codeNames[elementCode];
      for (const id of ids) matches.offer(id, tier, `${shown} — ${label}`);
    }
  }

  function wordQuality(core, shards, word) {
    const quality = new Int8Array(core.labels.length).fill(NONE);
    core.labelWords.forEach((labelWords, i) => {
      for (const candidate of labelWords) {
        if (candidate === word) {
          quality[i] = 0;
          return;
        }
        if (candidate.startsWith(word)) quality[i] = Math.min(quality[i], 1);
      }
      if (quality[i] === NONE && core.labels[i].includes(word)) quality[i] = 2;
    });
    const shard = shards(word.slice(0, PREFIX));
    if (shard) {
      for (const [candidate, ids] of shard.words) {
        const level = candidate === word ? 0 : candidate.startsWith(word) ? 1 : NONE;
        if (level === NONE) continue;
        for (const id of ids) if (level < quality[id]) quality[id] = level;
      }
    }
    return quality;
  }

  function meaningful(queryWords) {
    const content = queryWords.filter((word) => !STOP_WORDS.has(word));
    return content.length ? content : queryWords;
  }

  function matchLabelWords(core, shards, queryWords, matches) {
    const content = meaningful(queryWords);
    const qualities = content.map((word) => wordQuality(core, shards, word));
    for (let i = 0; i < core.labels.length; i++) {
      let worst = 0;
      for (const quality of qualities) worst = Math.max(worst, quality[i]);
      if (worst !== NONE) matches.offer(i, LABEL_WORDS + worst);
    }
  }

  /**
   * Formations matching ``query``: ``{ranked, tiers, via}`` with ``ranked`` the formation
   * indexes best first; ``shards(key)`` gives a loaded shard or null.
   */
  function search(core, shards, query) {
    const folded = fold(query);
    const queryWords = words(folded);
    const matches = new Matches(core.labels.length);
    if (!queryWords.length) return { ranked: [], tiers: matches.tiers, via: matches.via };
    const code = compactCode(folded);
    matchCodes(core, code, matches);
    if (code.length >= PREFIX) matchElementCodes(shards(code.slice(0, PREFIX)), code, matches);
    const label = queryWords.join(" ");
    const labelShard = shards(label.slice(0, PREFIX));
    for (const id of (labelShard && labelShard.labels[label]) || [])
      matches.offer(id, EXACT_ELEMENT_LABEL);
    // One letter says nothing about titles: codes only until the second character.
    if (code.length >= PREFIX) matchLabelWords(core, shards, queryWords, matches);
    return { ranked: matches.ranked(core.byCode), tiers: matches.tiers, via: matches.via };
  }

  /** Shard keys a query needs: its code form, its whole-label form and each content word. */
  function neededShards(query) {
    const folded = fold(query);
    const queryWords = words(folded);
    const keys = [compactCode(folded), queryWords.join(" "), ...meaningful(queryWords)];
    return keys.filter((key) => key.length >= PREFIX).map((key) => key.slice(0, PREFIX));
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  class CodeSearch {
    constructor(root) {
      this.root = root;
      this.input = root.querySelector(".code-search-input");
      this.status = root.querySelector(".code-search-status");
      this.list = root.querySelector(".code-search-results");
      this.dataUrl = new URL(root.dataset.source, window.location.href);
      this.formationUrl = root.dataset.formationUrl;
      this.core = null;
      this.shards = new Map();
      this.pending = new Set();
      this.input.addEventListener("input", () => this.update(true));
      this.input.addEventListener("keydown", (event) => this.onInputKey(event));
      this.list.addEventListener("keydown", (event) => this.onListKey(event));
      const query = new URL(window.location.href).searchParams.get("q");
      if (query) {
        this.input.value = query;
        // Material's own search also answers ?q= by opening over the page: this page wins.
        setTimeout(() => this.takeDeepLink(query), 0);
      }
      this.load().then(() => this.update(false));
    }

    load() {
      this.loading ??= fetchJson(new URL("core.json", this.dataUrl).href).then(
        (raw) => {
          this.core = prepareCore(raw);
        },
        () => {
          this.failed = true;
          this.say("La recherche n'a pas pu charger ses données.");
        },
      );
      return this.loading;
    }

    shard(key) {
      const number = this.core.shardNumbers.get(key);
      if (number === undefined) return null;
      const loaded = this.shards.get(number);
      if (loaded) return loaded;
      if (!this.pending.has(number)) {
        this.pending.add(number);
        fetchJson(new URL(`s${number}.json`, this.dataUrl).href).then(
          (raw) => {
            this.shards.set(number, prepareShard(raw));
            this.update(false);
          },
          () => {
            // Not pending any more: the next keystroke asks for it again.
            this.pending.delete(number);
            this.say("Une partie des données de recherche n'a pas pu être chargée\u202f: réessayez.");
          },
        );
      }
      return null;
    }

    update(fromTyping) {
      const query = this.input.value;
      if (fromTyping) this.rememberQuery(query);
      if (!this.core) {
        if (query.trim() && !this.failed) this.say("Chargement…");
        return;
      }
      const waiting = neededShards(query).filter((key) => this.shard(key) === null);
      this.results = search(this.core, (key) => this.shard(key), query);
      this.render(query, this.results, waiting.some((key) => this.core.shardNumbers.has(key)));
    }

    takeDeepLink(query) {
      const materialSearch = document.getElementById("__search");
      if (materialSearch && materialSearch.checked) {
        materialSearch.checked = false;
        materialSearch.dispatchEvent(new Event("change"));
      }
      this.rememberQuery(query);
      this.input.focus();
    }

    rememberQuery(query) {
      // history.replaceState costs milliseconds: once typing pauses, not on every keystroke.
      clearTimeout(this.addressTimer);
      this.addressTimer = setTimeout(() => {
        const url = new URL(window.location.href);
        if (query) url.searchParams.set("q", query);
        else url.searchParams.delete("q");
        window.history.replaceState(window.history.state, "", url);
      }, URL_UPDATE_DELAY_MS);
    }

    say(text) {
      this.status.textContent = text;
    }

    render(query, results, waiting) {
      const { ranked, via } = results;
      const shown = ranked.slice(0, MAX_SHOWN);
      this.list.replaceChildren(...shown.map((index) => this.renderResult(index, via.get(index))));
      const count = ranked.length;
      if (!query.trim()) this.say("");
      else if (!count && waiting) this.say("Recherche…");
      else if (!count) this.say("Aucune formation ne correspond.");
      else if (count > MAX_SHOWN)
        this.say(`${count} formations\u202f; les ${MAX_SHOWN} premières sont affichées.`);
      else this.say(`${count} formation${count > 1 ? "s" : ""}.`);
    }

    renderResult(index, via) {
      const { raw, cohorts, examples } = this.core;
      const code = raw.code[index];
      const cohort = cohorts[index];
      const item = element("li", "code-search-result");
      const link = element("a", "code-search-link");
      link.href = this.formationUrl.replace("{code}", encodeURIComponent(code));
      link.append(element("span", "code-search-title", raw.label[index]));
      const facts = [raw.composantes[raw.composante[index]], raw.years[raw.year[index]], code];
      const meta = element("span", "code-search-meta", facts.filter(Boolean).join(" · "));
      if (examples.has(index)) meta.append(" ", element("span", "code-index-example", "exemple"));
      link.append(meta);
      if (via) link.append(element("span", "code-search-via", `contient ${via}`));
      const copy = element("span", "code-search-cohort");
      const button = element("button", "code-index-copy md-icon");
      button.type = "button";
      button.dataset.clipboardText = cohort;
      button.title = `Copier ${cohort}`;
      button.setAttribute("aria-label", `Copier le code ${cohort}`);
      copy.append(element("code", "", cohort), button);
      item.append(link, copy);
      return item;
    }

    links() {
      return [...this.list.querySelectorAll(".code-search-link")];
    }

    onInputKey(event) {
      if (event.key === "ArrowDown" && this.links().length) {
        event.preventDefault();
        this.links()[0].focus();
      }
    }

    onListKey(event) {
      const links = this.links();
      const position = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && position >= 0) {
        event.preventDefault();
        links[Math.min(position + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && position >= 0) {
        event.preventDefault();
        (position === 0 ? this.input : links[position - 1]).focus();
      } else if (event.key === "Escape") {
        this.input.focus();
      }
    }
  }

  function initialise() {
    for (const root of document.querySelectorAll(".code-search:not([data-ready])")) {
      root.dataset.ready = "";
      root.codeSearch = new CodeSearch(root); // for benchmarks: every result, not only shown
    }
  }

  // Material's instant navigation swaps pages without reloading scripts: document$ emits
  // for every page shown, including the first one.
  if (window.document$) window.document$.subscribe(initialise);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", initialise);
  else initialise();

  window.codeSearch = { fold, words, search, prepareCore, prepareShard };
})();
