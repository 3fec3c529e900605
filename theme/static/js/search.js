// Starts Pagefind's search UI on the search page and runs the query from ?q= (the header's search box).
(function () {
  "use strict";

  function start() {
    var element = document.getElementById("search");
    if (!element || typeof window.PagefindUI === "undefined") {
      return;
    }
    // An absolute bundle URL keeps results and assets right under a sub-path such as /briefings/.
    var bundlePath = new URL(element.getAttribute("data-bundle-path") || "../pagefind/", document.baseURI).href;
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundlePath,
      baseUrl: new URL("..", bundlePath).pathname,
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      pageSize: 10,
      // Filters start open beside the results on wide screens; on phones they would push the results down.
      openFilters: window.matchMedia("(min-width: 60rem)").matches ? ["region"] : [],
      translations: { placeholder: "Search briefings", zero_results: "No briefings match [SEARCH_TERM]" }
    });
    // Pagefind's input has only a placeholder: give it a visible label (it exists only with JavaScript).
    var input = element.querySelector(".pagefind-ui__search-input");
    if (input) {
      input.id = "search-input";
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.className = "search-label";
      label.textContent = "Search briefings";
      element.parentNode.insertBefore(label, element);
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
    var header = document.getElementById("site-search-q");
    if (header && query) {
      header.value = query;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
