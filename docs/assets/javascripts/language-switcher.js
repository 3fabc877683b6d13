// The language switcher leads to the page being read, in the other language.
//
// Material's instant navigation replaces the page body but keeps the header of the first page
// loaded, so the header's language links would keep pointing at that first page. Each page
// carries its own links (overrides/main.html); on every page shown, they are copied into the
// header. A language link is then followed as a full page load: the header, the search index
// and the language of the whole interface change with it.
(() => {
  "use strict";

  const HEADER_LINKS = ".md-select__link[hreflang]";

  function pageLinks() {
    const links = new Map();
    for (const link of document.querySelectorAll("[data-page-alternates] a[hreflang]"))
      links.set(link.hreflang, link.href);
    return links;
  }

  function updateHeader() {
    const links = pageLinks();
    for (const link of document.querySelectorAll(HEADER_LINKS)) {
      const target = links.get(link.hreflang);
      if (target) link.href = target;
    }
  }

  // Capture phase, before Material's own click handlers, which would navigate instantly.
  window.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element && event.target.closest(HEADER_LINKS);
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      updateHeader();
      event.preventDefault();
      event.stopImmediatePropagation();
      window.location.assign(link.href);
    },
    true,
  );

  if (window.document$) window.document$.subscribe(updateHeader);
  else updateHeader();
})();
