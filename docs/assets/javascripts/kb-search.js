/* Faceted search over the Pagefind index. A result is a finding (with the
   review it is in as its context), a review, a briefing or a page: each is a
   record of its own in the index (asckb/search.py), carrying every facet it
   can be narrowed by, so Pagefind's counts are the numbers of results listed.
   The page's configuration (#kb-search-config, written by the engine:
   render/search_config.py) names the filters, the Pagefind bundles (the
   first is loaded, any others merged into it) and the "best bets": when the
   words are a glossary term or a topic, its definition and links come first.
   The query and the chosen filters live in the URL (?q=...&topic=...), so a
   search can be shared, bookmarked and reopened. Text from the index is put
   into the page with textContent; only Pagefind's <mark> highlights are kept.
   On a phone: choosing a filter keeps the reader's place, and "Show N results"
   closes the filters and takes them to the first result; arriving with words
   (the header's box), the focus is on the results' heading. A search that
   finds nothing or little says what was searched and what to try next. An
   index in several bundles lists the first bundle's results while the others
   are merged, saying they are results so far, then the whole index's (the
   first bundle's answers reused: it is not searched twice). */
(function () {
  "use strict";
  /* The search page loads this script from its head too (overrides/main.html): run once. */
  if (window.kbSearchLoaded) return;
  window.kbSearchLoaded = true;
  /* The engine's configuration in the page, read again when the page is another (instant navigation); an
     empty one (one bundle, no names, filters or best bets) without it, as while the head is loading. */
  var config = { node: null, value: {} };
  function readConfig() {
    var node = document.getElementById("kb-search-config");
    if (node !== config.node) {
      config.node = node;
      try { config.value = node ? JSON.parse(node.textContent) : {}; } catch (error) { config.value = {}; }
    }
    return config.value;
  }
  /* The filters, from the facet registry (data/vocabularies/facets.yml): [name in the address, legend]. */
  function facets() { return readConfig().facets || []; }
  var PAGE = 10;          /* results per "Show more" */
  var pagefind = null;
  var merged = null;
  /* The filter giving the number of the bundle a record is in ("1", "2", ...). It is given as Pagefind loads
     each bundle (its `mergeFilter`), not stored in the index, so using it fetches nothing. */
  var SHARD = "shard";
  /* This script's address: the stemmer is beside it (vendor/porter2.js). */
  var HERE = document.currentScript ? document.currentScript.src : window.location.href;
  var stemmer = null;

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key === "class") node.className = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* A kind of finding, document or briefing as a tag, styled by its id as on the pages ("Strength" ->
     kb-kind--strength); a result that is a page ("Topic") has no kind of its own. */
  function kindTag(kind) {
    var id = (readConfig().kinds || {})[kind];
    return el("span", { class: id ? "kb-kind kb-kind--" + id : "kb-kind", text: kind });
  }

  /* Pagefind excerpts are escaped text with <mark> around matches: rebuild them as nodes. The record's title
     opens its text, and the result shows it already: an excerpt starting with it starts after it. An excerpt
     that starts inside a sentence says so with an ellipsis. */
  function excerpt(html, title, content) {
    var box = el("p", { class: "kb-result__excerpt" });
    var decode = document.createElement("textarea");
    var parts = [];
    html.split(/(<mark>|<\/mark>)/).reduce(function (marked, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      decode.innerHTML = part;
      if (decode.value) parts.push([decode.value, marked]);
      return marked;
    }, false);
    var words = function (text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim(); };
    var plain = parts.map(function (part) { return part[0]; }).join("");
    var heading = words(title || "");
    /* (Twice for a finding whose text is its title.) */
    for (var again = 0; again < 2 && heading && words(plain).indexOf(heading) === 0; again++) {
      /* Drop as many characters as the title's words take, counted on the excerpt's own words. */
      var count = heading.split(" ").length;
      var cut = 0;
      var re = /[\p{L}\p{N}]+/gu;
      for (var i = 0; i < count && re.exec(plain); i++) cut = re.lastIndex;
      parts = trim(parts, cut);
      plain = plain.slice(cut);
    }
    var start = plain.replace(/^[\s.,;:?!&)\]\u2019\u201d\u2013\u2014-]+/u, "");
    parts = trim(parts, plain.length - start.length);
    var body = words(content || "");
    var first = words(start).split(" ").slice(0, 4).join(" ");
    var opensText = body && first && (body.indexOf(first) === 0 || body.indexOf(heading + " " + first) === 0);
    if (start && !opensText && !/^[\p{Lu}\p{N}"'(“]/u.test(start)) box.appendChild(document.createTextNode("\u2026 "));
    parts.forEach(function (part) {
      box.appendChild(part[1] ? el("mark", { text: part[0] }) : document.createTextNode(part[0]));
    });
    return box;
  }
  /* The parts of an excerpt without its first `n` characters. */
  function trim(parts, n) {
    var out = [];
    parts.forEach(function (part) {
      if (n >= part[0].length) { n -= part[0].length; return; }
      out.push([part[0].slice(n), part[1]]);
      n = 0;
    });
    return out;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    /* Before the page's configuration is read (the script loading from the head), every other parameter is
       taken for a filter: the address holds only what writeState put there. */
    var known = facets().map(function (facet) { return facet[0]; });
    params.forEach(function (value, key) {
      if (key === "q" || (known.length && known.indexOf(key) < 0)) return;
      (filters[key] = filters[key] || []).push(value);
    });
    return { q: params.get("q") || "", filters: filters };
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    Object.keys(state.filters).forEach(function (key) {
      state.filters[key].forEach(function (value) { params.append(key, value); });
    });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function pagefindFilters(filters) {
    var out = {};
    Object.keys(filters).forEach(function (key) { out[key] = { any: filters[key] }; });
    return out;
  }

  /* Words as compared with the best bets' names: lower case, letters and digits, no plural "s". */
  function normalise(text) {
    return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().split(" ").map(function (word) {
      return word.length > 3 && /[^s]s$/.test(word) ? word.slice(0, -1) : word;
    }).join(" ");
  }

  function Search(root) {
    this.root = root;
    this.config = readConfig();
    this.betNode = root.querySelector("#kb-best-bet");
    this.chosen = root.querySelector("#kb-filters-chosen");
    this.input = root.querySelector("#kb-q");
    this.status = root.querySelector("#kb-search-status");
    this.facets = root.querySelector("#kb-facets");
    this.results = root.querySelector("#kb-results");
    this.more = root.querySelector("#kb-more");
    this.siteRoot = new URL(root.getAttribute("data-root"), window.location.href);
    var bundles = this.config.bundles || [];
    var siteRoot = this.siteRoot;
    this.bundle = bundles.length ? new URL(bundles[0], siteRoot) : new URL(root.getAttribute("data-bundle"), window.location.href);
    this.extraBundles = bundles.slice(1).map(function (b) { return new URL(b, siteRoot).href; });
    this.state = readState();
    this.input.value = this.state.q;
    this.shown = 0;
    this.found = [];
    this.run = 0;
    var self = this;
    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.state.q = self.input.value.trim(); self.search(); }, 150);
    });
    this.more.addEventListener("click", function () { self.showMore(); });
    /* The filters' counts are loaded when the filters are shown (or chosen): a search with the panel closed
       fetches only what its results need. */
    this.panel = root.querySelector("#kb-filters");
    if (this.panel) this.panel.addEventListener("toggle", function () { if (self.panel.open) self.countFacets(self.run); });
    this.heading = root.querySelector("#kb-results-heading");
    this.next = root.querySelector("#kb-next");
    /* At the foot of the filters (kept in view while they are open): close them and go to the first result. */
    this.apply = root.querySelector("#kb-apply");
    if (this.apply) this.apply.addEventListener("click", function () {
      if (self.panel) self.panel.open = false;
      var first = self.results.querySelector("a");
      (first || self.heading).focus();
      (first || self.heading).scrollIntoView({ block: "center" });
    });
  }

  function loadPagefind(bundle) {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(async function (api) {
        /* No web worker: on a phone's connection its own script (40 KB) and the round trip it adds cost
           more than searching on the page's thread, which takes milliseconds. */
        await api.options({ baseUrl: "/", excerptLength: 28, noWorker: true, mergeFilter: shard(1) });
        return api;
      });
    }
    return pagefind;
  }

  function shard(number) {
    var filter = {};
    filter[SHARD] = String(number);
    return filter;
  }

  /* Words that carry no meaning of their own: they never make a match ("transition to adulthood" is not
     found through "to"). A query of nothing else is searched as typed. */
  var STOP_WORDS = new Set(("a about after an and are as at be been but by can could did do does for from had has " +
    "have how i if in into is it its may more most no not of on or our should so than that the their them then " +
    "there these they this those to was we were what when where which while who why will with would you your").split(" "));

  /* A query's words as Pagefind is given them: split at spaces, outer punctuation off (a hyphen inside a
     word stays, as Pagefind indexes it). */
  function tokens(text) {
    return text.split(/\s+/).map(function (word) {
      return word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    }).filter(Boolean);
  }

  function meaningful(words) {
    var kept = words.filter(function (word) { return !STOP_WORDS.has(word.toLowerCase()); });
    return kept.length ? kept : words;
  }

  /* How a query is searched: clauses, each a Pagefind search, listed tier by tier (within a tier, by score).
     0: the words as a phrase. Then, for a query that names something in the knowledge base's vocabularies (a
     topic, by its name or another of its names; a glossary term a topic names: "s42", "section 42
     enquiries" -> "Safeguarding enquiries"), 1: that name as a phrase (a finding filed under a topic holds
     its name in the index), before 2: all of the words (a named thing is more than its words: "mental
     capacity" is not "mental health" and "staffing capacity"; a single word ranks with the name). Then most of the words, then fewer, only
     while what is found fills less than a page. A phrase's findings are among all of its words', so a
     phrase clause only orders (`orders`): the words' clause is what is counted. A query in quotation marks
     is the reader's own phrase: searched as typed. */
  function queryPlan(q, named) {
    var all = tokens(q || "");
    if (!all.length) return null;
    if (/["\u201c\u201d]/.test(q)) return { clauses: [{ text: q, words: all, tier: 1 }], relax: [] };
    var words = meaningful(all);
    var clauses = [];
    var phrase = function (parts) { return "\u0022" + parts.join(" ") + "\u0022"; };
    if (all.length > 1) clauses.push({ text: phrase(all), words: words, tier: 0, orders: true });
    var same = function (a, b) { return a.join(" ").toLowerCase() === b.join(" ").toLowerCase(); };
    named = (named || []).filter(function (name) { return !same(meaningful(tokens(name)), words); });  /* no search twice */
    named.forEach(function (name) {
      var nameAll = tokens(name);
      var nameWords = meaningful(nameAll);
      if (nameAll.length > 1) clauses.push({ text: phrase(nameAll), words: nameWords, tier: 1, orders: true, name: true });
      clauses.push({ text: nameWords.join(" "), words: nameWords, tier: nameAll.length > 1 ? 3 : 1, name: true });
    });
    /* One word is as precise as a name ("s42"): its findings rank with the name's. */
    clauses.push({ text: words.join(" "), words: words, tier: named.length && words.length > 1 ? 2 : 1, own: true });
    /* Most of the words, then fewer (down to one, or to three fewer than typed; no more than ten ways):
       the reader sees what holds some of them rather than nothing. */
    var relax = [];
    for (var size = words.length - 1; size >= Math.max(1, words.length - 3) && choose(words.length, size) <= 10; size--) {
      relax.push(subsets(words, size).map(function (subset) {
        return { text: subset.join(" "), words: subset, tier: 4 + words.length - size };
      }));
    }
    return { clauses: clauses, relax: relax };
  }

  function choose(n, k) {
    return k === 0 ? 1 : choose(n - 1, k - 1) * n / k;
  }

  function subsets(items, size) {
    if (size === 0) return [[]];
    if (items.length < size) return [];
    var rest = items.slice(1);
    return subsets(rest, size - 1).map(function (s) { return [items[0]].concat(s); }).concat(subsets(rest, size));
  }

  /* The bundles a clause is searched in: every one (null), or, in an index in several bundles (a large
     corpus), those holding every word of the clause that some bundle holds. A bundle without a word answers
     otherwise than one index: Pagefind leaves the word out (the bundle answers with the other words alone),
     or searches instead the longest word it has that begins the word's stem ("liber" of "liberal" for
     "liberty"); leaving that bundle out gives what one index would. A word no bundle holds is searched
     everywhere. Only the words looked up (`holding`) are known. */
  function clauseBundles(words, holding) {
    if (!holding || !words.length || !words.every(function (word) { return word.toLowerCase() in holding; })) return null;
    var allowed = holding.every;
    words.forEach(function (word) {
      var some = holding[word.toLowerCase()];
      if (some && some.length) allowed = allowed.filter(function (b) { return some.indexOf(b) >= 0; });
    });
    return allowed;
  }

  /* Options keeping a search to some bundles (none, if the list is empty). */
  function inBundles(base, bundles) {
    var filters = Object.assign({}, base.filters);
    filters[SHARD] = { any: bundles.length ? bundles : ["none"] };
    return Object.assign({}, base, { filters: filters });
  }

  function clauseOptions(base, words, holding) {
    var allowed = clauseBundles(words, holding);
    return allowed ? inBundles(base, allowed) : base;
  }

  /* Which of the bundles `every` hold each word of the plan's clauses: the query's own words and those of
     the names it stands for ("MSP": "Making Safeguarding Personal"; "section 42 enquiries": "Section 42
     safeguarding enquiries", whose "section" only a few bundles hold), and so the relaxed clauses' too.
     Each word is searched kept to no bundle: nothing is listed (listing a common word's thousands of
     results takes long), and Pagefind's counts without the filters (totalFilters) say how many results
     each bundle has (the words' chunks loaded first: `loadWords`, so this costs no request). A bundle
     holds a word if it holds the word's stem exactly (a phrase of one word: Pagefind looks for the stem
     alone), or finds other results for the word than for its stem followed by the highest character (what
     Pagefind finds for a word none begins with: the longest word it has that begins it; the same word,
     the same results, when the bundle has no word beginning with the stem). Nothing to do with one
     bundle. */
  async function bundleHolding(api, plan, every) {
    if (!every || !plan) return null;
    var words = {};
    plan.clauses.forEach(function (clause) {
      clause.words.forEach(function (word) { words[word.toLowerCase()] = true; });
    });
    await loadWords(api, plan);
    var stem = await loadStemmer();
    var holding = { every: every };
    var counts = async function (term) {
      return ((await api.search(term, inBundles({}, []))).totalFilters || {})[SHARD] || {};
    };
    await Promise.all(Object.keys(words).map(async function (word) {
      var terms = chunkTerms(word, stem);
      var some = await counts(word);
      var exactly = stem ? await counts("\u0022" + word + "\u0022") : some;
      var instead = stem && terms.length > 1 ? await counts(terms[terms.length - 1]) : {};
      holding[word] = every.filter(function (b) {
        return exactly[b] > 0 || (some[b] > 0 && some[b] !== instead[b]);
      });
    }));
    return holding;
  }

  /* Pagefind's stemmer (Snowball English), loaded once; null if it cannot be. */
  function loadStemmer() {
    if (!stemmer) {
      stemmer = import(new URL("vendor/porter2.js", HERE).href).then(function (module) { return module.stem; },
        function () { return null; });
    }
    return stemmer;
  }

  /* What to preload for a word, each on its own: the word as Pagefind reads it (lower case, punctuation
     out), its stem, and the stem followed by the highest character. Pagefind 1.4 searches a word's stem
     and every word beginning with it among the index chunks it has loaded, but picks a chunk by the word
     as typed: the chunk where "making" would sort need not hold "make" ("making safeguarding personal"
     then found a few hundred findings, not thousands), and which chunk a word falls in differs from one
     bundle to another. The stem loads the chunk where the stem's words begin (if it falls between two
     chunks, nothing does, and Pagefind then loads the first chunk holding a word that begins with it);
     the stem followed by the highest character, the chunk where they end. A stem whose words fill more
     than two chunks (none in this knowledge base's vocabulary) could still miss the middle ones. */
  function chunkTerms(word, stem) {
    var plain = word.toLowerCase().replace(/[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, "");
    if (!plain) return [];
    var root = stem ? stem(plain) : plain;
    return [plain, root, root + "\uffff"].filter(function (term, i, all) { return all.indexOf(term) === i; });
  }

  /* Fetch the index chunks of each word of a plan's clauses (`chunkTerms`), in every bundle loaded, all
     at once, before they are searched. Each on its own: Pagefind looks wider for a term only when no term
     of the search finds a chunk; so in a search of several words, a word found only the wider way would
     be left out, unless an earlier search had happened to load it. */
  async function loadWords(api, plan) {
    var stem = await loadStemmer();
    var terms = {};
    plan.clauses.forEach(function (clause) {
      tokens(clause.text).forEach(function (word) {
        chunkTerms(word, stem).forEach(function (term) { terms[term] = true; });
      });
    });
    return Promise.all(Object.keys(terms).map(function (term) { return api.preload(term); }));
  }

  /* One clause's search (a clause with no text: the filters alone). `context.earlier`: the first bundle's
     answers, by clause, searched before the other bundles were merged. A clause answered there is searched in
     the other bundles only, and the answers are put together as Pagefind puts bundles together (the first
     bundle's results, then the others', sorted by score, equal scores keeping that order), so the results
     are those of one search of every bundle. */
  async function searchClause(api, clause, base, context) {
    var allowed = clauseBundles(clause.words, context.holding);
    var first = context.earlier && context.earlier[clause.text];
    if (!first || (allowed && allowed.indexOf("1") < 0)) return api.search(clause.text, allowed ? inBundles(base, allowed) : base);
    var others = (allowed || context.every).filter(function (b) { return b !== "1"; });
    var rest = others.length ? (await api.search(clause.text, inBundles(base, others))).results : [];
    return { results: first.results.concat(rest).sort(function (a, b) { return b.score - a.score; }) };
  }

  /* The results of a plan: each clause searched, tier by tier, each result once, where it ranks first; the
     clauses that brought results (what the facets' counts count) in `counted`, each clause's answer in
     `answers`. Pagefind gives every result of a phrase the same score: they are ordered by their score for
     the phrase's words. */
  async function findAll(api, plan, base, context) {
    var seen = {};
    var results = [];
    var counted = [];
    var answers = {};
    async function tier(clauses) {
      var responses = await Promise.all(clauses.map(function (clause) {
        return searchClause(api, clause, base, context);
      }));
      var scores = {};
      responses.forEach(function (response, i) {
        answers[clauses[i].text] = response;
        var byId = scores[clauses[i].words.join(" ").toLowerCase()] = scores[clauses[i].words.join(" ").toLowerCase()] || {};
        if (!clauses[i].orders) response.results.forEach(function (result) { byId[result.id] = result.score || 0; });
      });
      var found = [];
      responses.forEach(function (response, i) {
        var clause = clauses[i];
        if (!clause.orders && response.results.length) counted.push(clause);
        var byId = scores[clause.words.join(" ").toLowerCase()];
        response.results.forEach(function (result, order) {
          found.push({ result: result, tier: clause.tier, order: order,
                       score: clause.orders ? byId[result.id] || 0 : result.score || 0 });
        });
      });
      found.sort(function (a, b) { return a.tier - b.tier || b.score - a.score || a.order - b.order; });
      var keys = await resultKeys(responses);
      /* A result found by the reader's own words too is shown as they find it: its excerpt marks what was typed. */
      var own = {};
      responses.forEach(function (response, i) {
        if (clauses[i].own) response.results.forEach(function (result) { own[keys.get(result)] = result; });
      });
      found.forEach(function (hit) {
        var key = keys.get(hit.result);
        if (!seen[key]) { seen[key] = true; results.push(own[key] || hit.result); }
      });
    }
    await tier(plan.clauses);
    for (var i = 0; i < plan.relax.length && results.length < PAGE; i++) await tier(plan.relax[i]);
    return { results: results, counted: minimal(counted), answers: answers };
  }

  /* Each result's key, the same for one record whichever clause finds it: its id. Pagefind makes a record's
     id from a hash of its words, unique within a bundle, but two bundles can give two records the same one
     (one pair in 7,722 results for "transitions" at 1,000 reviews): an id that a response lists twice is
     such a pair, and those results are told apart by the address they lead to (their fragments fetched:
     rarely). */
  async function resultKeys(responses) {
    var keys = new Map();
    var twice = {};
    responses.forEach(function (response) {
      var once = {};
      response.results.forEach(function (result) {
        if (once[result.id]) twice[result.id] = true;
        once[result.id] = true;
      });
    });
    await Promise.all(responses.map(function (response) {
      return Promise.all(response.results.map(async function (result) {
        if (!twice[result.id]) return keys.set(result, result.id);
        var data = await result.data();
        keys.set(result, result.id + " " + ((data.meta || {}).target || data.url));
      }));
    }));
    return keys;
  }

  /* Clauses without those whose words hold another's (what they find, the other finds too). */
  function minimal(clauses) {
    var sets = clauses.map(function (clause) {
      return clause.words.map(function (word) { return word.toLowerCase(); });
    });
    return clauses.filter(function (clause, i) {
      return !sets.some(function (other, j) {
        var within = other.every(function (word) { return sets[i].indexOf(word) >= 0; });
        return j !== i && within && (other.length < sets[i].length || j < i);
      });
    });
  }

  /* Each filter value's count over the results of several clauses (the union of what each finds): by
     inclusion and exclusion, the results of clauses together being what all of their words find. Each
     distinct set of words is searched once. */
  async function unionFilters(api, clauses, base, holding) {
    if (clauses.length === 1) return (await api.search(clauses[0].text, clauseOptions(base, clauses[0].words, holding))).filters || {};
    var sets = {};
    var n = Math.min(clauses.length, 12);
    for (var mask = 1; mask < (1 << n); mask++) {
      var words = {};
      var count = 0;
      for (var i = 0; i < n; i++) {
        if (!(mask & (1 << i))) continue;
        count++;
        clauses[i].words.forEach(function (word) { words[word.toLowerCase()] = true; });
      }
      var key = Object.keys(words).sort().join(" ");
      sets[key] = (sets[key] || 0) + (count % 2 ? 1 : -1);
    }
    var out = {};
    await Promise.all(Object.keys(sets).filter(function (key) { return sets[key] !== 0; }).map(async function (key) {
      var response = await api.search(key, clauseOptions(base, key.split(" "), holding));
      var filters = response.filters || {};
      Object.keys(filters).forEach(function (name) {
        out[name] = out[name] || {};
        Object.keys(filters[name]).forEach(function (value) {
          out[name][value] = (out[name][value] || 0) + sets[key] * filters[name][value];
        });
      });
    }));
    Object.keys(out).forEach(function (name) {
      Object.keys(out[name]).forEach(function (value) { if (!out[name][value]) delete out[name][value]; });
    });
    return out;
  }

  /* The search for the state: { results, counted, holding, answers } (null without words or filters), over
     the bundles numbered `every` (null: an index of one bundle), reusing the first bundle's `earlier` answers. */
  async function query(api, state, base, plan, every, earlier) {
    if (!state.q) {
      if (!Object.keys(state.filters).length) return null;
      var alone = await searchClause(api, { text: null, words: [] }, base, { every: every, earlier: earlier });
      return { results: alone.results, counted: null, answers: { null: alone } };
    }
    if (!plan) return { results: [], counted: [] };  /* no word, only punctuation */
    await loadWords(api, plan);
    var holding = await bundleHolding(api, plan, every);
    var found = await findAll(api, plan, base, { holding: holding, every: every, earlier: earlier });
    return { results: found.results, counted: found.counted, holding: holding, answers: found.answers };
  }

  function baseOptions(state, answered) {
    var options = { filters: pagefindFilters(state.filters) };
    /* The page the best bet above already leads to is not listed again (nor counted). */
    if (answered) options.filters.page = { none: [answered] };
    return options;
  }

  /* Loaded from the search page's head, start fetching the index at once (Pagefind's metadata, and the index
     chunks holding the address's words), so that it overlaps the loading of the rest of the page. Nothing is
     searched yet: the names the words stand for are in the page's configuration, further down. */
  var script = document.currentScript;
  if (script && script.hasAttribute("data-kb-early")) {
    var initial = tokens(readState().q);
    var early = initial.length ? loadStemmer() : null;
    loadPagefind(new URL(script.getAttribute("data-kb-early"), window.location.href)).then(async function (api) {
      if (!initial.length) return api.init();
      var stem = await early;
      return Promise.all(initial.map(function (word) {
        return Promise.all(chunkTerms(word, stem).map(function (term) { return api.preload(term); }));
      }));
    }).catch(function () {});
  }

  /* The first bundle, with any others merged into it (an index in shards), once. */
  Search.prototype.load = function () {
    var extra = this.extraBundles;
    if (!extra.length) return loadPagefind(this.bundle);
    if (!merged) {
      merged = loadPagefind(this.bundle).then(async function (api) {
        /* All at once: one after another, each bundle's round trips would add up on a phone's connection. */
        await Promise.all(extra.map(function (bundle, i) { return api.mergeIndex(bundle, { mergeFilter: shard(i + 2) }); }));
        return api;
      });
    }
    return merged;
  };

  /* The bundles' numbers, as the SHARD filter gives them; null for an index of one bundle. */
  Search.prototype.bundleNumbers = function () {
    if (!this.extraBundles.length) return null;
    var numbers = [];
    for (var b = 1; b <= this.extraBundles.length + 1; b++) numbers.push(String(b));
    return numbers;
  };

  /* The best bet for the words: a topic or glossary term one of whose names they are. */
  Search.prototype.bestBet = function (q) {
    var wanted = normalise(q);
    if (!wanted) return null;
    var bets = this.config.bets || [];
    for (var i = 0; i < bets.length; i++) {
      var names = bets[i].k || [];
      for (var j = 0; j < names.length; j++) {
        if (normalise(names[j]) !== wanted) continue;
        /* A glossary term that a topic names: the topic's answer, with what the term stands for. */
        return bets[i].p === undefined ? bets[i] : Object.assign({}, bets[bets[i].p], { a: bets[i].a });
      }
    }
    return null;
  };

  /* The names a query stands for in the vocabularies, to widen it: a topic's name for the topic or any of its
     other names (or, for a query of several words, the first words of one: "business continuity" for "business
     continuity plan"), and for a
     glossary term a topic names, that topic's name; and a topic whose name is one of those other names. */
  Search.prototype.vocabularyNames = function (q) {
    var wanted = normalise(q || "");
    var bets = this.config.bets || [];
    var names = [];
    var add = function (name) { if (names.indexOf(name) < 0) names.push(name); };
    if (!wanted) return names;
    bets.forEach(function (bet) {
      var matched = (bet.k || []).filter(function (name) {
        var n = normalise(name);
        return n === wanted || (wanted.indexOf(" ") > 0 && n.indexOf(wanted + " ") === 0);
      });
      if (!matched.length) return;
      var topic = bet.p === undefined ? bet : bets[bet.p];
      if (topic.c === undefined) return;
      add(topic.t);
    });
    /* A topic named among another topic's other names ("Deprivation of Liberty Safeguards", under "Mental capacity"). */
    names.slice().forEach(function (name) {
      var bet = bets.filter(function (b) { return b.c !== undefined && b.t === name; })[0];
      (bet && bet.k || []).forEach(function (other) {
        bets.forEach(function (b) { if (b.c !== undefined && b !== bet && normalise(b.t) === normalise(other)) add(b.t); });
      });
    });
    return names;
  };

  Search.prototype.renderBestBet = function () {
    var bet = this.state.q ? this.bestBet(this.state.q) : null;
    this.betNode.textContent = "";
    this.betUrl = null;
    if (!bet) return;
    this.betUrl = bet.u;
    var page = new URL(bet.u, this.siteRoot).href;
    var empty = bet.c === 0;  /* a topic with a page but no finding filed under it yet */
    var links = [el("a", { href: page, text: bet.c !== undefined ? (empty ? "The topic page" : "The topic page: " + bet.c +
      (bet.c === 1 ? " finding" : " findings") + " filed under it") : "In the glossary" })];
    if (bet.f && !empty) {
      var params = new URLSearchParams();
      params.set(bet.f[0], bet.f[1]);
      links.push(document.createTextNode(" \u00b7 "));
      links.push(el("a", { href: window.location.pathname + "?" + params.toString(), text: "List them here, with filters" }));
    }
    this.betNode.appendChild(el("section", { class: "kb-best-bet", "aria-labelledby": "kb-best-bet-title" }, [
      el("h2", { id: "kb-best-bet-title", class: "kb-best-bet__title" }, [
        el("span", { class: "kb-best-bet__label", text: bet.c !== undefined ? "Topic" : "Glossary" }),
        document.createTextNode(" "), el("a", { href: page, text: bet.t })]),
      bet.a ? el("p", { class: "kb-best-bet__meaning", text: bet.a }) : null,
      bet.d ? el("p", { text: bet.d }) : null,
      empty ? el("p", { class: "kb-best-bet__empty", text: "No finding is filed under this topic yet. " +
        "The results below are other pages and findings that use the words." }) : null,
      el("p", { class: "kb-best-bet__links" }, links)
    ]));
  };

  /* An index in several bundles, before the others are merged: the first bundle's results, to list at once
     ("so far"), and its answers to the clauses searched, which the search of every bundle then reuses. Only
     results the whole index's are sure to hold, found the quickest way: those of the words as typed (as a
     phrase and as words; not most of the words, which are searched only if the whole index finds little),
     or if they find nothing here, those of the names the words stand for; and no clause with an own word
     this bundle lacks (if another bundle holds it, this bundle is left out of that clause). Searching one
     bundle is possible only before merging begins (a bundle being merged would be searched half-loaded). */
  Search.prototype.firstBundle = async function (run, plan, options) {
    if (!this.extraBundles.length || merged) return null;
    var api = await loadPagefind(this.bundle);
    if (merged || run !== this.run) return null;
    if (!plan) return query(api, this.state, options, null, null, null);  /* filters alone, or no word */
    var self = this;
    var holding = null;
    var sure = function (clause) {
      return !clauseBundles(clause.words, holding) || clause.words.every(function (word) { return holding[word.toLowerCase()].length; });
    };
    var search = async function (clauses, answers) {
      await loadWords(api, { clauses: clauses });
      if (merged || run !== self.run) return null;
      var found = await findAll(api, { clauses: clauses.filter(sure), relax: [] }, options, {});
      Object.assign(found.answers, answers);
      return found;
    };
    var typed = plan.clauses.filter(function (clause) { return !clause.name; });
    var names = plan.clauses.filter(function (clause) { return clause.name; });
    holding = await bundleHolding(api, { clauses: typed }, ["1"]);
    var found = await search(typed, {});
    if (found && !found.results.length && names.length) {
      holding = await bundleHolding(api, plan, ["1"]);
      found = await search(names, found.answers);
    }
    return merged || run !== this.run ? null : found;
  };

  Search.prototype.search = async function () {
    var run = ++this.run;
    writeState(this.state);
    this.showChosen();  /* the filters from the URL are counted at once, before any index has loaded */
    this.renderBestBet();  /* the answer first: it needs no index, only the page's configuration */
    var self = this;
    var options = baseOptions(this.state, this.betUrl);
    var plan = queryPlan(this.state.q, this.vocabularyNames(this.state.q));
    var partial = await this.firstBundle(run, plan, options);
    if (run !== this.run) return;
    /* The other bundles are merged once the first result is drawn: before, their metadata (several times the
       first result's size) would share a phone's connection with it. */
    if (partial && partial.results.length) await this.show(run, partial, null, true, function () { self.load(); });
    var api = await this.load();
    if (run !== this.run) return;
    var response = await query(api, this.state, options, plan, this.bundleNumbers(), partial && partial.answers);
    if (run !== this.run) return;  /* a newer search has started */
    await this.show(run, response, options, false);
    if (run !== this.run) return;
    if (Object.keys(this.state.filters).length || (this.panel && this.panel.open)) await this.countFacets(run);
  };

  /* The results of a search on the page: the first ten, the count in the status (a polite live region, so
     said once they are listed) and on the filters' "Show" button, what to try next when there are few. While
     `soFar`, they are the first bundle's only: said so, and nothing suggested yet. */
  Search.prototype.show = async function (run, response, options, soFar, onFirst) {
    var self = this;
    if (!this.results.isConnected) this.results = this.root.querySelector("#kb-results");  /* an earlier search's, left aside */
    var list = this.results;
    this.shown = 0;
    this.found = response ? response.results : [];
    this.counted = response && response.counted;
    this.holding = response && response.holding;
    this.options = options;
    var n = this.found.length;
    var words = this.state.q ? " for \u201c" + this.state.q + "\u201d" : "";
    var said = !response ? "Type a few words, or choose filters." : soFar ? n + (n === 1 ? " result" : " results") +
      " so far" + words + "; still searching the rest of the index." : n === 0 ? "No results" + words + "." :
      n + (n === 1 ? " result" : " results") + words + ".";
    /* Results so far stay listed until the first of the whole index's is drawn; then that list takes their
       place (and the count is said), and each next result is listed as soon as it is here. */
    if (this.listingSoFar && n) {
      var fresh = list.cloneNode(false);
      this.results = fresh;
      fresh.onFirst = function () {
        if (run !== self.run) return;
        list.replaceWith(fresh);
        self.status.textContent = said;
      };
    } else {
      list.textContent = "";
    }
    if (onFirst) {  /* the caller's, once the first result is drawn too */
      var drawn = this.results.onFirst;
      this.results.onFirst = function () { if (drawn) drawn(); onFirst(); };
    }
    if (response) await this.showMore();
    if (run !== this.run) return;
    if (this.results !== list && !this.results.isConnected) list.replaceWith(this.results);
    this.listingSoFar = soFar && n > 0;
    if (!response) this.more.style.display = "none";
    if (this.status.textContent !== said) this.status.textContent = said;
    if (this.apply) {
      this.apply.hidden = !response;
      this.apply.textContent = n === 0 ? "No results: see what to try" :
        "Show " + n + (n === 1 ? " result" : " results") + (soFar ? " so far" : "");
    }
    this.renderNext(response && !soFar ? n : null);
    /* Arrived with words (from the header's box, or a link), the reader starts at the results' heading: the
       first result is the next Tab. Not while they have moved on (typing, choosing). */
    if (this.focusOnArrival && response && !soFar && (!document.activeElement || document.activeElement === document.body)) {
      this.focusOnArrival = false;
      (n === 0 && this.next.firstChild ? this.next.firstChild : this.heading).focus({ preventScroll: true });
    }
  };

  /* How many single-letter edits (insert, delete, replace, swap two neighbours) turn a into b, or more than
     `most` (then `most + 1`): the spelling check of names the page already holds. */
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows[i] = [i];
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[i][j] = j; continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
      }
    }
    return rows[a.length][b.length];
  }

  /* Glossary terms and topics near the words, nearest first, at most six: a name within a letter or two of
     the words (a slip of spelling); a name with one of the words in it, or a word starting with it; a name
     with a word a letter or two from one of the words, when that word is in no name (misspelt, most
     likely). Each as [how near, the best bet, whether a spelling]. The best bet already shown is not repeated. */
  Search.prototype.nearby = function (q) {
    var wanted = normalise(q);
    if (!wanted) return [];
    var words = wanted.split(" ").filter(function (w) { return w.length > 3; });
    var bets = this.config.bets || [];
    var shown = this.betUrl;
    var named = {};
    bets.forEach(function (bet) {
      (bet.k || []).forEach(function (name) { normalise(name).split(" ").forEach(function (w) { named[w] = true; }); });
    });
    var found = [];
    bets.forEach(function (bet) {
      if (bet.u === shown) return;
      var best = Infinity;
      var spelling = false;
      function note(score, spelt) {
        if (score < best) { best = score; spelling = spelt; }
      }
      (bet.k || []).forEach(function (name) {
        var n = normalise(name);
        var most = n.length > 5 ? 2 : 1;
        var whole = distance(wanted, n, most);
        if (whole <= most) note(whole / 4, whole > 0);
        n.split(" ").forEach(function (part) {
          words.forEach(function (w) {
            if (part === w) note(1, false);
            else if (part.indexOf(w) === 0) note(1.5, false);
            else if (!named[w] && part.length > 3) {
              var most = w.length > 7 ? 2 : 1;
              var d = distance(w, part, most);
              if (d <= most) note(1 + d, true);
            }
          });
        });
      });
      if (best < Infinity) found.push([best, bet, spelling]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1].t.localeCompare(b[1].t); });
    var seen = {};
    return found.filter(function (f) {
      if (seen[f[1].t]) return false;
      seen[f[1].t] = true;
      return true;
    }).slice(0, 6);
  };

  var THIN = 3;  /* results fewer than this: the search also says what else to try */

  /* Under a search that found nothing or little: what was searched, terms near the words, the filters to
     take off, and the way to browse by topic. Nothing while the count is not known (null). */
  Search.prototype.renderNext = function (n) {
    var self = this;
    this.next.textContent = "";
    if (n === null) return;
    var state = this.state;
    var near = state.q ? this.nearby(state.q) : [];
    /* Many results: suggested only when the words look misspelt (no name is them, one is a letter or two off). */
    var misspelt = !this.betUrl && near.some(function (f) { return f[2]; });
    if (n >= THIN && !misspelt) return;
    near = near.map(function (f) { return f[1]; });
    var parts = [];
    var chosen = [];
    facets().forEach(function (facet) {
      (state.filters[facet[0]] || []).forEach(function (value) { chosen.push(facet[1] + ": " + value); });
    });
    var said = (n === 0 ? "Nothing was found" : n < THIN ? "Only " + n + (n === 1 ? " result was" : " results were") + " found"
      : n + " results were found") +
      (state.q ? " for \u201c" + state.q + "\u201d" : "") + (chosen.length ? " with the filters " + chosen.join("; ") : "") + ".";
    parts.push(el("h2", { id: "kb-next-title", class: "kb-search__next-title", tabindex: "-1",
      text: n === 0 ? "No results" : n < THIN ? "What else to try" : "Did you mean?" }));
    parts.push(el("p", { text: said }));
    var tries = [];
    if (near.length) {
      var items = near.map(function (bet) {
        var params = new URLSearchParams();
        params.set("q", bet.t);
        return el("li", {}, [
          el("a", { href: window.location.pathname + "?" + params.toString(), text: bet.t }),
          document.createTextNode(bet.c !== undefined ? " (topic" + (bet.c ? ", " + bet.c + (bet.c === 1 ? " finding)" : " findings)") : ", no findings yet)")
            : " (glossary)")
        ]);
      });
      tries.push(el("li", {}, [document.createTextNode("Search for a term near your words:"),
        el("ul", { class: "kb-search__near" }, items)]));
    }
    if (chosen.length) {
      var clear = el("button", { type: "button", class: "kb-search__clear", text: "Search again without the filters" });
      clear.addEventListener("click", function () {
        self.state.filters = {};
        self.search();
        self.input.focus();
      });
      tries.push(el("li", {}, [clear]));
    }
    if (n < THIN && state.q && state.q.indexOf(" ") > 0 && !chosen.length) tries.push(el("li", { text: "Use fewer words, or other words for the same thing." }));
    tries.push(el("li", {}, [el("a", { href: new URL("topics/", this.siteRoot).href, text: "Browse the findings by topic" }),
      document.createTextNode(", or look a word up in the "),
      el("a", { href: new URL("glossary/", this.siteRoot).href, text: "glossary" })]));
    parts.push(el("ul", { class: "kb-search__tries" }, tries));
    parts.forEach(function (part) { self.next.appendChild(part); });
  };

  /* Each filter's count: how many results choosing it would list. A facet with no choice yet: the results that
     also carry the value (Pagefind's counts for the search as it is). A facet with choices, whose values are
     alternatives (any of them): its counts come from the same search without its own choices. Pagefind loads
     filter indexes lazily, so all are loaded first (cached after the first time). */
  Search.prototype.countFacets = async function (run) {
    if (run !== this.run) return;
    if (!this.facets.firstChild) this.facets.textContent = "Loading the filters\u2026";
    var api = await this.load();
    var totals = await api.filters();
    if (run !== this.run) return;
    var state = this.state;
    var base = this.options || { filters: pagefindFilters(state.filters) };
    var counts = {};
    var keys = Object.keys(state.filters);
    var self = this;
    /* The counts of what a search lists: with words, over the clauses its results came from (queryPlan). */
    var counting = async function (options) {
      if (state.q) return unionFilters(api, self.counted || [], options, self.holding);
      return (await api.search(null, options)).filters || {};
    };
    var plain = state.q || keys.length ? await counting(base) : totals;
    Object.keys(plain || {}).forEach(function (key) { counts[key] = plain[key]; });
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      var others = Object.assign({}, base.filters);
      delete others[key];
      var without = state.q || Object.keys(others).filter(function (k) { return k !== SHARD && k !== "page"; }).length
        ? await counting({ filters: others }) : totals;
      counts[key] = (without || {})[key] || {};
    }
    if (run === this.run) this.renderFacets(counts);
  };

  /* The next results. While a batch is coming, the list says it is busy and another press of "Show more"
     waits for it (two batches at once would list the same results twice). */
  Search.prototype.showMore = async function (target) {
    if (this.loading === this.run) return;  /* this search's next batch is on its way */
    var run = this.loading = this.run;
    this.results.setAttribute("aria-busy", "true");
    try {
      await this.nextBatch(target || this.results);
    } finally {
      if (this.loading === run) {  /* not a newer search's, which goes on */
        this.loading = null;
        this.results.setAttribute("aria-busy", "false");
      }
    }
  };

  Search.prototype.nextBatch = async function (target) {
    var run = this.run;
    var slice = this.found.slice(this.shown, this.shown + PAGE);
    /* The first result's fragment is fetched alone, so that on a slow connection it does not share the
       bandwidth with the rest; the others are then fetched together, and each is drawn in order as soon
       as it and those before it are here. */
    var first = slice.length ? slice[0].data() : null;
    var rest = first && first.then(function () { return slice.slice(1).map(function (r) { return r.data(); }); });
    for (var i = 0; i < slice.length; i++) {
      var item = i === 0 ? await first : await (await rest)[i - 1];
      if (run !== this.run) return;
      target.appendChild(this.renderResult(item));
      if (target.onFirst) { target.onFirst(); target.onFirst = null; }
    }
    this.shown += slice.length;
    this.more.style.display = this.shown >= this.found.length ? "none" : "";
  };

  Search.prototype.link = function (target) {
    return new URL(target.replace(/^\//, ""), this.siteRoot).href;
  };

  /* A result: a finding (its title, kind and framework place, the review it is in, an excerpt), or a review,
     briefing or page (its title, kind, area and date, an excerpt). */
  Search.prototype.renderResult = function (item) {
    var meta = item.meta || {};
    var target = this.link(meta.target || item.url);
    var title = meta.title || item.url;
    var body = item.excerpt ? excerpt(item.excerpt, title, item.content) : null;
    if (meta.review) {
      return el("li", { class: "kb-result kb-result--finding" }, [
        el("a", { class: "kb-result__title", href: target, text: title }),
        el("p", { class: "kb-result__meta" }, [
          meta.kind ? kindTag(meta.kind) : null,
          document.createTextNode(meta.where ? " " + meta.where : "")
        ]),
        el("p", { class: "kb-result__source" }, [
          document.createTextNode("In "),
          el("a", { href: this.link(meta.review_url), text: meta.review }),
          document.createTextNode([meta.area, meta.date].filter(Boolean).map(function (part) {
            return " \u00b7 " + part; }).join(""))
        ]),
        body
      ]);
    }
    return el("li", { class: "kb-result" }, [
      el("a", { class: "kb-result__title", href: target, text: title }),
      el("p", { class: "kb-result__meta" }, [
        meta.kind ? kindTag(meta.kind) : null,
        document.createTextNode(" " + [meta.area, meta.date].filter(Boolean).join(" \u00b7 "))
      ]),
      body
    ]);
  };

  /* How many filters are chosen, on the control that opens them (the panel may be closed). */
  Search.prototype.showChosen = function () {
    var filters = this.state.filters;
    var chosen = Object.keys(filters).reduce(function (n, key) { return n + filters[key].length; }, 0);
    if (this.chosen) this.chosen.textContent = chosen ? "(" + chosen + " chosen)" : "";
  };

  Search.prototype.renderFacets = function (counts) {
    var self = this;
    /* Drawn again with new counts: the box the reader just chose keeps its place on the screen and the focus
       (the page does not jump), and the panel keeps its height while it is redrawn. */
    var active = document.activeElement;
    var keep = active && active.closest && active.closest("#kb-facets") && active.getAttribute("data-key") !== null
      ? { key: active.getAttribute("data-key"), value: active.value, top: active.getBoundingClientRect().top } : null;
    this.facets.style.minHeight = this.facets.offsetHeight + "px";
    this.facets.textContent = "";
    this.showChosen();
    facets().forEach(function (facet) {
      var key = facet[0];
      var values = Object.assign({}, counts[key] || {});
      (self.state.filters[key] || []).forEach(function (v) { if (!(v in values)) values[v] = 0; });
      var names = Object.keys(values).filter(function (v) {
        return values[v] > 0 || (self.state.filters[key] || []).indexOf(v) >= 0;
      });
      if (!names.length) return;
      names.sort(function (a, b) { return key === "year" ? b.localeCompare(a) : values[b] - values[a] || a.localeCompare(b); });
      var chosen = self.state.filters[key] || [];
      var group = el("fieldset", { class: "kb-facet" }, [el("legend", { text: facet[1] })]);
      names.forEach(function (value, index) {
        var id = "kb-f-" + key + "-" + index;
        var box = el("input", { type: "checkbox", id: id, value: value, "data-key": key });
        box.checked = chosen.indexOf(value) >= 0;
        box.addEventListener("change", function () {
          var list = (self.state.filters[key] || []).filter(function (v) { return v !== value; });
          if (box.checked) list.push(value);
          if (list.length) self.state.filters[key] = list; else delete self.state.filters[key];
          self.showChosen();
          self.search();
        });
        group.appendChild(el("div", { class: "kb-facet__option" }, [
          box, el("label", { for: id }, [document.createTextNode(value + " "),
            el("span", { class: "kb-facet__count", text: "(" + values[value] + ")" })])
        ]));
      });
      self.facets.appendChild(group);
    });
    this.facets.style.minHeight = "";
    if (keep) {
      var again = Array.prototype.filter.call(this.facets.querySelectorAll("input"), function (box) {
        return box.getAttribute("data-key") === keep.key && box.value === keep.value;
      })[0];
      if (again) {
        again.focus({ preventScroll: true });
        window.scrollBy(0, again.getBoundingClientRect().top - keep.top);
      }
    }
  };

  function start() {
    var root = document.getElementById("kb-search");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var search = new Search(root);
    search.focusOnArrival = !!search.state.q;
    search.search();
    if (!search.state.q) search.input.focus();
  }

  /* Start as soon as the page is parsed; Material's instant navigation announces later pages on document$. */
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  document.addEventListener("DOMContentLoaded", function () {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(start);
  });
})();
