/*
 * "Trouver mon code": search formations by code, title, element or place, in the browser.
 *
 * The ranking is sync_helper/catalog/search.py's, repeated here on the data written by
 * search_index.py (core.json when the page opens, s<N>.json shards and words.json on the
 * keystroke that needs them). fold(), words(), typoBudget() and editDistance() must stay
 * identical to the Python ones, and the scores below to search.py's: tests compare them, and
 * a shared relevance table runs against both. Results are built with DOM APIs and
 * textContent only: data never goes through innerHTML.
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
  // Signal kinds, strongest first (search.MatchKind).
  const CODE = 0;
  const ELEMENT_CODE = 1;
  const CODE_PREFIX = 2;
  const ELEMENT_CODE_PREFIX = 3;
  const CODE_INFIX = 4;
  const WORDS = 5;
  const SOME_WORDS = 6;
  const CODE_SCORES = [1000, 900, 800, 700, 90];
  // Per word, by quality (0 none, 1 near miss, 2 prefix, 3 whole word).
  const TITLE_SCORES = [0, 60, 80, 100];
  const ELEMENT_SCORES = [0, 30, 40, 50];
  const PLACE_SCORES = [0, 15, 20, 25];
  const TITLE_PHRASE_BONUS = 40;
  const ELEMENT_LABEL_BONUS = 150;
  // Sort key parts (search()): scores and title lengths above these rank as these.
  const MAX_SCORE = 8191;
  const MAX_TITLE = 127;
  const CODE_SLOTS = 2 ** 21; // formations; the key stays an exact integer below 2 ** 53
  const TITLE = 0;
  const ELEMENT = 1;
  const PLACE = 2;

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

  /** Edits forgiven in a query word: none under 5 letters, one, two from 9 letters. */
  const typoBudget = (word) => (word.length < 5 ? 0 : word.length < 9 ? 1 : 2);

  // Three reusable rows: typing runs thousands of distances per keystroke, without garbage.
  let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

  /** Optimal string alignment distance, capped at limit + 1 (search_words.edit_distance). */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    if (rows[0].length <= b.length) rows = rows.map(() => new Int32Array(b.length * 2 + 1));
    let [previous2, previous, current] = rows;
    for (let j = 0; j <= b.length; j++) previous[j] = j;
    for (let i = 1; i <= a.length; i++) {
      current[0] = i;
      let smallest = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          best = Math.min(best, previous2[j - 2] + 1);
        current[j] = best;
        if (best < smallest) smallest = best;
      }
      if (smallest > limit) return limit + 1;
      const spare = previous2;
      previous2 = previous;
      previous = current;
      current = spare;
    }
    return Math.min(previous[b.length], limit + 1);
  }

  /** ``candidate`` (or its beginning, as typed so far) is within the typo budget of ``word``. */
  function nearMiss(word, candidate) {
    const limit = typoBudget(word);
    if (!limit || candidate === word) return false;
    if (editDistance(word, candidate, limit) <= limit) return true;
    const size = word.length;
    return (
      candidate.length >= size &&
      [size - 1, size, size + 1].some(
        (cut) => editDistance(word, candidate.slice(0, cut), limit) <= limit,
      )
    );
  }

  /** 3 whole word, 2 prefix, 1 near miss (of a text's own words only, not its synonyms'). */
  function quality(word, token, typos) {
    if (token === word) return 3;
    if (token.startsWith(word)) return 2;
    return typos && nearMiss(word, token) ? 1 : 0;
  }

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

  const split = (text) => (text ? text.split(" ") : []);

  /** token → ids, from one word list per id. */
  function vocabulary(lists) {
    const byToken = new Map();
    lists.forEach((tokens, id) => {
      for (const token of new Set(tokens)) {
        if (!byToken.has(token)) byToken.set(token, []);
        byToken.get(token).push(id);
      }
    });
    return [...byToken];
  }

  /** Indexes in JavaScript's string order of ``strings`` (ties by index). */
  function stringOrder(strings) {
    const order = strings.map((_, i) => i);
    order.sort((a, b) => (strings[a] < strings[b] ? -1 : strings[a] > strings[b] ? 1 : a - b));
    return Int32Array.from(order);
  }

  /** Each index's position in ``order``. */
  function positions(order) {
    const position = new Int32Array(order.length);
    order.forEach((index, rank) => (position[index] = rank));
    return position;
  }

  function prepareCore(raw) {
    const byCodeOrder = stringOrder(raw.code);
    const cohorts = raw.cohort.map((cohort, i) => cohort || raw.code[i]);
    const titleWords = raw.label.map((label) => words(fold(label)));
    return {
      raw,
      cohorts,
      foldedCodes: raw.code.map(fold),
      foldedCohorts: cohorts.map(fold),
      titleJoined: titleWords.map((own) => ` ${own.join(" ")} `),
      titleLength: Int32Array.from(titleWords, (own) => own.length),
      byCodeOrder,
      codeOrder: positions(byCodeOrder),
      titles: vocabulary(titleWords),
      titleAliases: vocabulary(raw.alias.map(split)),
      places: vocabulary(raw.places.map(split)),
      placeAliases: vocabulary(raw.placeAlias.map(split)),
      examples: new Set(raw.example),
      shardNumbers: new Map(raw.shards.map((key, number) => [key, number])),
    };
  }

  // Posting lists arrive as gaps between sorted indexes.
  function undoGaps(gaps) {
    let index = 0;
    return gaps.map((gap) => (index += gap));
  }

  function decodePostings(postings) {
    return Object.entries(postings).map(([token, gaps]) => [token, undoGaps(gaps)]);
  }

  // Stands for the many elements of a very common token (search_index.NAMED_ELEMENTS_LIMIT):
  // their formations are known, not which element; it explains a formation last.
  const unnamed = (formations) => ({ code: "", label: null, period: "", folded: "\uffff", formations });

  function prepareShard(raw) {
    const elements = raw.e.map(([code, label, period], i) => ({
      code,
      label,
      period,
      folded: fold(code),
      formations: undoGaps(raw.f[i]),
    }));
    const table = (name) => [
      ...decodePostings(raw[name]).map(([token, ids]) => [token, ids.map((id) => elements[id])]),
      ...decodePostings(raw[name.toUpperCase()]).map(([token, ids]) => [token, [unnamed(ids)]]),
    ];
    return {
      codes: table("c").sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      words: table("w"),
      labels: new Map(table("l")),
    };
  }

  /** An element earlier in code order explains a formation first (search.py sorts so). */
  const before = (a, b) => !b || a.folded < b.folded;

  /** Per formation: best code signal, and the element that gave it. */
  function codeSignals(core, data, code) {
    const count = core.foldedCodes.length;
    const kinds = new Int8Array(count).fill(NONE);
    const named = new Map();
    const offer = (index, kind, element) => {
      if (kind >= kinds[index]) return;
      kinds[index] = kind;
      if (element) named.set(index, element);
      else named.delete(index);
    };
    const { foldedCodes, foldedCohorts } = core;
    for (let i = 0; i < count; i++) {
      const formation = foldedCodes[i];
      const cohort = foldedCohorts[i];
      if (formation === code || cohort === code) offer(i, CODE);
      else if (formation.startsWith(code) || cohort.startsWith(code)) offer(i, CODE_PREFIX);
      else if (code.length >= PREFIX && (formation.includes(code) || cohort.includes(code)))
        offer(i, CODE_INFIX);
    }
    if (code.length >= PREFIX) {
      for (const shard of data.shardsFor(code)) {
        for (const [elementCode, elements] of shard.codes) {
          if (!elementCode.startsWith(code)) continue;
          const kind = elementCode === code ? ELEMENT_CODE : ELEMENT_CODE_PREFIX;
          for (const element of elements)
            for (const id of element.formations) offer(id, kind, element);
        }
      }
    }
    return { kinds, named };
  }

  /** Best quality of ``word`` per id over own words and synonyms (token → ids vocabularies). */
  function vocabularyQuality(own, aliases, word, count) {
    const levels = new Int8Array(count);
    for (const [entries, typos] of [[own, true], [aliases, false]]) {
      for (const [token, ids] of entries) {
        const level = quality(word, token, typos);
        if (level) for (const id of ids) if (level > levels[id]) levels[id] = level;
      }
    }
    return levels;
  }

  /** Best quality of ``word`` per formation in element labels, and the element giving it. */
  function elementQuality(core, data, word) {
    const count = core.foldedCodes.length;
    const levels = new Int8Array(count);
    const sources = new Array(count);
    const offer = (elements, level) => {
      for (const element of elements) {
        for (const id of element.formations) {
          if (level > levels[id] || (level === levels[id] && before(element, sources[id]))) {
            levels[id] = level;
            sources[id] = element;
          }
        }
      }
    };
    if (word.length < PREFIX) return { levels, sources };
    for (const shard of data.shardsFor(word)) {
      for (const [token, elements] of shard.words) {
        if (token.startsWith(word)) offer(elements, token === word ? 3 : 2);
      }
    }
    if (typoBudget(word)) {
      for (const candidate of data.vocabulary()) {
        if (!nearMiss(word, candidate)) continue;
        const shard = data.shardHolding(candidate);
        const entry = shard && shard.words.find(([token]) => token === candidate);
        if (entry) offer(entry[1], 1);
      }
    }
    return { levels, sources };
  }

  function meaningful(queryWords) {
    const content = queryWords.filter((word) => !STOP_WORDS.has(word));
    return content.length ? content : queryWords;
  }

  /** One content word's qualities per field, for scoring and for saying why. */
  function wordField(core, data, word) {
    const count = core.foldedCodes.length;
    const composantes = core.raw.composantes.length;
    return {
      word,
      title: vocabularyQuality(core.titles, core.titleAliases, word, count),
      element: elementQuality(core, data, word),
      place:
        word.length >= PREFIX
          ? vocabularyQuality(core.places, core.placeAliases, word, composantes)
          : new Int8Array(composantes),
    };
  }

  /**
   * Each content word's fields; a word already typed (« licence » while typing « chimie »)
   * is reused when ``data.cache`` holds it (search data still the same, none was missing).
   */
  function wordFields(core, data, content) {
    return content.map((word) => {
      const known = data.cache && data.cache.get(word);
      if (known) return known;
      const missingBefore = data.missing();
      const fields = wordField(core, data, word);
      if (data.cache && data.missing() === missingBefore) data.cache.set(word, fields);
      return fields;
    });
  }

  /** Where one word was found in formation ``i``: [score, field, quality, element]. */
  function bestField(core, fields, i) {
    const title = fields.title[i];
    const element = fields.element.levels[i];
    const composante = core.raw.composante[i];
    const place = composante >= 0 ? fields.place[composante] : 0;
    const options = [
      [TITLE_SCORES[title], TITLE, title, null],
      [ELEMENT_SCORES[element], ELEMENT, element, fields.element.sources[i] || null],
      [PLACE_SCORES[place], PLACE, place, null],
    ];
    return options.reduce((best, option) => (option[0] > best[0] ? option : best));
  }

  /** Formations whose title has the query's words in a row, and elements named whole. */
  function phraseBonuses(core, data, phrase, count) {
    const bonus = new Int32Array(count);
    const named = new Map();
    if (phrase.length >= PREFIX) {
      const shard = data.shardHolding(phrase);
      for (const element of (shard && shard.labels.get(phrase)) || []) {
        for (const id of element.formations) {
          if (!named.has(id)) bonus[id] += ELEMENT_LABEL_BONUS;
          if (before(element, named.get(id))) named.set(id, element);
        }
      }
    }
    if (phrase.includes(" ")) {
      const wanted = ` ${phrase} `;
      core.titleJoined.forEach((title, i) => {
        if (title.includes(wanted)) bonus[i] += TITLE_PHRASE_BONUS;
      });
    }
    return { bonus, named };
  }

  /**
   * Formations matching ``query``, best first: ``{ranked, explain(i), complete}``.
   * ``data`` gives loaded shards (``shardsFor(prefix)``, ``shardHolding(token)``) and
   * ``vocabulary()``, asking for what is missing.
   */
  function search(core, data, query) {
    const folded = fold(query);
    const queryWords = words(folded);
    if (!queryWords.length) return { ranked: [], explain: () => null, complete: true };
    const code = compactCode(folded);
    const content = meaningful(queryWords);
    const phrase = queryWords.join(" ");
    const count = core.foldedCodes.length;
    const signals = codeSignals(core, data, code);
    const withWords = code.length >= PREFIX;
    const fields = withWords ? wordFields(core, data, content) : [];
    const phrases = withWords ? phraseBonuses(core, data, phrase, count) : null;
    const kinds = new Int8Array(count).fill(NONE);
    const scores = new Int32Array(count);
    const composante = core.raw.composante;
    for (let i = 0; i < count; i++) {
      let kind = signals.kinds[i];
      let score = kind === NONE ? 0 : CODE_SCORES[kind];
      let hits = 0;
      for (const word of fields) {
        // bestField's score, without allocating: this loop runs for every formation.
        const place = composante[i] >= 0 ? word.place[composante[i]] : 0;
        const best = Math.max(
          TITLE_SCORES[word.title[i]],
          ELEMENT_SCORES[word.element.levels[i]],
          PLACE_SCORES[place],
        );
        if (best) {
          hits += 1;
          score += best;
        }
      }
      if (phrases) score += phrases.bonus[i];
      if (kind === NONE && hits) kind = hits === content.length ? WORDS : SOME_WORDS;
      kinds[i] = kind;
      scores[i] = score;
    }
    const found = [];
    for (let i = 0; i < count; i++) if (kinds[i] < SOME_WORDS) found.push(i);
    const complete = found.length > 0;
    if (!complete) for (let i = 0; i < count; i++) if (kinds[i] === SOME_WORDS) found.push(i);
    // Order: exact code, current year, higher score, shorter title, code. One number per
    // formation, sorted natively: at 20,000 formations a comparator sort cost tens of ms.
    const current = core.raw.current;
    const { titleLength, codeOrder, byCodeOrder } = core;
    const keys = new Float64Array(found.length);
    found.forEach((i, n) => {
      const group = (kinds[i] === CODE ? 0 : 2) + (core.raw.year[i] === current ? 0 : 1);
      const score = MAX_SCORE - Math.min(scores[i], MAX_SCORE);
      const title = Math.min(titleLength[i], MAX_TITLE);
      const ordered = (group * (MAX_SCORE + 1) + score) * (MAX_TITLE + 1) + title;
      keys[n] = ordered * CODE_SLOTS + codeOrder[i];
    });
    keys.sort();
    const ranked = Array.from(keys, (key) => byCodeOrder[key % CODE_SLOTS]);
    const explain = (i) => ({
      kind: kinds[i],
      score: scores[i],
      element: signals.named.get(i) || (phrases && phrases.named.get(i)) || null,
      hits: fields
        .map((word) => [word.word, ...bestField(core, word, i)])
        .filter(([, wordScore]) => wordScore)
        .map(([word, , field, level, element]) => ({ word, field, quality: level, element })),
    });
    return { ranked, explain, complete };
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** ``text`` with the words matching ``queryWords`` in <mark>, as text nodes only. */
  function highlighted(tag, className, text, queryWords) {
    const node = element(tag, className);
    let last = 0;
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const folded = fold(match[0]);
      if (!queryWords.some((word) => quality(word, folded, true))) continue;
      node.append(text.slice(last, match.index), element("mark", "", match[0]));
      last = match.index + match[0].length;
    }
    node.append(text.slice(last));
    return node;
  }

  const KIND_NAMES = {
    [CODE]: "code",
    [ELEMENT_CODE]: "code d'un élément",
    [CODE_PREFIX]: "début du code",
    [ELEMENT_CODE_PREFIX]: "début du code d'un élément",
    [CODE_INFIX]: "partie du code",
  };

  /** ``12345`` → ``12 345 membres``, narrow no-break spaces (cohort_facts_pages.members_text). */
  function membersText(count) {
    if (!count) return "aucun membre";
    const number = String(count).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
    return `${number} membre${count > 1 ? "s" : ""}`;
  }

  /** One result's « Dans Moodle » line, from cohorts.json's entry (``null``: no such cohort). */
  function moodleFacts(fact) {
    const line = element("span", "code-search-moodle");
    if (fact === null) {
      line.classList.add("code-search-moodle-problem");
      line.textContent = "Absente de Moodle";
      return line;
    }
    if (!fact.visible || !fact.members) line.classList.add("code-search-moodle-problem");
    const facts = [fact.visible ? null : "masquée", membersText(fact.members)];
    if (fact.context === "category") facts.push("dans une catégorie de cours");
    line.textContent = `Dans Moodle\u202f: ${facts.filter(Boolean).join(", ")}`;
    return line;
  }

  /** The search files of one index: core.json, then shards and words.json as queries need. */
  class SearchData {
    constructor(dataUrl, onChange, onError) {
      this.dataUrl = dataUrl;
      this.onChange = onChange;
      this.onError = onError;
      this.core = null;
      this.shards = new Map();
      this.words = null;
      this.pending = new Set();
      this.cache = new Map(); // query word → its fields, emptied when more data arrives
    }

    load() {
      this.loading ??= fetchJson(new URL("core.json", this.dataUrl).href).then((raw) => {
        this.core = prepareCore(raw);
      });
      this.loading.catch(() => (this.loading = null));
      return this.loading;
    }

    /** Every request has arrived: the last search saw all the data it needed. */
    idle() {
      return Boolean(this.core) && this.pending.size === 0;
    }

    fetchPart(name, store) {
      if (this.pending.has(name)) return;
      this.pending.add(name);
      fetchJson(new URL(name, this.dataUrl).href).then(
        (raw) => {
          this.pending.delete(name);
          store(raw);
          this.cache.clear();
          this.onChange();
        },
        () => {
          // Not pending any more: the next keystroke asks for it again.
          this.pending.delete(name);
          this.onError();
        },
      );
    }

    shard(number) {
      const loaded = this.shards.get(number);
      if (loaded) return loaded;
      this.fetchPart(`s${number}.json`, (raw) => this.shards.set(number, prepareShard(raw)));
      return null;
    }

    /** What search() reads: loaded parts now, the missing ones requested. */
    accessor() {
      const keys = this.core.raw.shards;
      const numbers = this.core.shardNumbers;
      let missing = 0;
      const shard = (number) => this.shard(number) || ((missing += 1), null);
      return {
        cache: this.cache,
        missing: () => missing,
        shardsFor: (prefix) =>
          keys
            .map((key, number) => [key, number])
            .filter(([key]) => key.startsWith(prefix) || prefix.startsWith(key))
            .map(([, number]) => shard(number))
            .filter(Boolean),
        shardHolding: (token) => {
          for (let size = token.length; size >= PREFIX; size--) {
            const number = numbers.get(token.slice(0, size));
            if (number !== undefined) return shard(number);
          }
          return null;
        },
        vocabulary: () => {
          if (this.words) return this.words;
          missing += 1;
          this.fetchPart("words.json", (raw) => (this.words = raw));
          return [];
        },
      };
    }
  }

  class CodeSearch {
    constructor(root) {
      this.root = root;
      this.input = root.querySelector(".code-search-input");
      this.status = root.querySelector(".code-search-status");
      this.hint = root.querySelector(".code-search-hint");
      this.list = root.querySelector(".code-search-results");
      this.formationUrl = root.dataset.formationUrl;
      this.moodle = null; // cohort code → Moodle's facts, when the site has them
      this.data = new SearchData(
        new URL(root.dataset.source, window.location.href),
        () => this.update(false),
        () => this.say("Une partie des données de recherche n'a pas pu être chargée\u202f: réessayez."),
      );
      this.input.addEventListener("input", () => this.update(true));
      this.input.addEventListener("keydown", (event) => this.onInputKey(event));
      this.list.addEventListener("keydown", (event) => this.onListKey(event));
      const query = new URL(window.location.href).searchParams.get("q");
      if (query) {
        this.input.value = query;
        // Material's own search also answers ?q= by opening over the page: this page wins.
        setTimeout(() => this.takeDeepLink(query), 0);
      }
      this.data.load().then(
        () => this.update(false),
        () => {
          this.failed = true;
          this.say("La recherche n'a pas pu charger ses données.");
        },
      );
      if (root.dataset.cohortFacts) this.loadMoodleFacts(root.dataset.cohortFacts);
    }

    /** Moodle's facts per cohort code (a site built with an export only): results then say. */
    loadMoodleFacts(name) {
      fetchJson(new URL(name, this.data.dataUrl).href).then(
        (raw) => {
          this.moodle = new Map(Object.entries(raw.cohorts));
          this.update(false);
        },
        () => {}, // the results stay useful without them
      );
    }

    get core() {
      return this.data.core;
    }

    idle() {
      return this.data.idle();
    }

    update(fromTyping) {
      const query = this.input.value;
      if (fromTyping) this.rememberQuery(query);
      if (!this.core) {
        if (query.trim() && !this.failed) this.say("Chargement…");
        return;
      }
      this.results = search(this.core, this.data.accessor(), query);
      this.render(query, this.results, this.data.pending.size > 0);
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
      const { ranked, explain, complete } = results;
      const queryWords = meaningful(words(fold(query)));
      const shown = ranked.slice(0, MAX_SHOWN);
      // Late data redraws the list: keep the keyboard where it was.
      const focused = this.links().indexOf(document.activeElement);
      this.list.replaceChildren(
        ...shown.map((index) => this.renderResult(index, explain(index), queryWords)),
      );
      if (focused >= 0) (this.links()[focused] || this.input).focus();
      const count = ranked.length;
      if (this.hint) this.hint.hidden = Boolean(count) || !query.trim() || waiting;
      const some = complete ? "" : " (tous les mots ne sont pas trouvés\u202f: voici les plus proches)";
      if (!query.trim()) this.say("");
      else if (!count && waiting) this.say("Recherche…");
      else if (!count) this.say("Aucune formation ne correspond.");
      else if (count > MAX_SHOWN)
        this.say(`${count} formations\u202f; les ${MAX_SHOWN} premières sont affichées${some}.`);
      else this.say(`${count} formation${count > 1 ? "s" : ""}${some}.`);
    }

    yearBadge(index) {
      const { raw } = this.core;
      const year = raw.years[raw.year[index]];
      if (raw.year[index] === raw.current || !year) return null;
      const current = raw.years[raw.current];
      const previous = current && String(Number(current) - 1) === year;
      const text = previous ? `année précédente (${year})` : `année ${year}`;
      return element("span", "code-search-year", text);
    }

    why(detail, queryWords) {
      const line = element("span", "code-search-via");
      const parts = [];
      if (detail.kind in KIND_NAMES) parts.push(element("span", "", KIND_NAMES[detail.kind]));
      const named = [];
      if (detail.element) named.push(detail.element);
      for (const hit of detail.hits) {
        if (hit.field === TITLE && !parts.some((p) => p.dataset.field === "title")) {
          const part = element("span", "", "intitulé");
          part.dataset.field = "title";
          parts.push(part);
        } else if (hit.field === ELEMENT && !named.includes(hit.element)) named.push(hit.element);
        else if (hit.field === PLACE && !parts.some((p) => p.dataset.field === "place")) {
          const part = element("span", "", "composante / site");
          part.dataset.field = "place";
          parts.push(part);
        }
      }
      for (const found of named) {
        if (found.label === null) {
          if (!parts.some((p) => p.dataset.field === "elements")) {
            const part = element("span", "code-search-element", "éléments");
            part.dataset.field = "elements";
            parts.push(part);
          }
          continue;
        }
        const part = element("span", "code-search-element", "élément ");
        part.append(highlighted("span", "", found.label, queryWords));
        const facts = [found.code, found.period].filter(Boolean).join(", ");
        part.append(` (${facts})`);
        parts.push(part);
      }
      if (!parts.length) return null;
      line.append("Trouvé\u202f: ");
      parts.forEach((part, i) => line.append(...(i ? [" · ", part] : [part])));
      return line;
    }

    renderResult(index, detail, queryWords) {
      const { raw, cohorts, examples } = this.core;
      const code = raw.code[index];
      const cohort = cohorts[index];
      const item = element("li", "code-search-result");
      const link = element("a", "code-search-link");
      link.href = this.formationUrl.replace("{code}", encodeURIComponent(code));
      link.append(highlighted("span", "code-search-title", raw.label[index], queryWords));
      const place = raw.composantes[raw.composante[index]];
      const meta = element("span", "code-search-meta");
      meta.append(highlighted("span", "", place || "", queryWords));
      meta.append([raw.years[raw.year[index]], code].filter(Boolean).map((f) => ` · ${f}`).join(""));
      const year = this.yearBadge(index);
      if (year) meta.append(" ", year);
      if (examples.has(index)) meta.append(" ", element("span", "code-index-example", "exemple"));
      link.append(meta);
      const why = this.why(detail, queryWords);
      if (why) link.append(why);
      if (this.moodle && this.moodle.has(cohort)) link.append(moodleFacts(this.moodle.get(cohort)));
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
      const links = this.links();
      if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[0].focus();
      } else if (event.key === "Enter" && links.length) {
        event.preventDefault();
        links[0].click();
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

  // What APOGEE codes look like: letters then a digit (L1CHIM231, RETHC01, L1CHIM 231).
  const CODE_LIKE = /^[A-Za-z]{1,8}[0-9][A-Za-z0-9_-]*( [0-9]{1,4})?$/;

  /** The code index's address, from the site's own navigation link to it (any language). */
  function indexAddress() {
    for (const anchor of document.querySelectorAll("a[href]")) {
      const url = new URL(anchor.getAttribute("href"), window.location.href);
      if (/\/codes\/(index\.html)?$/.test(url.pathname)) return url;
    }
    return null;
  }

  /**
   * Material's header search box leads to the code index: for a query that looks like a code
   * or that names formations (codes, titles, places: core.json only), a link at the top of
   * its results. Prose results stay Material's.
   */
  class HeaderLink {
    constructor(input) {
      this.input = input;
      this.index = indexAddress();
      this.link = element("a", "code-search-header-link");
      if (!this.index) return;
      this.data = new SearchData(
        new URL("search/", this.index),
        () => this.update(),
        () => {},
      );
      input.addEventListener("focus", () => this.load());
      input.addEventListener("input", () => this.update());
      if (input.value) this.load();
    }

    load() {
      this.data.load().then(() => this.update(), () => {});
    }

    update() {
      const query = this.input.value.trim();
      const core = this.data && this.data.core;
      const named =
        core && query.length >= PREFIX && search(core, this.data.accessor(), query).complete;
      if (!this.index || !query || !(CODE_LIKE.test(query) || named)) {
        this.link.remove();
        return;
      }
      const target = new URL(this.index);
      target.searchParams.set("q", query);
      this.link.href = target.href;
      this.link.textContent = document.documentElement.lang.startsWith("en")
        ? `Search « ${query} » in the formation codes (in French)`
        : `Chercher «\u202f${query}\u202f» dans les codes de formation`;
      const list = document.querySelector(".md-search-result__list");
      if (list && list.previousElementSibling !== this.link) list.before(this.link);
    }
  }

  function initialise() {
    for (const root of document.querySelectorAll(".code-search:not([data-ready])")) {
      root.dataset.ready = "";
      root.codeSearch = new CodeSearch(root); // for benchmarks: every result, not only shown
    }
    for (const input of document.querySelectorAll(".md-search__input:not([data-code-index])")) {
      input.dataset.codeIndex = "";
      input.codeIndexLink = new HeaderLink(input);
    }
  }

  // Material's instant navigation swaps pages without reloading scripts: document$ emits
  // for every page shown, including the first one.
  if (window.document$) window.document$.subscribe(initialise);
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", initialise);
  else initialise();

  // The command builder (command-builder.js) searches codes with the same data and ranking.
  window.codeSearch = {
    fold,
    words,
    search,
    prepareCore,
    prepareShard,
    editDistance,
    typoBudget,
    nearMiss,
    SearchData,
    indexAddress,
  };
})();
